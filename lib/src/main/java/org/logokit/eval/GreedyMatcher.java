package org.logokit.eval;

/**
 * pycocotools' matching of one image's detections of one class to its ground truth: detections
 * are taken by decreasing score; each takes, among the ground-truth boxes not matched yet, the
 * one with the highest IoU, provided that IoU is at least the threshold; each ground-truth box is
 * matched at most once, so a second detection of the same object is a false positive.
 *
 * <p>(The VOC devkit differs in small ways: a detection whose best-overlapping box is already taken
 * is a false positive even if another free box overlaps enough, it requires IoU strictly above
 * 0.5, and it measures boxes with a +1 pixel convention.)
 */
final class GreedyMatcher {

    private GreedyMatcher() {}

    /**
     * @param iou (d, g) IoU of each detection (already sorted by decreasing score) with each
     *     ground-truth box of the same class
     * @param thresholds IoU thresholds
     * @return [threshold][detection] true when matched
     */
    static boolean[][] match(double[][] iou, int numGroundTruth, double[] thresholds) {
        int[][] assigned = assign(iou, numGroundTruth, thresholds);
        boolean[][] matched = new boolean[thresholds.length][iou.length];
        for (int t = 0; t < thresholds.length; t++) {
            for (int i = 0; i < iou.length; i++) {
                matched[t][i] = assigned[t][i] >= 0;
            }
        }
        return matched;
    }

    /**
     * The same matching, saying which ground-truth box each detection took.
     *
     * @param iou (d, g) IoU of each detection (sorted by decreasing score) with each ground-truth box
     * @param thresholds IoU thresholds
     * @return [threshold][detection] the matched ground-truth column, or -1
     */
    static int[][] assign(double[][] iou, int numGroundTruth, double[] thresholds) {
        int d = iou.length;
        int[][] assigned = new int[thresholds.length][d];
        for (int t = 0; t < thresholds.length; t++) {
            boolean[] taken = new boolean[numGroundTruth];
            double threshold = Math.min(thresholds[t], 1 - 1e-10);
            for (int i = 0; i < d; i++) {
                double best = threshold;
                int bestGt = -1;
                for (int j = 0; j < numGroundTruth; j++) {
                    if (!taken[j] && iou[i][j] >= best) {
                        best = iou[i][j];
                        bestGt = j;
                    }
                }
                if (bestGt >= 0) {
                    taken[bestGt] = true;
                }
                assigned[t][i] = bestGt;
            }
        }
        return assigned;
    }
}
