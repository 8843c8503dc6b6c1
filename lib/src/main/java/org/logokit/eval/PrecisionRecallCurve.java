package org.logokit.eval;

/**
 * Precision and recall of one class at one IoU threshold, after each detection taken by
 * decreasing score: the data behind a PR plot and behind average precision.
 *
 * <p>Detection i is a true positive when it matched a so-far unmatched ground-truth box of its
 * class with IoU at least the threshold; duplicates of an already found object are false
 * positives. {@code recall[i] = TP_i / numGroundTruth}, {@code precision[i] = TP_i / (i + 1)}.
 */
public final class PrecisionRecallCurve {

    private final double[] scores;
    private final double[] recall;
    private final double[] precision;
    private final int numGroundTruth;

    private PrecisionRecallCurve(double[] scores, double[] recall, double[] precision, int numGroundTruth) {
        this.scores = scores;
        this.recall = recall;
        this.precision = precision;
        this.numGroundTruth = numGroundTruth;
    }

    /**
     * Builds the curve from detections already sorted by decreasing score.
     *
     * @param sortedScores scores, non-increasing
     * @param truePositive whether each detection is a true positive, same order
     * @param numGroundTruth number of ground-truth objects of the class (may be 0)
     * @return the curve; with no ground truth recall is 0 everywhere
     */
    public static PrecisionRecallCurve fromSorted(double[] sortedScores, boolean[] truePositive,
            int numGroundTruth) {
        if (sortedScores.length != truePositive.length) {
            throw new IllegalArgumentException("need one true-positive flag per score");
        }
        int n = sortedScores.length;
        double[] recall = new double[n];
        double[] precision = new double[n];
        int tp = 0;
        for (int i = 0; i < n; i++) {
            if (i > 0 && sortedScores[i] > sortedScores[i - 1]) {
                throw new IllegalArgumentException("scores must be sorted by decreasing score");
            }
            tp += truePositive[i] ? 1 : 0;
            recall[i] = numGroundTruth == 0 ? 0 : (double) tp / numGroundTruth;
            precision[i] = (double) tp / (i + 1);
        }
        return new PrecisionRecallCurve(sortedScores.clone(), recall, precision, numGroundTruth);
    }

    /**
     * Average precision of this curve.
     *
     * @param interpolation VOC all-point or COCO 101-point
     * @return AP in [0, 1], or {@link DetectionMetrics#ABSENT} (-1, as COCO reports it) when
     *     the class has no ground truth (AP is undefined)
     */
    public double averagePrecision(ApInterpolation interpolation) {
        if (numGroundTruth == 0) {
            return DetectionMetrics.ABSENT;
        }
        return interpolation.averagePrecision(recall, precision);
    }

    /** @return score of each detection, non-increasing (thresholds along the curve) */
    public double[] scores() {
        return scores.clone();
    }

    /** @return recall after each detection */
    public double[] recall() {
        return recall.clone();
    }

    /** @return precision after each detection (raw, zig-zag) */
    public double[] precision() {
        return precision.clone();
    }

    /** @return the precision envelope (what AP integrates), for plotting beside the raw curve */
    public double[] interpolatedPrecision() {
        return ApInterpolation.envelope(precision);
    }

    /** @return number of ground-truth objects of the class */
    public int numGroundTruth() {
        return numGroundTruth;
    }

    /** @return number of detections on the curve */
    public int size() {
        return scores.length;
    }
}
