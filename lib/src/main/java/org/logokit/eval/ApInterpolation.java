package org.logokit.eval;

/**
 * How a precision-recall curve is turned into one average-precision number. Both first replace
 * precision by its <em>envelope</em> (the best precision at this or any higher recall), which
 * removes the zig-zag of the raw curve.
 */
public enum ApInterpolation {
    /**
     * PASCAL VOC 2010+ "all points": the exact area under the envelope, summed over every recall
     * value where the curve changes.
     */
    VOC_ALL_POINTS,
    /**
     * COCO (pycocotools): the mean of the envelope read at the 101 recall values 0, 0.01, ..., 1
     * (exactly numpy's {@code linspace(0, 1, 101)}, so a recall of, say, 29/100 is compared with
     * the same double as in pycocotools); at a recall the detector never reaches, precision counts
     * as 0.
     */
    COCO_101_POINTS;

    /**
     * Average precision of one curve.
     *
     * @param recall recall after each detection, by decreasing score (non-decreasing)
     * @param precision precision after each detection, same length
     * @return AP in [0, 1]; 0 for an empty curve
     */
    public double averagePrecision(double[] recall, double[] precision) {
        if (recall.length != precision.length) {
            throw new IllegalArgumentException("recall and precision must have the same length");
        }
        int n = recall.length;
        if (n == 0) {
            return 0;
        }
        double[] envelope = envelope(precision);
        if (this == VOC_ALL_POINTS) {
            // area of the envelope's steps: recall goes 0 -> r_1 -> ... -> r_n, precision env[i]
            double area = 0;
            double previousRecall = 0;
            for (int i = 0; i < n; i++) {
                area += (recall[i] - previousRecall) * envelope[i];
                previousRecall = recall[i];
            }
            return area;
        }
        double sum = 0;
        int at = 0;
        for (int r = 0; r <= 100; r++) {
            // r * 0.01 is exactly numpy's linspace(0, 1, 101), which pycocotools compares with
            double threshold = r * 0.01;
            // first detection whose recall reaches the threshold (numpy searchsorted, side left)
            while (at < n && recall[at] < threshold) {
                at++;
            }
            if (at == n) {
                break; // never reached: this and all higher thresholds add 0
            }
            sum += envelope[at];
        }
        return sum / 101;
    }

    /**
     * The precision envelope: {@code env[i] = max(precision[i..n-1])}.
     *
     * @param precision precision after each detection
     * @return a new array, non-increasing
     */
    public static double[] envelope(double[] precision) {
        double[] env = precision.clone();
        for (int i = env.length - 2; i >= 0; i--) {
            env[i] = Math.max(env[i], env[i + 1]);
        }
        return env;
    }
}
