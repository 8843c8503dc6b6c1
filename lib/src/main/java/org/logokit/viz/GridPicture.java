package org.logokit.viz;

import java.awt.AlphaComposite;
import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * YOLO's grid drawn on an image: which cell owns which logo (v1), and how a cell turns its raw
 * numbers into a box with an anchor prior (v2).
 *
 * <p>Boxes are XYXY pixels of the image given; the grid cuts the image into S × S equal cells. The
 * image is scaled by {@code zoom} for legibility (boxes and grid with it).
 */
public final class GridPicture {
    private static final Color GRID = new Color(255, 255, 255, 150);

    private GridPicture() {}

    /**
     * The owners picture: grid lines, every logo's box and centre, its owning cell shaded in the
     * box's colour, and a cross on the centre of a logo that owns no cell (it lost its cell to a
     * larger one).
     *
     * @param image the network input (S_px × S_px)
     * @param boxes XYXY pixel boxes of the logos
     * @param labels one label per box
     * @param gridSize S
     * @param ownerCell per box the flat cell {@code row * S + column} it owns, or -1
     * @param zoom scale factor of the picture (1 = the image's own size)
     */
    public static BufferedImage owners(BufferedImage image, float[][] boxes, List<String> labels, int gridSize,
            int[] ownerCell, int zoom) {
        Objects.requireNonNull(image, "image");
        if (boxes.length != labels.size() || boxes.length != ownerCell.length) {
            throw new IllegalArgumentException(boxes.length + " boxes, " + labels.size() + " labels and "
                    + ownerCell.length + " owner cells: need one of each per box");
        }
        BufferedImage out = zoomed(image, zoom);
        double cell = image.getWidth() / (double) gridSize * zoom;
        Graphics2D g = graphics(out);
        try {
            for (int i = 0; i < boxes.length; i++) {
                if (ownerCell[i] < 0) {
                    continue;
                }
                int row = ownerCell[i] / gridSize;
                int column = ownerCell[i] % gridSize;
                g.setComposite(AlphaComposite.getInstance(AlphaComposite.SRC_OVER, 0.55f));
                g.setColor(Palette.forLabel(labels.get(i)));
                g.fillRect((int) Math.round(column * cell), (int) Math.round(row * cell), (int) Math.ceil(cell),
                        (int) Math.ceil(cell));
            }
            g.setComposite(AlphaComposite.SrcOver);
            drawGrid(g, out.getWidth(), out.getHeight(), gridSize);
        } finally {
            g.dispose();
        }
        out = BoxPainter.draw(out, scaledBoxes(boxes, labels, zoom));
        g = graphics(out);
        try {
            for (int i = 0; i < boxes.length; i++) {
                double cx = (boxes[i][0] + boxes[i][2]) / 2 * zoom;
                double cy = (boxes[i][1] + boxes[i][3]) / 2 * zoom;
                Color color = Palette.forLabel(labels.get(i));
                if (ownerCell[i] >= 0) {
                    g.setColor(Color.WHITE);
                    g.fillOval((int) cx - 5, (int) cy - 5, 10, 10);
                    g.setColor(color);
                    g.fillOval((int) cx - 3, (int) cy - 3, 6, 6);
                } else {
                    g.setStroke(new BasicStroke(3f));
                    g.setColor(Color.RED);
                    g.drawLine((int) cx - 7, (int) cy - 7, (int) cx + 7, (int) cy + 7);
                    g.drawLine((int) cx - 7, (int) cy + 7, (int) cx + 7, (int) cy - 7);
                }
            }
        } finally {
            g.dispose();
        }
        return out;
    }

    /**
     * One YOLOv2 prediction decoded, step by step: the cell (cx, cy) outlined, the anchor prior
     * (pw, ph) centred on the cell (dashed), the centre σ(tx) + cx, σ(ty) + cy (a dot) and the
     * decoded box pw·e^tw × ph·e^th (solid), with the numbers written beside it.
     *
     * @param image the network input
     * @param gridSize S
     * @param row the cell's row cy
     * @param column the cell's column cx
     * @param anchor the prior (pw, ph) in cells
     * @param t the raw prediction (tx, ty, tw, th)
     * @param zoom scale factor of the picture
     */
    public static BufferedImage decoding(BufferedImage image, int gridSize, int row, int column, float[] anchor,
            float[] t, int zoom) {
        if (anchor.length != 2 || t.length != 4) {
            throw new IllegalArgumentException("anchor is (pw, ph) and t is (tx, ty, tw, th)");
        }
        BufferedImage out = zoomed(image, zoom);
        double cell = image.getWidth() / (double) gridSize * zoom;
        double bx = sigmoid(t[0]) + column;
        double by = sigmoid(t[1]) + row;
        double bw = anchor[0] * Math.exp(t[2]);
        double bh = anchor[1] * Math.exp(t[3]);
        Graphics2D g = graphics(out);
        try {
            drawGrid(g, out.getWidth(), out.getHeight(), gridSize);
            g.setStroke(new BasicStroke(3f));
            g.setColor(Color.YELLOW);
            g.drawRect((int) Math.round(column * cell), (int) Math.round(row * cell), (int) cell, (int) cell);
            g.setColor(Color.WHITE);
            g.setStroke(new BasicStroke(2f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10f, new float[] {8, 6}, 0));
            double ax = (column + 0.5) * cell;
            double ay = (row + 0.5) * cell;
            g.drawRect((int) (ax - anchor[0] * cell / 2), (int) (ay - anchor[1] * cell / 2), (int) (anchor[0] * cell),
                    (int) (anchor[1] * cell));
            g.setStroke(new BasicStroke(3f));
            g.setColor(new Color(0x2CA02C));
            g.drawRect((int) ((bx - bw / 2) * cell), (int) ((by - bh / 2) * cell), (int) (bw * cell), (int) (bh * cell));
            g.setColor(Color.RED);
            g.fillOval((int) (bx * cell) - 5, (int) (by * cell) - 5, 10, 10);
            g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 13));
            String[] lines = {
                String.format(Locale.ROOT, "cell (cx, cy) = (%d, %d), prior (pw, ph) = (%.2f, %.2f) cells", column, row,
                        anchor[0], anchor[1]),
                String.format(Locale.ROOT, "bx = σ(%.2f) + %d = %.2f   by = σ(%.2f) + %d = %.2f", t[0], column, bx, t[1],
                        row, by),
                String.format(Locale.ROOT, "bw = %.2f·e^%.2f = %.2f   bh = %.2f·e^%.2f = %.2f cells", anchor[0], t[2], bw,
                        anchor[1], t[3], bh)
            };
            int y = out.getHeight() - 8 - 18 * (lines.length - 1);
            for (String line : lines) {
                g.setColor(Color.BLACK);
                g.drawString(line, 9, y + 1);
                g.setColor(Color.WHITE);
                g.drawString(line, 8, y);
                y += 18;
            }
        } finally {
            g.dispose();
        }
        return out;
    }

    /**
     * Anchor priors drawn to scale, all centred on the middle of an empty image with the grid: the
     * shapes a YOLOv2 cell starts from.
     *
     * @param title written at the top
     * @param anchors (A, 2) priors (width, height) in cells
     * @param gridSize S
     * @param imageSize side of the input in pixels
     * @param zoom scale factor of the picture
     */
    public static BufferedImage priors(String title, float[][] anchors, int gridSize, int imageSize, int zoom) {
        int side = imageSize * zoom;
        BufferedImage out = new BufferedImage(side, side, BufferedImage.TYPE_INT_RGB);
        double cell = side / (double) gridSize;
        Graphics2D g = graphics(out);
        try {
            g.setColor(new Color(0x303030));
            g.fillRect(0, 0, side, side);
            drawGrid(g, side, side, gridSize);
            g.setStroke(new BasicStroke(3f));
            g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 13));
            for (int a = 0; a < anchors.length; a++) {
                double w = anchors[a][0] * cell;
                double h = anchors[a][1] * cell;
                g.setColor(Palette.color(a));
                g.drawRect((int) Math.round(side / 2.0 - w / 2), (int) Math.round(side / 2.0 - h / 2), (int) Math.round(w),
                        (int) Math.round(h));
                g.drawString(String.format(Locale.ROOT, "%.2f x %.2f", anchors[a][0], anchors[a][1]), 8,
                        side - 10 - 16 * (anchors.length - 1 - a));
            }
            g.setColor(Color.WHITE);
            g.drawString(title, 8, 18);
        } finally {
            g.dispose();
        }
        return out;
    }

    private static double sigmoid(double x) {
        return 1 / (1 + Math.exp(-x));
    }

    private static void drawGrid(Graphics2D g, int width, int height, int gridSize) {
        g.setColor(GRID);
        g.setStroke(new BasicStroke(1f));
        for (int k = 1; k < gridSize; k++) {
            int x = (int) Math.round(k * width / (double) gridSize);
            int y = (int) Math.round(k * height / (double) gridSize);
            g.drawLine(x, 0, x, height);
            g.drawLine(0, y, width, y);
        }
    }

    static BufferedImage zoomed(BufferedImage image, int zoom) {
        if (zoom < 1) {
            throw new IllegalArgumentException("zoom must be at least 1, got " + zoom);
        }
        BufferedImage out = new BufferedImage(image.getWidth() * zoom, image.getHeight() * zoom,
                BufferedImage.TYPE_INT_RGB);
        Graphics2D g = out.createGraphics();
        try {
            g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
            g.drawImage(image, 0, 0, out.getWidth(), out.getHeight(), null);
        } finally {
            g.dispose();
        }
        return out;
    }

    static Graphics2D graphics(BufferedImage image) {
        Graphics2D g = image.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
        return g;
    }

    static List<LabeledBox> scaledBoxes(float[][] boxes, List<String> labels, int zoom) {
        List<LabeledBox> out = new ArrayList<>();
        for (int i = 0; i < boxes.length; i++) {
            out.add(LabeledBox.ofXyxy(boxes[i][0] * zoom, boxes[i][1] * zoom, boxes[i][2] * zoom, boxes[i][3] * zoom,
                    labels.get(i)));
        }
        return out;
    }
}
