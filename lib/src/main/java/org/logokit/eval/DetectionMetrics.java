package org.logokit.eval;

/**
 * Result of {@link MeanAveragePrecision#compute()}: AP per class and IoU threshold, the means, and
 * the precision-recall curves behind them.
 */
public final class DetectionMetrics {

    private final double[] thresholds;
    private final double[][] ap;
    private final PrecisionRecallCurve[][] curves;
    private final int images;

    DetectionMetrics(double[] thresholds, double[][] ap, PrecisionRecallCurve[][] curves, int images) {
        this.thresholds = thresholds;
        this.ap = ap;
        this.curves = curves;
        this.images = images;
    }

    /**
     * mAP averaged over all thresholds and the classes that have ground truth (COCO's "AP"
     * with the COCO thresholds, VOC's mAP with the single threshold 0.5).
     *
     * @return mean AP, or NaN when no class has ground truth
     */
    public double mean() {
        double sum = 0;
        int n = 0;
        for (double[] perClass : ap) {
            for (double v : perClass) {
                if (!Double.isNaN(v)) {
                    sum += v;
                    n++;
                }
            }
        }
        return n == 0 ? Double.NaN : sum / n;
    }

    /**
     * mAP at one of the thresholds, e.g. {@code meanAt(0.5)} or {@code meanAt(0.75)}.
     *
     * @param iouThreshold one of {@link #thresholds()}
     * @return mean over classes with ground truth, NaN if none
     */
    public double meanAt(double iouThreshold) {
        int t = indexOf(iouThreshold);
        double sum = 0;
        int n = 0;
        for (double[] perClass : ap) {
            if (!Double.isNaN(perClass[t])) {
                sum += perClass[t];
                n++;
            }
        }
        return n == 0 ? Double.NaN : sum / n;
    }

    /**
     * AP of one class at one threshold.
     *
     * @param classId class id
     * @param iouThreshold one of {@link #thresholds()}
     * @return AP in [0, 1], NaN when the class has no ground truth
     */
    public double averagePrecision(int classId, double iouThreshold) {
        return ap[classId][indexOf(iouThreshold)];
    }

    /**
     * The precision-recall curve of one class at one threshold (for plotting).
     *
     * @param classId class id
     * @param iouThreshold one of {@link #thresholds()}
     * @return the curve
     */
    public PrecisionRecallCurve curve(int classId, double iouThreshold) {
        return curves[classId][indexOf(iouThreshold)];
    }

    /** @return the IoU thresholds, in the order given */
    public double[] thresholds() {
        return thresholds.clone();
    }

    /** @return number of classes */
    public int numClasses() {
        return ap.length;
    }

    /** @return number of images evaluated */
    public int images() {
        return images;
    }

    private int indexOf(double threshold) {
        for (int i = 0; i < thresholds.length; i++) {
            if (Math.abs(thresholds[i] - threshold) < 1e-9) {
                return i;
            }
        }
        throw new IllegalArgumentException("IoU threshold " + threshold + " was not evaluated; "
                + "this evaluation has " + java.util.Arrays.toString(thresholds));
    }

    @Override
    public String toString() {
        StringBuilder s = new StringBuilder(String.format("mAP %.4f over %d images;", mean(), images));
        for (double t : thresholds) {
            s.append(String.format(" AP@%.2f %.4f", t, meanAt(t)));
        }
        return s.toString();
    }
}
