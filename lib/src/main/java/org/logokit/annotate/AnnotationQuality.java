package org.logokit.annotate;

import java.util.List;
import java.util.Locale;
import org.logokit.data.PixelBox;
import org.logokit.eval.ImageDetections;
import org.logokit.eval.ImageGroundTruth;
import org.logokit.eval.ImageMatch;
import org.logokit.eval.MatchingRule;

/**
 * How good the accepted proposals of an auto-annotator are against the true boxes, matched per
 * image as detections are ({@link ImageMatch}, COCO rule, best score first): a true box is
 * <b>found</b> when an accepted proposal overlaps it with IoU at or above the threshold; an accepted
 * proposal that takes no true box is a <b>false proposal</b> (wrong place, or a second box on a
 * logo already found).
 *
 * @param images images measured
 * @param trueBoxes true boxes in them
 * @param found true boxes found
 * @param accepted accepted proposals
 * @param falseProposals accepted proposals that found nothing
 * @param iouThreshold the IoU a proposal needs with a true box
 */
public record AnnotationQuality(int images, int trueBoxes, int found, int accepted, int falseProposals,
        double iouThreshold) {

    /**
     * Measures accepted proposals against the truth.
     *
     * @param proposals per image, the annotator's proposals (only the accepted ones count)
     * @param truth per image (same order), the true boxes
     * @param iouThreshold e.g. 0.5
     */
    public static AnnotationQuality measure(List<List<Proposal>> proposals, List<List<PixelBox>> truth,
            double iouThreshold) {
        if (proposals.size() != truth.size()) {
            throw new IllegalArgumentException("Need the true boxes of every image: " + proposals.size()
                    + " images with proposals, " + truth.size() + " with true boxes");
        }
        int trueBoxes = 0;
        int found = 0;
        int accepted = 0;
        int falseProposals = 0;
        for (int i = 0; i < proposals.size(); i++) {
            List<Proposal> kept = proposals.get(i).stream().filter(Proposal::accepted).toList();
            float[][] boxes = new float[kept.size()][];
            float[] scores = new float[kept.size()];
            for (int j = 0; j < kept.size(); j++) {
                boxes[j] = kept.get(j).box().toArray();
                scores[j] = (float) kept.get(j).score();
            }
            List<PixelBox> t = truth.get(i);
            float[][] gt = new float[t.size()][];
            for (int j = 0; j < t.size(); j++) {
                gt[j] = t.get(j).toArray();
            }
            ImageMatch match = ImageMatch.of(new ImageDetections(boxes, scores, new int[kept.size()]),
                    new ImageGroundTruth(gt, new int[t.size()]), iouThreshold, MatchingRule.COCO);
            trueBoxes += t.size();
            found += t.size() - match.missed();
            accepted += kept.size();
            falseProposals += match.falsePositives();
        }
        return new AnnotationQuality(proposals.size(), trueBoxes, found, accepted, falseProposals, iouThreshold);
    }

    /** Share of the true boxes found (0 when there are none). */
    public double recall() {
        return trueBoxes == 0 ? 0 : found / (double) trueBoxes;
    }

    /** Share of the accepted proposals that are false (0 when nothing was accepted). */
    public double falseShare() {
        return accepted == 0 ? 0 : falseProposals / (double) accepted;
    }

    /** E.g. {@code recall 0.92 (46 of 50 logos), false proposals 0.06 (3 of 49), IoU >= 0.5, 40 images}. */
    public String summary() {
        return String.format(Locale.ROOT, "recall %.2f (%d of %d logos), false proposals %.2f (%d of %d), IoU >= %.2f,"
                + " %d images", recall(), found, trueBoxes, falseShare(), falseProposals, accepted, iouThreshold, images);
    }
}
