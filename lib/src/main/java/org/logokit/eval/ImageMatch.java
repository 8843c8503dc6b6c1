package org.logokit.eval;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.logokit.detect.Detections;

/**
 * Which detections of one image are right, and which logos were missed, at one IoU threshold: the
 * same greedy matching as {@link MeanAveragePrecision} (pycocotools'), shown per image. A detection
 * is a <b>true positive</b> when it takes a not-yet-matched ground-truth box of its own class with
 * IoU &ge; the threshold (detections are taken by decreasing score), else a <b>false positive</b>
 * (wrong place, wrong brand, or a second detection of a logo already found); a ground-truth box no
 * detection took is <b>missed</b>.
 *
 * @param correct per detection (in the order given), whether it is a true positive
 * @param matchedGroundTruth per detection, the ground-truth row it took, or -1
 * @param found per ground-truth box, whether some detection took it
 * @param iouThreshold the IoU threshold used
 */
public record ImageMatch(boolean[] correct, int[] matchedGroundTruth, boolean[] found, double iouThreshold) {

    /**
     * Matches one image's detections to its ground truth.
     *
     * @param detections the detections (any order; ties in score keep their order)
     * @param groundTruth the annotated logos, in the same pixel coordinates
     * @param iouThreshold e.g. 0.5
     */
    public static ImageMatch of(Detections detections, ImageGroundTruth groundTruth, double iouThreshold) {
        if (!(iouThreshold > 0 && iouThreshold <= 1)) {
            throw new IllegalArgumentException("iouThreshold must be in (0, 1], got " + iouThreshold);
        }
        int d = detections.size();
        int g = groundTruth.size();
        boolean[] correct = new boolean[d];
        int[] matched = new int[d];
        Arrays.fill(matched, -1);
        boolean[] found = new boolean[g];
        List<Integer> classes = new ArrayList<>();
        for (int c : detections.classes()) {
            if (!classes.contains(c)) {
                classes.add(c);
            }
        }
        for (int c : classes) {
            List<Integer> dets = new ArrayList<>();
            for (int i = 0; i < d; i++) {
                if (detections.classes()[i] == c) {
                    dets.add(i);
                }
            }
            float[] scores = detections.scores();
            dets.sort((a, b) -> Float.compare(scores[b], scores[a]));
            List<Integer> gts = new ArrayList<>();
            for (int j = 0; j < g; j++) {
                if (groundTruth.labels()[j] == c) {
                    gts.add(j);
                }
            }
            double[][] iou = new double[dets.size()][gts.size()];
            for (int i = 0; i < dets.size(); i++) {
                for (int j = 0; j < gts.size(); j++) {
                    iou[i][j] = BoxArrays.iou(detections.boxes()[dets.get(i)], groundTruth.boxes()[gts.get(j)]);
                }
            }
            int[] taken = GreedyMatcher.assign(iou, gts.size(), new double[] {iouThreshold})[0];
            for (int i = 0; i < dets.size(); i++) {
                if (taken[i] >= 0) {
                    int row = gts.get(taken[i]);
                    correct[dets.get(i)] = true;
                    matched[dets.get(i)] = row;
                    found[row] = true;
                }
            }
        }
        return new ImageMatch(correct, matched, found, iouThreshold);
    }

    /** Number of true positives. */
    public int truePositives() {
        return count(correct, true);
    }

    /** Number of false positives. */
    public int falsePositives() {
        return count(correct, false);
    }

    /** Number of ground-truth boxes no detection found. */
    public int missed() {
        return count(found, false);
    }

    private static int count(boolean[] flags, boolean value) {
        int n = 0;
        for (boolean f : flags) {
            n += f == value ? 1 : 0;
        }
        return n;
    }
}
