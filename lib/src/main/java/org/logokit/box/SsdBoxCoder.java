package org.logokit.box;

/**
 * SSD's box encoding: the same centre-offset / log-size deltas as {@link BoxCoder}, divided by the
 * "variances" (0.1 for the centre, 0.2 for the size in the SSD paper's code):
 *
 * <pre>
 *   dx = (gx - dx_default) / (0.1 * w_default)     dw = log(gw / w_default) / 0.2
 * </pre>
 * which is a {@link BoxCoder} with weights (1 / 0.1, 1 / 0.1, 1 / 0.2, 1 / 0.2) = (10, 10, 5, 5).
 *
 * <p>Arguments come in torchvision's order, as for every coder of the kit:
 * {@code encode(matchedGt, defaultBoxes)} (the ground truth matched to each default box first) and
 * {@code decode(deltas, defaultBoxes)}; a port of torchvision's SSD therefore reads the same.
 *
 * <p>Boxes are {@link BoxFormat#XYXY}, in the coordinate system of the default boxes: SSD works in
 * normalised [0, 1] image coordinates (convert {@link org.logokit.anchor.SsdDefaultBoxes} output
 * with {@link BoxFormat#toXyxy}); absolute pixels work the same way. Decoding clamps dw and dh at
 * log(1000 / 16) like {@link BoxCoder}.
 */
public final class SsdBoxCoder extends BoxCoder {
    private final double centerVariance;
    private final double sizeVariance;

    /**
     * @param centerVariance variance of the centre offsets (SSD: 0.1)
     * @param sizeVariance variance of the log sizes (SSD: 0.2)
     */
    public SsdBoxCoder(double centerVariance, double sizeVariance) {
        super(1 / positive(centerVariance), 1 / centerVariance, 1 / positive(sizeVariance),
                1 / sizeVariance);
        this.centerVariance = centerVariance;
        this.sizeVariance = sizeVariance;
    }

    /** The SSD paper's variances: 0.1 for centres, 0.2 for sizes. */
    public SsdBoxCoder() {
        this(0.1, 0.2);
    }

    /** Variance of the centre offsets. */
    public double centerVariance() {
        return centerVariance;
    }

    /** Variance of the log sizes. */
    public double sizeVariance() {
        return sizeVariance;
    }

    private static double positive(double variance) {
        if (variance <= 0) {
            throw new IllegalArgumentException("SSD variances must be positive, got " + variance);
        }
        return variance;
    }
}
