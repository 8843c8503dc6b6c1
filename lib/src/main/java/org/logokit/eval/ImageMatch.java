package org.logokit.eval;

import java.util.Arrays;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.IntStream;
import org.logokit.detect.Detections;

/**
 * Which detections of one image are right, and which objects were missed, at one IoU threshold:
 * the same greedy matching as {@link MeanAveragePrecision}, per class, detections by decreasing
 * score, shown per image (for pictures and for explaining a score). A detection is a <b>true
 * positive</b> when it takes a not-yet-matched ground-truth box of its own class with IoU at or
 * above the threshold (COCO; strictly above for the VOC devkit), else a <b>false positive</b>
 * (wrong place, wrong brand, or a second detection of an object already found); a ground-truth
 * box no detection took is <b>missed</b>.
 *
 * @param matchedGroundTruth per detection (in the order given), the index of the ground-truth box
 *     it matched, or -1 for a false positive
 * @param found per ground-truth box, whether some detection matched it
 * @param iouThreshold the IoU threshold used
 */
public record ImageMatch(int[] matchedGroundTruth, boolean[] found, double iouThreshold) {

    /**
     * Matches one image with pycocotools' rule.
     *
     * @param detections a detector's detections (any order; ties in score keep their order)
     * @param groundTruth the annotated objects, in the same pixel coordinates
     * @param iouThreshold e.g. 0.5
     * @return the matching; every box counts (no area range)
     */
    public static ImageMatch of(Detections detections, ImageGroundTruth groundTruth, double iouThreshold) {
        return of(new ImageDetections(detections.boxes(), detections.scores(), detections.classes()),
                groundTruth, iouThreshold, MatchingRule.COCO);
    }

    /**
     * Matches one image.
     *
     * @param detections the image's detections, any order
     * @param groundTruth its objects
     * @param iouThreshold e.g. 0.5
     * @param rule COCO or VOC devkit
     * @return the matching; every box counts (no area range)
     */
    public static ImageMatch of(ImageDetections detections, ImageGroundTruth groundTruth,
            double iouThreshold, MatchingRule rule) {
        if (!(iouThreshold > 0 && iouThreshold <= 1)) {
            throw new IllegalArgumentException("IoU threshold must be in (0, 1], got " + iouThreshold);
        }
        int[] matched = new int[detections.size()];
        Arrays.fill(matched, -1);
        boolean[] found = new boolean[groundTruth.size()];
        Set<Integer> classes = new TreeSet<>();
        for (int label : detections.labels()) {
            classes.add(label);
        }
        for (int c : classes) {
            int[] detIdx = indices(detections.labels(), c);
            int[] gtIdx = indices(groundTruth.labels(), c);
            int[] order = MeanAveragePrecision.byDecreasingScore(detections.scores(), detIdx);
            double[][] iou = new double[order.length][gtIdx.length];
            for (int i = 0; i < order.length; i++) {
                for (int j = 0; j < gtIdx.length; j++) {
                    iou[i][j] = BoxArrays.iou(detections.boxes()[order[i]], groundTruth.boxes()[gtIdx[j]]);
                }
            }
            int[] gtOrder = IntStream.range(0, gtIdx.length).toArray();
            int[] m = GreedyMatcher.match(iou, new boolean[gtIdx.length], gtOrder, iouThreshold, rule);
            for (int i = 0; i < order.length; i++) {
                if (m[i] >= 0) {
                    matched[order[i]] = gtIdx[m[i]];
                    found[gtIdx[m[i]]] = true;
                }
            }
        }
        return new ImageMatch(matched, found, iouThreshold);
    }

    /** Whether detection i is a true positive. */
    public boolean truePositive(int detection) {
        return matchedGroundTruth[detection] >= 0;
    }

    /** Per detection (in the order given), whether it is a true positive. */
    public boolean[] correct() {
        boolean[] correct = new boolean[matchedGroundTruth.length];
        for (int i = 0; i < correct.length; i++) {
            correct[i] = matchedGroundTruth[i] >= 0;
        }
        return correct;
    }

    /** Number of true positives. */
    public int truePositives() {
        int n = 0;
        for (int m : matchedGroundTruth) {
            n += m >= 0 ? 1 : 0;
        }
        return n;
    }

    /** Number of false positives. */
    public int falsePositives() {
        return matchedGroundTruth.length - truePositives();
    }

    /** Number of ground-truth boxes no detection matched. */
    public int missed() {
        int n = 0;
        for (boolean f : found) {
            n += f ? 0 : 1;
        }
        return n;
    }

    private static int[] indices(int[] labels, int c) {
        return IntStream.range(0, labels.length).filter(i -> labels[i] == c).toArray();
    }
}
