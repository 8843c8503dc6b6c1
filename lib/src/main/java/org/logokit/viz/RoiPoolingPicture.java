package org.logokit.viz;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.DataType;
import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.geom.Ellipse2D;
import java.awt.geom.Rectangle2D;
import java.awt.image.BufferedImage;
import java.util.Locale;
import java.util.Objects;
import org.logokit.detect.rcnn.PoolerKind;

/**
 * What each RoI pooling reads from a feature map, drawn on the map itself (one channel as grey
 * cells), beside the pooled P × P result:
 *
 * <ul>
 *   <li>the region of interest as it really is (blue);
 *   <li>{@link PoolerKind#ROI_POOL}: the box snapped to whole cells (red) and the bins, whose borders
 *       are rounded outwards again: the two quantisations;
 *   <li>{@link PoolerKind#CROP_AND_RESIZE}: the 2P × 2P bilinear samples from corner to corner
 *       (dots) and the 2 × 2 groups each output cell takes the maximum of;
 *   <li>{@link PoolerKind#ROI_ALIGN}: the exact bins and their 2 × 2 bilinear samples (dots).
 * </ul>
 * The geometry follows {@link org.logokit.roi.RoIPool}, {@link org.logokit.roi.CropAndResizePool}
 * and {@link org.logokit.roi.RoIAlign} (aligned, sampling ratio 2); the pooled values come from the
 * op itself. Feature cell i covers input pixels [i / scale, (i + 1) / scale).
 */
public final class RoiPoolingPicture {
    private static final Color ROI = new Color(0x1565C0);
    private static final Color SNAPPED = new Color(0xC62828);
    private static final Color SAMPLES = new Color(0xFFB300);

    private RoiPoolingPicture() {}

    /**
     * The input-pixel region RoIPool really reads for a box: its corners snapped to feature cells
     * (halves rounded away from zero), last cell included.
     *
     * @param roi {x1, y1, x2, y2} input pixels
     * @param spatialScale feature size / input size (1 / stride)
     * @return {x1, y1, x2, y2} of the cells read, input pixels
     */
    public static float[] roiPoolRegion(float[] roi, double spatialScale) {
        double x1 = snap(roi[0] * spatialScale);
        double y1 = snap(roi[1] * spatialScale);
        double x2 = Math.max(snap(roi[2] * spatialScale), x1);
        double y2 = Math.max(snap(roi[3] * spatialScale), y1);
        return new float[] {(float) (x1 / spatialScale), (float) (y1 / spatialScale),
            (float) ((x2 + 1) / spatialScale), (float) ((y2 + 1) / spatialScale)};
    }

    /**
     * Draws one channel of a feature map with what a pooling reads, and its result.
     *
     * @param map (H, W) one channel of the feature map
     * @param roi {x1, y1, x2, y2} input pixels
     * @param spatialScale feature size / input size
     * @param kind which pooling
     * @param pooled (P, P) that pooling's output for this RoI and channel
     * @param cell pixels per feature cell in the picture
     */
    public static BufferedImage render(NDArray map, float[] roi, double spatialScale, PoolerKind kind, NDArray pooled,
            int cell) {
        Objects.requireNonNull(kind, "kind");
        if (map.getShape().dimension() != 2 || pooled.getShape().dimension() != 2) {
            throw new IllegalArgumentException("map must be (H, W) and pooled (P, P); got " + map.getShape() + " and "
                    + pooled.getShape());
        }
        int h = (int) map.getShape().get(0);
        int w = (int) map.getShape().get(1);
        int p = (int) pooled.getShape().get(0);
        float[] values = map.toType(DataType.FLOAT32, false).toFloatArray();
        float[] out = pooled.toType(DataType.FLOAT32, false).toFloatArray();
        int title = 22;
        int gap = 16;
        int outCell = Math.max(cell, 24);
        BufferedImage image = new BufferedImage(w * cell + gap + p * outCell + 2, Math.max(h * cell, p * outCell) + title
                + 2, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        try {
            g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
            g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
            g.setColor(Color.WHITE);
            g.fillRect(0, 0, image.getWidth(), image.getHeight());
            g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 13));
            g.setColor(Color.DARK_GRAY);
            g.drawString(titleOf(kind, p), 2, 15);
            g.translate(0, title);
            drawCells(g, values, w, h, cell, Double.NaN, Double.NaN, false);
            double s = spatialScale;
            g.setStroke(new BasicStroke(2.5f));
            g.setColor(ROI);
            g.draw(new Rectangle2D.Double(roi[0] * s * cell, roi[1] * s * cell, (roi[2] - roi[0]) * s * cell,
                    (roi[3] - roi[1]) * s * cell));
            switch (kind) {
                case ROI_POOL -> drawRoiPool(g, roi, s, p, w, h, cell);
                case CROP_AND_RESIZE -> drawCropAndResize(g, roi, s, p, cell);
                case ROI_ALIGN -> drawRoiAlign(g, roi, s, p, cell);
            }
            g.translate(w * cell + gap, 0);
            drawCells(g, out, p, p, outCell, Double.NaN, Double.NaN, true);
        } finally {
            g.dispose();
        }
        return image;
    }

    private static String titleOf(PoolerKind kind, int p) {
        return switch (kind) {
            case ROI_POOL -> "RoIPool: box snapped to cells, bins rounded (" + p + "x" + p + ")";
            case CROP_AND_RESIZE -> "Crop-and-resize: " + 2 * p + "x" + 2 * p + " samples, 2x2 max (" + p + "x" + p
                    + ")";
            case ROI_ALIGN -> "RoIAlign: exact bins, 2x2 samples each (" + p + "x" + p + ")";
        };
    }

    private static void drawRoiPool(Graphics2D g, float[] roi, double s, int p, int w, int h, int cell) {
        double x1 = snap(roi[0] * s);
        double y1 = snap(roi[1] * s);
        double x2 = snap(roi[2] * s);
        double y2 = snap(roi[3] * s);
        double lenX = Math.max(x2 - x1 + 1, 1);
        double lenY = Math.max(y2 - y1 + 1, 1);
        g.setColor(SNAPPED);
        g.setStroke(new BasicStroke(1.5f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10f, new float[] {4f, 3f}, 0f));
        for (int j = 0; j < p; j++) {
            for (int i = 0; i < p; i++) {
                double bx1 = clamp(Math.floor(i * lenX / p) + x1, w);
                double bx2 = clamp(Math.ceil((i + 1) * lenX / p) + x1, w);
                double by1 = clamp(Math.floor(j * lenY / p) + y1, h);
                double by2 = clamp(Math.ceil((j + 1) * lenY / p) + y1, h);
                g.draw(new Rectangle2D.Double(bx1 * cell + 1, by1 * cell + 1, (bx2 - bx1) * cell - 2,
                        (by2 - by1) * cell - 2));
            }
        }
        g.setStroke(new BasicStroke(2.5f));
        g.draw(new Rectangle2D.Double(x1 * cell, y1 * cell, (x2 - x1 + 1) * cell, (y2 - y1 + 1) * cell));
    }

    private static void drawCropAndResize(Graphics2D g, float[] roi, double s, int p, int cell) {
        int n = 2 * p;
        double x1 = roi[0] * s;
        double y1 = roi[1] * s;
        double stepX = (roi[2] - roi[0]) * s / (n - 1);
        double stepY = (roi[3] - roi[1]) * s / (n - 1);
        g.setStroke(new BasicStroke(1f));
        for (int j = 0; j < n; j += 2) {
            for (int i = 0; i < n; i += 2) {
                // the 2 x 2 group of samples one output cell takes the maximum of
                double gx = (x1 + i * stepX + 0.5) * cell;
                double gy = (y1 + j * stepY + 0.5) * cell;
                g.setColor(SNAPPED);
                g.draw(new Rectangle2D.Double(gx - 3, gy - 3, stepX * cell + 6, stepY * cell + 6));
            }
        }
        dots(g, x1, y1, stepX, stepY, n, n, cell);
    }

    private static void drawRoiAlign(Graphics2D g, float[] roi, double s, int p, int cell) {
        double x1 = roi[0] * s;
        double y1 = roi[1] * s;
        double binX = (roi[2] - roi[0]) * s / p;
        double binY = (roi[3] - roi[1]) * s / p;
        g.setColor(ROI);
        g.setStroke(new BasicStroke(1f));
        for (int i = 1; i < p; i++) {
            g.draw(new java.awt.geom.Line2D.Double((x1 + i * binX) * cell, y1 * cell, (x1 + i * binX) * cell,
                    (y1 + p * binY) * cell));
            g.draw(new java.awt.geom.Line2D.Double(x1 * cell, (y1 + i * binY) * cell, (x1 + p * binX) * cell,
                    (y1 + i * binY) * cell));
        }
        // aligned: sample k of a bin at start + (k + 0.5) * bin / 2 in map coordinates (centres at
        // integers, so a corner-based cell coordinate is the same value)
        dots(g, x1 + binX / 4 - 0.5, y1 + binY / 4 - 0.5, binX / 2, binY / 2, 2 * p, 2 * p, cell);
    }

    /** Dots at map coordinates (x0 + i * dx, y0 + j * dy), pixel centres at integers. */
    private static void dots(Graphics2D g, double x0, double y0, double dx, double dy, int nx, int ny, int cell) {
        g.setColor(SAMPLES);
        double r = Math.max(2, cell / 10.0);
        for (int j = 0; j < ny; j++) {
            for (int i = 0; i < nx; i++) {
                double x = (x0 + i * dx + 0.5) * cell;
                double y = (y0 + j * dy + 0.5) * cell;
                g.fill(new Ellipse2D.Double(x - r, y - r, 2 * r, 2 * r));
            }
        }
    }

    private static void drawCells(Graphics2D g, float[] values, int w, int h, int cell, double low, double high,
            boolean labels) {
        double min = Double.isNaN(low) ? Double.POSITIVE_INFINITY : low;
        double max = Double.isNaN(high) ? Double.NEGATIVE_INFINITY : high;
        for (float v : values) {
            min = Math.min(min, v);
            max = Math.max(max, v);
        }
        double range = max - min > 0 ? max - min : 1;
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, Math.max(8, cell / 3)));
        FontMetrics metrics = g.getFontMetrics();
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                float v = values[y * w + x];
                int grey = (int) Math.round(40 + 200 * (v - min) / range);
                Color fill = new Color(grey, grey, grey);
                g.setColor(fill);
                g.fillRect(x * cell, y * cell, cell, cell);
                g.setColor(new Color(255, 255, 255, 60));
                g.drawRect(x * cell, y * cell, cell, cell);
                if (labels) {
                    String text = String.format(Locale.ROOT, Math.abs(v) >= 10 ? "%.0f" : "%.1f", v);
                    g.setColor(Palette.textOn(fill));
                    g.drawString(text, x * cell + (cell - metrics.stringWidth(text)) / 2,
                            y * cell + (cell + metrics.getAscent() - metrics.getDescent()) / 2);
                }
            }
        }
    }

    private static double clamp(double v, int size) {
        return Math.max(0, Math.min(size, v));
    }

    /** C's round(): halves away from zero, as RoIPool snaps. */
    private static double snap(double v) {
        return Math.signum(v) * Math.floor(Math.abs(v) + 0.5);
    }
}
