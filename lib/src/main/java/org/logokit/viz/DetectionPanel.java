package org.logokit.viz;

import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import org.logokit.detect.Detections;
import org.logokit.eval.ImageGroundTruth;
import org.logokit.eval.ImageMatch;

/**
 * Ground truth and predictions on one image, coloured by outcome at IoU 0.5 with the class (the
 * matching of mAP, {@link ImageMatch}):
 *
 * <ul>
 *   <li><b>green</b>, solid: a true positive (brand and score in its tag);
 *   <li><b>red</b>, solid: a false positive (wrong place, wrong brand, or a duplicate);
 *   <li><b>orange</b>, dashed: a logo no detection found ("missed: brand");
 *   <li>grey, dashed: a logo that was found (under its green box).
 * </ul>
 * A strip under the image counts the three outcomes. Boxes must be in the image's own pixels.
 */
public final class DetectionPanel {
    /** Colour of true positives. */
    public static final Color TRUE_POSITIVE = new Color(0x2E7D32);
    /** Colour of false positives. */
    public static final Color FALSE_POSITIVE = new Color(0xC62828);
    /** Colour of missed ground truth. */
    public static final Color MISSED = new Color(0xEF6C00);
    /** Colour of ground truth that was found. */
    public static final Color FOUND = new Color(0x9E9E9E);
    /** The IoU at which a detection counts as right. */
    public static final double IOU_THRESHOLD = 0.5;

    private DetectionPanel() {}

    /**
     * Draws every detection.
     *
     * @param image the photo (not changed)
     * @param detections detections in the photo's pixels
     * @param truth its logos, same pixels
     * @param classNames brand names by class id
     */
    public static BufferedImage render(BufferedImage image, Detections detections, ImageGroundTruth truth,
            List<String> classNames) {
        return render(image, detections, truth, classNames, 0);
    }

    /**
     * Draws the detections scoring at least {@code minScore}; the others are left out before
     * matching, as if the detector had not reported them.
     */
    public static BufferedImage render(BufferedImage image, Detections detections, ImageGroundTruth truth,
            List<String> classNames, double minScore) {
        Objects.requireNonNull(image, "image");
        Objects.requireNonNull(classNames, "classNames");
        Detections shown = detections.atLeast(minScore);
        ImageMatch match = ImageMatch.of(shown, truth, IOU_THRESHOLD);
        List<LabeledBox> boxes = new ArrayList<>();
        List<BoxPainter.Style> styles = new ArrayList<>();
        for (int j = 0; j < truth.size(); j++) {
            float[] b = truth.boxes()[j];
            boolean found = match.found()[j];
            boxes.add(LabeledBox.ofXyxy(b[0], b[1], b[2], b[3], found ? "" : "missed: " + name(classNames,
                    truth.labels()[j])));
            styles.add(new BoxPainter.Style(found ? FOUND : MISSED, true));
        }
        // lowest scores first, so the best detections end up on top
        for (int i = shown.size() - 1; i >= 0; i--) {
            float[] b = shown.boxes()[i];
            boxes.add(LabeledBox.ofXyxy(b[0], b[1], b[2], b[3], name(classNames, shown.classes()[i]),
                    shown.scores()[i]));
            styles.add(new BoxPainter.Style(match.correct()[i] ? TRUE_POSITIVE : FALSE_POSITIVE, false));
        }
        BufferedImage drawn = BoxPainter.draw(image, boxes, styles);
        return withLegend(drawn, match);
    }

    /**
     * Panels side by side in rows (e.g. several test images).
     *
     * @param panels pictures from {@link #render}
     * @param columns panels per row
     */
    public static BufferedImage grid(List<BufferedImage> panels, int columns) {
        if (panels.isEmpty() || columns < 1) {
            throw new IllegalArgumentException("Need at least one panel and one column");
        }
        int gap = 6;
        int cellW = panels.stream().mapToInt(BufferedImage::getWidth).max().orElse(1);
        int cellH = panels.stream().mapToInt(BufferedImage::getHeight).max().orElse(1);
        int cols = Math.min(columns, panels.size());
        int rows = (panels.size() + cols - 1) / cols;
        BufferedImage out = new BufferedImage(cols * cellW + (cols - 1) * gap, rows * cellH + (rows - 1) * gap,
                BufferedImage.TYPE_INT_RGB);
        Graphics2D g = out.createGraphics();
        try {
            g.setColor(Color.WHITE);
            g.fillRect(0, 0, out.getWidth(), out.getHeight());
            for (int i = 0; i < panels.size(); i++) {
                g.drawImage(panels.get(i), (i % cols) * (cellW + gap), (i / cols) * (cellH + gap), null);
            }
        } finally {
            g.dispose();
        }
        return out;
    }

    private static String name(List<String> classNames, int id) {
        return id >= 0 && id < classNames.size() ? classNames.get(id) : "class " + id;
    }

    private static BufferedImage withLegend(BufferedImage drawn, ImageMatch match) {
        int fontSize = Math.max(11, Math.min(16, drawn.getWidth() / 30));
        int strip = fontSize + 10;
        BufferedImage out = new BufferedImage(drawn.getWidth(), drawn.getHeight() + strip, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = out.createGraphics();
        try {
            g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
            g.setColor(Color.WHITE);
            g.fillRect(0, 0, out.getWidth(), out.getHeight());
            g.drawImage(drawn, 0, 0, null);
            g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, fontSize));
            FontMetrics metrics = g.getFontMetrics();
            int x = 4;
            int baseline = drawn.getHeight() + (strip + metrics.getAscent() - metrics.getDescent()) / 2;
            String[] texts = {
                String.format(Locale.ROOT, "TP %d", match.truePositives()),
                String.format(Locale.ROOT, "FP %d", match.falsePositives()),
                String.format(Locale.ROOT, "missed %d", match.missed()),
            };
            Color[] colors = {TRUE_POSITIVE, FALSE_POSITIVE, MISSED};
            for (int k = 0; k < texts.length; k++) {
                int swatch = metrics.getAscent() - 2;
                g.setColor(colors[k]);
                g.fillRect(x, baseline - swatch, swatch, swatch);
                x += swatch + 4;
                g.setColor(Color.DARK_GRAY);
                g.drawString(texts[k], x, baseline);
                x += metrics.stringWidth(texts[k]) + 12;
            }
        } finally {
            g.dispose();
        }
        return out;
    }
}
