package org.logokit.viz;

import java.awt.AlphaComposite;
import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * SSD's default boxes drawn on an image: per feature map, the map's grid and the default boxes of
 * chosen locations (one panel per map); and the boxes a training step uses (matched positives or
 * mined hard negatives) over the ground truth.
 *
 * <p>Default boxes are given as one flat XYXY pixel array in SSD's order: map by map, then row,
 * column and box, with {@code boxesPerLocation[k]} boxes at each of the {@code mapSizes[k]²}
 * locations of map k.
 */
public final class DefaultBoxPicture {
    private DefaultBoxPicture() {}

    /**
     * One panel per feature map, side by side (wrapping after {@code columns}): the map's grid and
     * the default boxes of the location under each point.
     *
     * @param image the network input
     * @param defaultBoxes (N * 4) XYXY pixels in SSD's order
     * @param mapSizes side of each map
     * @param boxesPerLocation default boxes per location of each map
     * @param points pixel points (x, y), e.g. the centres of the logos; each picks the location of
     *     its cell on every map
     * @param columns panels per row
     */
    public static BufferedImage perMap(BufferedImage image, float[] defaultBoxes, int[] mapSizes,
            int[] boxesPerLocation, float[][] points, int columns) {
        Objects.requireNonNull(image, "image");
        if (mapSizes.length != boxesPerLocation.length) {
            throw new IllegalArgumentException("one boxes-per-location count per map is needed");
        }
        int w = image.getWidth();
        int h = image.getHeight();
        int gap = 6;
        int caption = 20;
        int rows = (mapSizes.length + columns - 1) / columns;
        BufferedImage out = new BufferedImage(columns * (w + gap), rows * (h + caption + gap), BufferedImage.TYPE_INT_RGB);
        Graphics2D g = GridPicture.graphics(out);
        try {
            g.setColor(Color.WHITE);
            g.fillRect(0, 0, out.getWidth(), out.getHeight());
            int start = 0;
            for (int k = 0; k < mapSizes.length; k++) {
                int x0 = (k % columns) * (w + gap);
                int y0 = (k / columns) * (h + caption + gap);
                g.setColor(Color.BLACK);
                g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 13));
                g.drawString(String.format(Locale.ROOT, "map %d: %d x %d, %d boxes per cell", k + 1, mapSizes[k],
                        mapSizes[k], boxesPerLocation[k]), x0 + 2, y0 + 15);
                g.drawImage(image, x0, y0 + caption, null);
                int f = mapSizes[k];
                g.setColor(new Color(255, 255, 255, 120));
                g.setStroke(new BasicStroke(1f));
                if (f <= 40) {
                    for (int j = 1; j < f; j++) {
                        int gx = x0 + (int) Math.round(j * w / (double) f);
                        int gy = y0 + caption + (int) Math.round(j * h / (double) f);
                        g.drawLine(gx, y0 + caption, gx, y0 + caption + h);
                        g.drawLine(x0, gy, x0 + w, gy);
                    }
                }
                g.setClip(x0, y0 + caption, w, h);
                for (float[] p : points) {
                    int column = Math.min(f - 1, Math.max(0, (int) (p[0] / w * f)));
                    int row = Math.min(f - 1, Math.max(0, (int) (p[1] / h * f)));
                    int first = start + (row * f + column) * boxesPerLocation[k];
                    for (int b = 0; b < boxesPerLocation[k]; b++) {
                        g.setColor(Palette.color(b));
                        g.setStroke(new BasicStroke(2f));
                        drawBox(g, defaultBoxes, first + b, x0, y0 + caption);
                    }
                }
                g.setClip(null);
                start += f * f * boxesPerLocation[k];
            }
        } finally {
            g.dispose();
        }
        return out;
    }

    /**
     * The ground truth and a set of default boxes over it (e.g. the positives of a match in the
     * object's colour, or the mined hard negatives in red).
     *
     * @param image the network input
     * @param gtBoxes XYXY pixel boxes of the logos
     * @param labels one label per logo
     * @param defaultBoxes (N * 4) XYXY pixels
     * @param selected indices of the default boxes to draw
     * @param owner for each selected box the logo it belongs to (its colour), or -1 to draw it red
     * @param zoom scale factor of the picture
     */
    public static BufferedImage selected(BufferedImage image, float[][] gtBoxes, List<String> labels,
            float[] defaultBoxes, int[] selected, int[] owner, int zoom) {
        if (selected.length != owner.length) {
            throw new IllegalArgumentException("one owner per selected box is needed");
        }
        BufferedImage out = GridPicture.zoomed(image, zoom);
        Graphics2D g = GridPicture.graphics(out);
        try {
            g.setComposite(AlphaComposite.getInstance(AlphaComposite.SRC_OVER, 0.8f));
            g.setStroke(new BasicStroke(1.5f));
            for (int i = 0; i < selected.length; i++) {
                g.setColor(owner[i] < 0 ? Color.RED : Palette.forLabel(labels.get(owner[i])));
                drawBox(g, defaultBoxes, selected[i], 0, 0, zoom);
            }
        } finally {
            g.dispose();
        }
        return BoxPainter.draw(out, GridPicture.scaledBoxes(gtBoxes, labels, zoom));
    }

    private static void drawBox(Graphics2D g, float[] boxes, int index, int dx, int dy) {
        drawBox(g, boxes, index, dx, dy, 1);
    }

    private static void drawBox(Graphics2D g, float[] boxes, int index, int dx, int dy, int zoom) {
        float x1 = boxes[4 * index] * zoom;
        float y1 = boxes[4 * index + 1] * zoom;
        float x2 = boxes[4 * index + 2] * zoom;
        float y2 = boxes[4 * index + 3] * zoom;
        g.drawRect(dx + Math.round(x1), dy + Math.round(y1), Math.round(x2 - x1), Math.round(y2 - y1));
    }
}
