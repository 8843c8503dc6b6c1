package org.logokit.viz;

import java.awt.Color;
import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.List;
import java.util.function.IntFunction;
import org.logokit.eval.ImageDetections;
import org.logokit.eval.ImageGroundTruth;
import org.logokit.eval.ImageMatch;

/**
 * Detections against ground truth on one image, coloured by how evaluation counted them
 * ({@link ImageMatch}): true positives green, false positives red, objects no detection found in
 * orange dashes. Found objects are not drawn again (their true positive marks them). The image can
 * be cropped to the boxes and enlarged so that small logos stay visible.
 */
public final class DetectionPanel {
    /** Colour of true positives. */
    public static final Color TRUE_POSITIVE = new Color(0x2CA02C);
    /** Colour of false positives. */
    public static final Color FALSE_POSITIVE = new Color(0xD62728);
    /** Colour of missed objects. */
    public static final Color MISSED = new Color(0xFF7F0E);

    private DetectionPanel() {}

    /**
     * Draws the panel.
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
        List<LabeledBox> missed = new ArrayList<>();
        for (int j = 0; j < groundTruth.size(); j++) {
            if (!match.found()[j]) {
                missed.add(box(groundTruth.boxes()[j], window, scale, "missed "
                        + names.apply(groundTruth.labels()[j]), Double.NaN));
            }
        }
        List<LabeledBox> tp = new ArrayList<>();
        List<LabeledBox> fp = new ArrayList<>();
        for (int i = 0; i < detections.size(); i++) {
            LabeledBox b = box(detections.boxes()[i], window, scale,
                    names.apply(detections.labels()[i]), detections.scores()[i]);
            (match.truePositive(i) ? tp : fp).add(b);
        }
        panel = BoxPainter.draw(panel, missed, MISSED, true);
        panel = BoxPainter.draw(panel, fp, FALSE_POSITIVE, false);
        return BoxPainter.draw(panel, tp, TRUE_POSITIVE, false);
    }

    private static LabeledBox box(float[] b, int[] window, double scale, String label, double score) {
        return LabeledBox.ofXyxy((b[0] - window[0]) * scale, (b[1] - window[1]) * scale,
                (b[2] - window[0]) * scale, (b[3] - window[1]) * scale, label, score);
    }
}
