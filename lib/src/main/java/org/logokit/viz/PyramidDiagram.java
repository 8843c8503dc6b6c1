package org.logokit.viz;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.geom.Path2D;
import java.awt.image.BufferedImage;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import org.logokit.detect.Backbone;
import org.logokit.detect.fpn.FeaturePyramid;

/**
 * Draws a feature pyramid network's two pathways for a given backbone, pyramid and input size,
 * with the real map sizes and channel counts, so the picture always matches the model a chapter
 * trains:
 *
 * <ul>
 *   <li>left, bottom to top: the <b>bottom-up pathway</b> (the image, then C2..C5, each half the
 *       size of the one below, boxes drawn in proportion to the map side);
 *   <li>middle: the <b>lateral</b> 1×1 convolutions into the <b>top-down pathway</b> (⊕ nodes fed
 *       from above by ×2 nearest upsampling);
 *   <li>right: the 3×3 smoothing convolutions to the outputs P_l, and the extra levels (P6 by
 *       max-pooling or P6 / P7 by stride-2 convolutions).
 * </ul>
 * Levels the pyramid does not read are drawn grey.
 */
public final class PyramidDiagram {
    private static final Color BOTTOM_UP = new Color(0x1F77B4);
    private static final Color TOP_DOWN = new Color(0xFF7F0E);
    private static final Color OUTPUT = new Color(0x2CA02C);
    private static final Color UNUSED = new Color(0xBBBBBB);
    private static final Color INK = new Color(0x333333);
    private static final int ROW = 92;

    private PyramidDiagram() {}

    /**
     * Renders the diagram.
     *
     * @param backbone the backbone (its width gives the C channel counts)
     * @param pyramid the pyramid
     * @param imageSize side of the square input image in pixels
     * @return an RGB picture about 900 × 700 pixels
     */
    public static BufferedImage draw(Backbone backbone, FeaturePyramid pyramid, int imageSize) {
        Objects.requireNonNull(backbone, "backbone");
        Objects.requireNonNull(pyramid, "pyramid");
        List<String> inputs = pyramid.config().inputs();
        List<String> outputs = pyramid.levels();
        int extra = pyramid.config().extra().count();
        int rows = 4 + extra; // C2..C5 plus the extra levels, stacked upward above the image
        int width = 920;
        int height = 130 + (rows + 1) * ROW;
        BufferedImage picture = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = picture.createGraphics();
        try {
            g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
            g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
            g.setColor(Color.WHITE);
            g.fillRect(0, 0, width, height);
            Font label = new Font(Font.SANS_SERIF, Font.PLAIN, 13);
            Font bold = new Font(Font.SANS_SERIF, Font.BOLD, 14);
            g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 17));
            g.setColor(INK);
            g.drawString(String.format(Locale.ROOT, "Feature pyramid on a %s-width ResNet-18, %d x %d input, width %d",
                    backbone.config().width().name().toLowerCase(Locale.ROOT), imageSize, imageSize,
                    pyramid.config().width()), 20, 28);
            g.setFont(label);
            g.setColor(BOTTOM_UP);
            g.drawString("bottom-up pathway (backbone)", 30, 52);
            g.setColor(TOP_DOWN);
            g.drawString("top-down pathway", 380, 52);
            g.setColor(OUTPUT);
            g.drawString("outputs", 700, 52);

            int[] sides = mapSides(imageSize, rows);
            int xC = 140;
            int xM = 450;
            int xP = 740;
            int imageY = y(height, -1);
            // the image at the bottom
            drawBox(g, xC, imageY, 120, 44, new Color(0xEEEEEE), INK, "image " + imageSize + "x" + imageSize, label);
            int previousTop = imageY - 22;
            Integer previousM = null;
            for (int r = 0; r < 4; r++) {
                String c = Backbone.LEVELS.get(r);
                int cy = y(height, r);
                int side = sides[r];
                boolean used = inputs.contains(c);
                Color colour = used ? BOTTOM_UP : UNUSED;
                int w = 40 + (int) Math.round(100.0 * side / sides[0]);
                arrow(g, xC, previousTop, xC, cy + 22, colour, 2f);
                drawBox(g, xC, cy, w, 44, lighter(colour), colour, String.format(Locale.ROOT, "%s  %dx%dx%d", c, side,
                        side, backbone.channels(c)), label);
                previousTop = cy - 22;
            }
            // lateral, top-down and output columns, from the deepest input downward
            for (int i = inputs.size() - 1; i >= 0; i--) {
                int r = Backbone.LEVELS.indexOf(inputs.get(i));
                int cy = y(height, r);
                arrow(g, xC + 75, cy, xM - 18, cy, TOP_DOWN, 2f);
                caption(g, "1x1 conv", (xC + 75 + xM - 18) / 2, cy - 6, TOP_DOWN, label);
                circlePlus(g, xM, cy, TOP_DOWN, i < inputs.size() - 1);
                if (previousM != null) {
                    arrow(g, xM, previousM + 18, xM, cy - 18, TOP_DOWN, 2f);
                    caption(g, "x2 nearest", xM + 52, (previousM + cy) / 2 + 4, TOP_DOWN, label);
                }
                previousM = cy;
                arrow(g, xM + 18, cy, xP - 60, cy, OUTPUT, 2f);
                caption(g, "3x3 conv", (xM + 18 + xP - 60) / 2, cy - 6, OUTPUT, label);
                drawBox(g, xP, cy, 120, 44, lighter(OUTPUT), OUTPUT, String.format(Locale.ROOT, "%s  %dx%d",
                        outputs.get(i), sides[r], sides[r]), bold);
            }
            // extra levels above P5
            FeaturePyramid.Extra kind = pyramid.config().extra();
            for (int k = 0; k < extra; k++) {
                int r = 4 + k;
                int cy = y(height, r);
                int fromY = y(height, r - 1);
                String name = outputs.get(inputs.size() + k);
                String how;
                if (kind == FeaturePyramid.Extra.MAX_POOL) {
                    how = "max-pool, stride 2";
                    arrow(g, xP, fromY - 22, xP, cy + 22, OUTPUT, 2f);
                } else if (k == 0 && kind == FeaturePyramid.Extra.P6P7_FROM_C5) {
                    how = "3x3 conv, stride 2, from C5";
                    Path2D path = new Path2D.Double();
                    path.moveTo(xC, fromY - 22);
                    path.lineTo(xC, cy);
                    path.lineTo(xP - 64, cy);
                    g.setColor(OUTPUT);
                    g.setStroke(new BasicStroke(2f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10f,
                            new float[] {6f, 4f}, 0f));
                    g.draw(path);
                    arrowHead(g, xP - 64, cy, 1, 0, OUTPUT);
                } else {
                    how = k == 0 ? "3x3 conv, stride 2" : "ReLU, 3x3 conv, stride 2";
                    arrow(g, xP, fromY - 22, xP, cy + 22, OUTPUT, 2f);
                }
                drawBox(g, xP, cy, 120, 44, lighter(OUTPUT), OUTPUT, String.format(Locale.ROOT, "%s  %dx%d", name,
                        sides[r], sides[r]), bold);
                caption(g, how, xP - 150, cy + (kind == FeaturePyramid.Extra.P6P7_FROM_C5 && k == 0 ? -8 : 42),
                        OUTPUT, label);
            }
            g.setColor(INK);
            g.setFont(label);
            g.drawString("Every output level has " + pyramid.config().width() + " channels; stride of P_l = 2^l pixels.",
                    20, height - 16);
        } finally {
            g.dispose();
        }
        return picture;
    }

    /** Map sides of C2..C5 and the extra levels: every stride-2 step rounds up. */
    private static int[] mapSides(int imageSize, int rows) {
        int[] sides = new int[rows];
        int side = ceilHalf(ceilHalf(imageSize)); // stem conv stride 2, max-pool stride 2
        for (int r = 0; r < rows; r++) {
            sides[r] = side;
            side = ceilHalf(side);
        }
        return sides;
    }

    private static int ceilHalf(int v) {
        return (v + 1) / 2;
    }

    /** Centre y of row r (r = -1 is the image), rows stacked upward. */
    private static int y(int height, int r) {
        return height - 80 - (r + 1) * ROW;
    }

    private static Color lighter(Color c) {
        return new Color((c.getRed() + 3 * 255) / 4, (c.getGreen() + 3 * 255) / 4, (c.getBlue() + 3 * 255) / 4);
    }

    private static void drawBox(Graphics2D g, int cx, int cy, int w, int h, Color fill, Color edge, String text,
            Font font) {
        g.setFont(font);
        FontMetrics m = g.getFontMetrics();
        int boxWidth = Math.max(w, m.stringWidth(text) + 16);
        g.setColor(fill);
        g.fillRoundRect(cx - boxWidth / 2, cy - h / 2, boxWidth, h, 10, 10);
        g.setColor(edge);
        g.setStroke(new BasicStroke(2f));
        g.drawRoundRect(cx - boxWidth / 2, cy - h / 2, boxWidth, h, 10, 10);
        g.setColor(INK);
        g.drawString(text, cx - m.stringWidth(text) / 2, cy + (m.getAscent() - m.getDescent()) / 2);
    }

    private static void circlePlus(Graphics2D g, int cx, int cy, Color colour, boolean sum) {
        g.setColor(Color.WHITE);
        g.fillOval(cx - 18, cy - 18, 36, 36);
        g.setColor(colour);
        g.setStroke(new BasicStroke(2f));
        g.drawOval(cx - 18, cy - 18, 36, 36);
        if (sum) {
            g.drawLine(cx - 9, cy, cx + 9, cy);
            g.drawLine(cx, cy - 9, cx, cy + 9);
        } else {
            g.fillOval(cx - 4, cy - 4, 8, 8);
        }
    }

    private static void caption(Graphics2D g, String text, int cx, int baseline, Color colour, Font font) {
        g.setFont(font);
        g.setColor(colour.darker());
        FontMetrics m = g.getFontMetrics();
        g.drawString(text, cx - m.stringWidth(text) / 2, baseline);
    }

    private static void arrow(Graphics2D g, int x1, int y1, int x2, int y2, Color colour, float width) {
        g.setColor(colour);
        g.setStroke(new BasicStroke(width));
        g.drawLine(x1, y1, x2, y2);
        double length = Math.hypot(x2 - x1, y2 - y1);
        if (length > 0) {
            arrowHead(g, x2, y2, (x2 - x1) / length, (y2 - y1) / length, colour);
        }
    }

    private static void arrowHead(Graphics2D g, int x, int y, double dx, double dy, Color colour) {
        Path2D head = new Path2D.Double();
        head.moveTo(x, y);
        head.lineTo(x - 10 * dx - 5 * dy, y - 10 * dy + 5 * dx);
        head.lineTo(x - 10 * dx + 5 * dy, y - 10 * dy - 5 * dx);
        head.closePath();
        g.setColor(colour);
        g.fill(head);
    }
}
