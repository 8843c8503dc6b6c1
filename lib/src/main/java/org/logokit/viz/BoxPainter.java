package org.logokit.viz;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Draws labelled boxes on an image, the picture every detection chapter shows.
 *
 * <p>Boxes are pixel coordinates in <b>XYXY</b> format (see {@link LabeledBox}); {@link #drawXywh}
 * takes FlickrLogos-32's {@code x y width height} instead. Each class gets its colour from
 * {@link Palette#forLabel}, and the caption (label, plus the score for predictions) sits on a filled
 * tag above the box, or inside it when the box touches the top edge. The input image is never
 * modified: the methods return an RGB copy, so a notebook can draw ground truth and predictions on
 * the same photo side by side.
 */
public final class BoxPainter {
    private BoxPainter() {}

    /**
     * Returns a copy of {@code image} with {@code boxes} drawn on it.
     *
     * @param image any BufferedImage (it is not changed)
     * @param boxes pixel XYXY boxes; parts outside the image are clipped by the drawing
     */
    public static BufferedImage draw(BufferedImage image, List<LabeledBox> boxes) {
        Objects.requireNonNull(boxes, "boxes");
        List<Style> styles = new ArrayList<>(boxes.size());
        for (LabeledBox box : boxes) {
            styles.add(new Style(Palette.forLabel(box.label()), false));
        }
        return draw(image, boxes, styles);
    }

    /**
     * How one box is drawn when the colour must say something other than its class (e.g. right or
     * wrong in {@link DetectionPanel}).
     *
     * @param color line and tag colour
     * @param dashed a dashed line (e.g. for ground truth) instead of a solid one
     */
    public record Style(Color color, boolean dashed) {
        /** Checks the colour. */
        public Style {
            Objects.requireNonNull(color, "color");
        }
    }

    /**
     * Returns a copy of {@code image} with each box drawn in its own style.
     *
     * @param boxes pixel XYXY boxes
     * @param styles one style per box
     */
    public static BufferedImage draw(BufferedImage image, List<LabeledBox> boxes, List<Style> styles) {
        Objects.requireNonNull(image, "image");
        Objects.requireNonNull(boxes, "boxes");
        if (styles.size() != boxes.size()) {
            throw new IllegalArgumentException(boxes.size() + " boxes but " + styles.size() + " styles");
        }
        BufferedImage copy = new BufferedImage(image.getWidth(), image.getHeight(),
                BufferedImage.TYPE_INT_RGB);
        Graphics2D g = copy.createGraphics();
        try {
            g.drawImage(image, 0, 0, null);
            g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING,
                    RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
            // Line width and font grow with the image so boxes stay visible on large photos.
            int shorter = Math.min(image.getWidth(), image.getHeight());
            float lineWidth = Math.max(2f, shorter / 150f);
            BasicStroke solid = new BasicStroke(lineWidth);
            BasicStroke dashed = new BasicStroke(lineWidth, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10f,
                    new float[] {3 * lineWidth, 2 * lineWidth}, 0f);
            g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, Math.max(11, shorter / 28)));
            for (int i = 0; i < boxes.size(); i++) {
                Style style = styles.get(i);
                g.setStroke(style.dashed() ? dashed : solid);
                drawOne(g, boxes.get(i), style.color(), Math.round(lineWidth), copy.getWidth());
            }
        } finally {
            g.dispose();
        }
        return copy;
    }

    /**
     * Returns a copy of {@code image} with boxes given as FlickrLogos-32 stores them: pixel
     * {@code x y width height} (top-left corner, then size), one row per box.
     *
     * @param xywh rows of four numbers {@code {x, y, width, height}}
     * @param labels one label per row
     */
    public static BufferedImage drawXywh(BufferedImage image, double[][] xywh, List<String> labels) {
        Objects.requireNonNull(xywh, "xywh");
        Objects.requireNonNull(labels, "labels");
        if (xywh.length != labels.size()) {
            throw new IllegalArgumentException(xywh.length + " boxes but " + labels.size()
                    + " labels");
        }
        List<LabeledBox> boxes = new ArrayList<>(xywh.length);
        for (int i = 0; i < xywh.length; i++) {
            if (xywh[i] == null || xywh[i].length != 4) {
                throw new IllegalArgumentException("Box " + i + " must have 4 numbers (x, y, width,"
                        + " height)");
            }
            boxes.add(LabeledBox.ofXywh(xywh[i][0], xywh[i][1], xywh[i][2], xywh[i][3],
                    labels.get(i)));
        }
        return draw(image, boxes);
    }

    private static void drawOne(Graphics2D g, LabeledBox box, Color color, int lineWidth, int imageWidth) {
        int x = (int) Math.round(box.x1());
        int y = (int) Math.round(box.y1());
        int w = (int) Math.round(box.x2()) - x;
        int h = (int) Math.round(box.y2()) - y;
        g.setColor(color);
        g.drawRect(x, y, w, h);

        String caption = box.caption();
        if (caption.isEmpty()) {
            return;
        }
        FontMetrics metrics = g.getFontMetrics();
        int tagWidth = metrics.stringWidth(caption) + 2 * lineWidth + 4;
        int tagHeight = metrics.getHeight();
        int half = lineWidth / 2;
        // Above the box when there is room, else just inside its top edge.
        int tagY = y - half - tagHeight >= 0 ? y - half - tagHeight : y + half;
        // Shifted left when it would run off the right edge (a box near the border keeps its whole label).
        int tagX = Math.max(0, Math.min(x - half, imageWidth - tagWidth));
        g.fillRect(tagX, tagY, tagWidth, tagHeight);
        g.setColor(Palette.textOn(color));
        g.drawString(caption, tagX + lineWidth + 2, tagY + metrics.getAscent());
    }
}
