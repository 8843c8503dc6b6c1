package org.logokit.eval;

/**
 * Matching of one image's detections of one class to its ground truth at one IoU threshold, by
 * {@link MatchingRule}, with pycocotools' handling of ignored ground truth.
 */
final class GreedyMatcher {

    private GreedyMatcher() {}

    /**
     * @param iou (d, g) IoU of each detection (already sorted by decreasing score) with each
     *     ground-truth box of the same class
     * @param gtIgnored per ground-truth box: outside the evaluated area range
     * @param gtOrder the ground-truth indices in matching order (boxes in range first, then the
     *     ignored ones, each group by index: pycocotools' order)
     * @param threshold the IoU threshold
     * @param rule COCO or VOC devkit
     * @return per detection the matched ground-truth index, or -1
     */
    static int[] match(double[][] iou, boolean[] gtIgnored, int[] gtOrder, double threshold,
            MatchingRule rule) {
        int d = iou.length;
        int g = gtIgnored.length;
        int[] matched = new int[d];
        boolean[] taken = new boolean[g];
        for (int i = 0; i < d; i++) {
            matched[i] = rule == MatchingRule.COCO ? coco(iou[i], gtIgnored, gtOrder, taken, threshold)
                    : vocDevkit(iou[i], gtIgnored, gtOrder, taken, threshold);
            if (matched[i] >= 0) {
                taken[matched[i]] = true;
            }
        }
        return matched;
    }

    /** pycocotools' loop over the ground truth for one detection. */
    private static int coco(double[] iou, boolean[] gtIgnored, int[] gtOrder, boolean[] taken,
            double threshold) {
        double best = Math.min(threshold, 1 - 1e-10);
        int m = -1;
        for (int j : gtOrder) {
            if (taken[j]) {
                continue;
            }
            // already matched a box in range: never trade it for an ignored one
            if (m > -1 && !gtIgnored[m] && gtIgnored[j]) {
                break;
            }
            if (iou[j] < best) {
                continue;
            }
            best = iou[j];
            m = j;
        }
        return m;
    }

    /** The VOC devkit: only the box with the highest IoU counts (first on ties), strictly above. */
    private static int vocDevkit(double[] iou, boolean[] gtIgnored, int[] gtOrder, boolean[] taken,
            double threshold) {
        int jmax = -1;
        double ovmax = Double.NEGATIVE_INFINITY;
        for (int j = 0; j < iou.length; j++) {
            if (iou[j] > ovmax) {
                ovmax = iou[j];
                jmax = j;
            }
        }
        if (jmax < 0 || !(ovmax > threshold)) {
            return -1;
        }
        // A taken box makes this a duplicate (false positive). An ignored box ("difficult" in
        // VOC) is returned even when taken, so that every detection on it is ignored.
        return taken[jmax] && !gtIgnored[jmax] ? -1 : jmax;
    }
}
