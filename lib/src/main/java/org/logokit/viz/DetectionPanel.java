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
import java.util.function.IntFunction;
import java.util.stream.IntStream;
import org.logokit.detect.Detections;
import org.logokit.eval.ImageDetections;
import org.logokit.eval.ImageGroundTruth;
import org.logokit.eval.ImageMatch;
import org.logokit.eval.MatchingRule;

/**
 * Ground truth and predictions on one image, coloured by how evaluation counted them (the
 * matching of mAP, {@link ImageMatch}):
 *
 * <ul>
 *   <li><b>green</b>, solid: a true positive (brand and score in its tag);
 *   <li><b>red</b>, solid: a false positive (wrong place, wrong brand, or a duplicate);
 *   <li><b>orange</b>, dashed: an object no detection found ("missed: brand");
 *   <li>grey, dashed: an object that was found (under its green box).
 * </ul>
 *
 * A strip under the image counts the three outcomes. Boxes are XYXY in the image's own pixels; the
 * picture can be enlarged, or cropped to the boxes, so that small logos stay visible. The
 * highest-scoring detections are drawn last, on top.
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
    /** The IoU at which a detector's detection counts as right in the {@link Detections} overloads. */
    public static final double IOU_THRESHOLD = 0.5;

    private DetectionPanel() {}

    /**
     * Draws every detection of a detector, matched at IoU 0.5 with pycocotools' rule.
     *
     * @param image the photo (not changed)
     * @param detections detections in the photo's pixels
     * @param truth its logos, same pixels
     * @param classNames brand names by class id
     * @return a new image
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
        return render(image, detections, truth, classNames, minScore, 1);
    }

    /**
     * Like {@link #render(BufferedImage, Detections, ImageGroundTruth, List, double)}, the picture
     * enlarged {@code zoom} times (boxes stay in the original image's pixels).
     *
     * @param zoom enlargement factor, at least 1
     */
    public static BufferedImage render(BufferedImage image, Detections detections, ImageGroundTruth truth,
            List<String> classNames, double minScore, double zoom) {
        Objects.requireNonNull(image, "image");
        Objects.requireNonNull(classNames, "classNames");
        if (!(zoom >= 1)) {
            throw new IllegalArgumentException("zoom must be at least 1, got " + zoom);
        }
        Detections shown = detections.atLeast(minScore);
        ImageDetections d = new ImageDetections(shown.boxes(), shown.scores(), shown.classes());
        ImageMatch match = ImageMatch.of(d, truth, IOU_THRESHOLD, MatchingRule.COCO);
        BufferedImage big = zoom == 1 ? image : Pictures.scaled(image, (int) Math.round(image.getWidth() * zoom),
                (int) Math.round(image.getHeight() * zoom));
        return outcomes(big, d, truth, match, id -> name(classNames, id), 0, 0, zoom);
    }

    /**
     * Draws a matching computed elsewhere (any threshold and rule), optionally cropped to the boxes.
     *
     * @param image the photo (not changed)
     * @param detections its detections (XYXY pixels of the photo)
     * @param groundTruth its objects
     * @param match how they were matched (e.g. {@code ImageMatch.of(det, gt, 0.5, MatchingRule.COCO)})
     * @param names class id to label
     * @param width width of the picture in pixels (the photo, or its crop, is scaled to it)
     * @param crop whether to crop to the boxes (with a margin)
     * @return a new image
     */
    public static BufferedImage render(BufferedImage image, ImageDetections detections,
            ImageGroundTruth groundTruth, ImageMatch match, IntFunction<String> names, int width,
            boolean crop) {
        if (match.matchedGroundTruth().length != detections.size()
                || match.found().length != groundTruth.size()) {
            throw new IllegalArgumentException("The match does not belong to these detections and"
                    + " ground truth (different counts)");
        }
        List<float[]> all = new ArrayList<>(List.of(detections.boxes()));
        all.addAll(List.of(groundTruth.boxes()));
        int[] window = crop ? Pictures.window(image, all.toArray(new float[0][]))
                : new int[] {0, 0, image.getWidth(), image.getHeight()};
        BufferedImage region = image.getSubimage(window[0], window[1], window[2] - window[0],
                window[3] - window[1]);
        double scale = (double) width / region.getWidth();
        BufferedImage panel = Pictures.scaled(region, width, (int) Math.round(region.getHeight() * scale));
        return outcomes(panel, detections, groundTruth, match, names, window[0], window[1], scale);
    }

    /** Draws the outcome boxes on {@code panel}, whose pixel p shows image pixel p / scale + origin. */
    private static BufferedImage outcomes(BufferedImage panel, ImageDetections detections,
            ImageGroundTruth truth, ImageMatch match, IntFunction<String> names, int originX, int originY,
            double scale) {
        List<LabeledBox> boxes = new ArrayList<>();
        List<BoxPainter.Style> styles = new ArrayList<>();
        for (int j = 0; j < truth.size(); j++) {
            boolean found = match.found()[j];
            boxes.add(box(truth.boxes()[j], originX, originY, scale,
                    found ? "" : "missed: " + names.apply(truth.labels()[j]), Double.NaN));
            styles.add(new BoxPainter.Style(found ? FOUND : MISSED, true));
        }
        float[] scores = detections.scores();
        int[] lowestFirst = IntStream.range(0, detections.size()).boxed()
                .sorted((a, b) -> Float.compare(scores[a], scores[b])).mapToInt(Integer::intValue).toArray();
        for (int i : lowestFirst) {
            boxes.add(box(detections.boxes()[i], originX, originY, scale, names.apply(detections.labels()[i]),
                    scores[i]));
            styles.add(new BoxPainter.Style(match.truePositive(i) ? TRUE_POSITIVE : FALSE_POSITIVE, false));
        }
        return withLegend(BoxPainter.draw(panel, boxes, styles), match);
    }

    private static LabeledBox box(float[] b, int originX, int originY, double scale, String label, double score) {
        return LabeledBox.ofXyxy((b[0] - originX) * scale, (b[1] - originY) * scale,
                (b[2] - originX) * scale, (b[3] - originY) * scale, label, score);
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
