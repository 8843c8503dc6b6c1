package org.logokit.viz;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.geom.Line2D;
import java.awt.geom.Rectangle2D;
import java.awt.image.BufferedImage;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.jfree.chart.JFreeChart;
import org.logokit.box.BoxCheck;
import org.logokit.box.IoU;
import org.logokit.box.IoUKind;

/**
 * Pictures of the IoU family ({@link IoU}): pairs of boxes with their IoU, GIoU, DIoU and CIoU
 * written under them, and the four measures as one box slides past another.
 *
 * <p>In {@link #pairs} box A is blue, box B orange, their smallest enclosing box C dashed grey
 * (what GIoU penalises) and the line between the centres green (what DIoU penalises). Boxes are
 * XYXY in any unit; each panel is scaled to fit.
 */
public final class OverlapPicture {
    private OverlapPicture() {}

    /**
     * Two boxes to compare.
     *
     * @param title shown above the panel
     * @param a XYXY box A
     * @param b XYXY box B
     */
    public record Pair(String title, double[] a, double[] b) {}

    /**
     * One panel per pair of boxes.
     *
     * @param pairs the pairs, e.g. {@code List.of(new Pair("seed", a, b))}
     * @param panelSize side of each square panel in pixels
     * @return a picture, pairs side by side
     */
    public static BufferedImage pairs(List<Pair> pairs, int panelSize) {
        if (pairs.isEmpty()) {
            throw new IllegalArgumentException("Need at least one pair of boxes");
        }
        if (panelSize < 120) {
            throw new IllegalArgumentException("panelSize must be at least 120 pixels");
        }
        int textHeight = 78;
        BufferedImage out = new BufferedImage(pairs.size() * panelSize, panelSize + textHeight,
                BufferedImage.TYPE_INT_RGB);
        Graphics2D g = out.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, out.getWidth(), out.getHeight());
        for (int p = 0; p < pairs.size(); p++) {
            double[] a = pairs.get(p).a();
            double[] b = pairs.get(p).b();
            BoxCheck.requireBox(a, "A of pair " + p);
            BoxCheck.requireBox(b, "B of pair " + p);
            int x0 = p * panelSize;
            double[] c = {Math.min(a[0], b[0]), Math.min(a[1], b[1]), Math.max(a[2], b[2]),
                Math.max(a[3], b[3])};
            double span = Math.max(c[2] - c[0], c[3] - c[1]);
            double scale = (panelSize - 30) / Math.max(span, 1e-9);
            double ox = x0 + (panelSize - (c[2] - c[0]) * scale) / 2 - c[0] * scale;
            double oy = 22 + (panelSize - 30 - (c[3] - c[1]) * scale) / 2 - c[1] * scale;
            g.setColor(new Color(0x999999));
            g.setStroke(new BasicStroke(1.5f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10f,
                    new float[] {6, 4}, 0f));
            g.draw(rect(c, scale, ox, oy));
            g.setStroke(new BasicStroke(3f));
            g.setColor(withAlpha(Palette.color(0), 60));
            g.fill(rect(a, scale, ox, oy));
            g.setColor(withAlpha(Palette.color(1), 60));
            g.fill(rect(b, scale, ox, oy));
            g.setColor(Palette.color(0));
            g.draw(rect(a, scale, ox, oy));
            g.setColor(Palette.color(1));
            g.draw(rect(b, scale, ox, oy));
            g.setColor(Palette.color(2));
            g.setStroke(new BasicStroke(2f));
            g.draw(new Line2D.Double(ox + (a[0] + a[2]) / 2 * scale, oy + (a[1] + a[3]) / 2 * scale,
                    ox + (b[0] + b[2]) / 2 * scale, oy + (b[1] + b[3]) / 2 * scale));
            g.setColor(Color.BLACK);
            g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 13));
            g.drawString(pairs.get(p).title(), x0 + 8, 16);
            g.setFont(new Font(Font.MONOSPACED, Font.PLAIN, 13));
            int y = panelSize + 12;
            for (IoUKind kind : IoUKind.values()) {
                g.drawString(String.format(Locale.ROOT, "%-5s %7.3f", kind.name(), IoU.of(a, b, kind)),
                        x0 + 12, y);
                y += 16;
            }
            g.setColor(new Color(0xDDDDDD));
            g.drawLine(x0 + panelSize - 1, 0, x0 + panelSize - 1, out.getHeight());
        }
        g.dispose();
        return out;
    }

    /**
     * IoU, GIoU, DIoU and CIoU while box {@code moving} is shifted horizontally by dx against
     * {@code fixed}: IoU is flat at 0 once the boxes separate, the others keep falling, which is
     * why they still give a gradient there.
     *
     * @param fixed XYXY box that stays
     * @param moving XYXY box that is shifted by dx
     * @param fromDx first shift
     * @param toDx last shift
     * @param steps number of shifts, at least 2
     * @return a line chart with one series per measure
     */
    public static JFreeChart againstShift(double[] fixed, double[] moving, double fromDx,
            double toDx, int steps) {
        BoxCheck.requireBox(fixed, "fixed");
        BoxCheck.requireBox(moving, "moving");
        if (steps < 2 || !(toDx > fromDx)) {
            throw new IllegalArgumentException("Need at least 2 steps and toDx > fromDx");
        }
        double[] x = new double[steps];
        Map<String, double[]> series = new LinkedHashMap<>();
        for (IoUKind kind : IoUKind.values()) {
            series.put(kind.name(), new double[steps]);
        }
        for (int i = 0; i < steps; i++) {
            double dx = fromDx + (toDx - fromDx) * i / (steps - 1);
            x[i] = dx;
            double[] shifted = {moving[0] + dx, moving[1], moving[2] + dx, moving[3]};
            for (IoUKind kind : IoUKind.values()) {
                series.get(kind.name())[i] = IoU.of(fixed, shifted, kind);
            }
        }
        return Charts.line("Overlap while one box slides past the other", "shift dx (pixels)",
                "value", x, series);
    }

    private static Rectangle2D rect(double[] box, double scale, double ox, double oy) {
        return new Rectangle2D.Double(ox + box[0] * scale, oy + box[1] * scale,
                Math.max(1, (box[2] - box[0]) * scale), Math.max(1, (box[3] - box[1]) * scale));
    }

    private static Color withAlpha(Color c, int alpha) {
        return new Color(c.getRed(), c.getGreen(), c.getBlue(), alpha);
    }
}
