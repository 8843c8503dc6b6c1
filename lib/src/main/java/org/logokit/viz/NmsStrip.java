package org.logokit.viz;

import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.logokit.box.NmsTrace;

/**
 * Greedy NMS as a strip of pictures ({@link NmsTrace}): the first panel shows every detection, each
 * further panel one step, with the boxes kept so far in green (the one kept at this step thicker),
 * the boxes this step suppresses in red dashes and the boxes still waiting in grey. The image can
 * be cropped to the detections so that small logos stay visible.
 */
public final class NmsStrip {
    private static final Color KEPT = new Color(0x2CA02C);
    private static final Color SUPPRESSED = new Color(0xD62728);
    private static final Color WAITING = new Color(0xBBBBBB);

    private NmsStrip() {}

    /**
     * Draws the strip.
     *
     * @param image the photo (not changed)
     * @param boxes the detections, XYXY pixels of the photo
     * @param scores their scores
     * @param steps the trace of NMS on them
     * @param maxSteps at most this many step panels (the rest are summarised in the caption)
     * @param panelWidth width of each panel in pixels
     * @param crop whether to crop the photo to the detections (with a margin)
     * @return the strip, panels side by side with captions
     */
    public static BufferedImage render(BufferedImage image, float[][] boxes, float[] scores,
            List<NmsTrace.Step> steps, int maxSteps, int panelWidth, boolean crop) {
        if (boxes.length != scores.length) {
            throw new IllegalArgumentException(boxes.length + " boxes but " + scores.length + " scores");
        }
        int[] window = crop ? Pictures.window(image, boxes) : new int[] {0, 0, image.getWidth(), image.getHeight()};
        BufferedImage region = image.getSubimage(window[0], window[1], window[2] - window[0],
                window[3] - window[1]);
        double scale = (double) panelWidth / region.getWidth();
        int panelHeight = (int) Math.round(region.getHeight() * scale);
        int shown = Math.min(maxSteps, steps.size());
        int captionHeight = 34;
        BufferedImage out = new BufferedImage((shown + 1) * (panelWidth + 4),
                panelHeight + captionHeight, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = out.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, out.getWidth(), out.getHeight());
        BufferedImage scaled = Pictures.scaled(region, panelWidth, panelHeight);
        List<Integer> all = new ArrayList<>();
        for (int i = 0; i < boxes.length; i++) {
            all.add(i);
        }
        drawPanel(g, scaled, 0, boxes, scores, window, scale, List.of(), -1, List.of(), all,
                boxes.length + " detections, scores 0.0-1.0", null);
        Set<Integer> kept = new HashSet<>();
        List<Integer> keptOrder = new ArrayList<>();
        for (int s = 0; s < shown; s++) {
            NmsTrace.Step step = steps.get(s);
            String caption = String.format(Locale.ROOT, "step %d: keep %.2f", s + 1, scores[step.kept()]);
            String second = step.suppressed().isEmpty() ? "suppresses nothing"
                    : "suppresses " + step.suppressed().size();
            if (s == shown - 1 && shown < steps.size()) {
                second += String.format(Locale.ROOT, "; %d more steps", steps.size() - shown);
            }
            drawPanel(g, scaled, (s + 1) * (panelWidth + 4), boxes, scores, window, scale,
                    keptOrder, step.kept(), step.suppressed(), step.remaining(), caption, second);
            kept.add(step.kept());
            keptOrder.add(step.kept());
        }
        g.dispose();
        return out;
    }

    private static void drawPanel(Graphics2D g, BufferedImage scaled, int x0, float[][] boxes,
            float[] scores, int[] window, double scale, List<Integer> keptBefore, int keptNow,
            List<Integer> suppressed, List<Integer> waiting, String caption, String second) {
        List<LabeledBox> grey = new ArrayList<>();
        for (int i : waiting) {
            grey.add(box(boxes[i], window, scale, "", Double.NaN));
        }
        BufferedImage panel = BoxPainter.draw(scaled, grey, WAITING, false);
        List<LabeledBox> red = new ArrayList<>();
        for (int i : suppressed) {
            red.add(box(boxes[i], window, scale, "", Double.NaN));
        }
        panel = BoxPainter.draw(panel, red, SUPPRESSED, true);
        List<LabeledBox> green = new ArrayList<>();
        for (int i : keptBefore) {
            green.add(box(boxes[i], window, scale, "", scores[i]));
        }
        if (keptNow >= 0) {
            green.add(box(boxes[keptNow], window, scale, "", scores[keptNow]));
        }
        panel = BoxPainter.draw(panel, green, KEPT, false);
        g.drawImage(panel, x0, 0, null);
        g.setColor(Color.DARK_GRAY);
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
        FontMetrics fm = g.getFontMetrics();
        g.drawString(caption, x0 + 4, panel.getHeight() + fm.getAscent() + 2);
        if (second != null) {
            g.drawString(second, x0 + 4, panel.getHeight() + 2 * fm.getAscent() + 4);
        }
    }

    private static LabeledBox box(float[] b, int[] window, double scale, String label, double score) {
        return LabeledBox.ofXyxy((b[0] - window[0]) * scale, (b[1] - window[1]) * scale,
                (b[2] - window[0]) * scale, (b[3] - window[1]) * scale, label, score);
    }
}
