package org.logokit.eval;

/**
 * How the detections of one image were matched to its ground truth at one IoU threshold: which
 * detections are true positives, which are false positives, which objects were missed. This is
 * the matching {@link MeanAveragePrecision} uses (per class, detections by decreasing score), for
 * pictures and for explaining a score.
 *
 * @param matchedGroundTruth per detection (in the order given), the index of the ground-truth box
 *     it matched, or -1 for a false positive
 * @param found per ground-truth box, whether some detection matched it
 */
public record ImageMatch(int[] matchedGroundTruth, boolean[] found) {

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
        java.util.Arrays.fill(matched, -1);
        boolean[] found = new boolean[groundTruth.size()];
        java.util.Set<Integer> classes = new java.util.TreeSet<>();
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
            int[] gtOrder = new int[gtIdx.length];
            for (int j = 0; j < gtOrder.length; j++) {
                gtOrder[j] = j;
            }
            int[] m = GreedyMatcher.match(iou, new boolean[gtIdx.length], gtOrder, iouThreshold, rule);
            for (int i = 0; i < order.length; i++) {
                if (m[i] >= 0) {
                    matched[order[i]] = gtIdx[m[i]];
                    found[gtIdx[m[i]]] = true;
                }
            }
        }
        return new ImageMatch(matched, found);
    }

    /** Whether detection i is a true positive. */
    public boolean truePositive(int detection) {
        return matchedGroundTruth[detection] >= 0;
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
        return java.util.stream.IntStream.range(0, labels.length).filter(i -> labels[i] == c).toArray();
    }
}
