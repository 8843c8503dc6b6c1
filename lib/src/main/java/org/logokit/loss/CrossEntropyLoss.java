package org.logokit.loss;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.DataType;
import ai.djl.training.loss.Loss;

/**
 * Softmax cross-entropy over class logits with optional class weights and an ignore index, with
 * PyTorch's {@code CrossEntropyLoss} semantics.
 *
 * <p>Per row i: {@code loss_i = -w[y_i] * log softmax(logits_i)[y_i]}; rows whose label equals
 * {@code ignoreIndex} contribute nothing. MEAN divides the sum by the sum of the weights of the
 * counted rows ({@code sum_i w[y_i]}), exactly as PyTorch does, so the weights rebalance classes
 * without changing the loss scale; with no rows counted the loss is 0.
 *
 * <p><b>Label smoothing</b> ({@code labelSmoothing} = eps in [0, 1]) follows PyTorch's
 * {@code label_smoothing}: the target becomes {@code (1 - eps)} on the true class plus {@code eps / C}
 * on every class, so per row
 * {@code loss_i = (1 - eps) * w[y_i] * (-log p_i[y_i]) + eps / C * sum_c w[c] * (-log p_i[c])},
 * and MEAN still divides by {@code sum_i w[y_i]} over the counted rows (PyTorch's weighted mean).
 *
 * <p>As a DJL {@link Loss}: labels = NDList((N) integer class indices), predictions = NDList((N, C)
 * logits). Detection heads use class 0 for background.
 */
public final class CrossEntropyLoss extends Loss {

    /** Label value that means "do not count this row" (PyTorch's default is -100 too). */
    public static final int DEFAULT_IGNORE_INDEX = -100;

    private final float[] classWeights;
    private final int ignoreIndex;
    private final Reduction reduction;
    private final double labelSmoothing;

    /** Unweighted, mean over rows, ignore index -100. */
    public CrossEntropyLoss() {
        this(null, DEFAULT_IGNORE_INDEX, Reduction.MEAN);
    }

    /**
     * @param classWeights one weight per class (length C), or null for all ones
     * @param ignoreIndex label value whose rows are skipped (e.g. -1 for "ignore" anchors)
     * @param reduction MEAN (weighted mean as in PyTorch) or SUM
     */
    public CrossEntropyLoss(float[] classWeights, int ignoreIndex, Reduction reduction) {
        this(classWeights, ignoreIndex, reduction, 0);
    }

    /**
     * @param classWeights one weight per class (length C), or null for all ones
     * @param ignoreIndex label value whose rows are skipped (e.g. -1 for "ignore" anchors)
     * @param reduction MEAN (weighted mean as in PyTorch) or SUM
     * @param labelSmoothing eps in [0, 1] (PyTorch's {@code label_smoothing}); 0 for none
     */
    public CrossEntropyLoss(float[] classWeights, int ignoreIndex, Reduction reduction,
            double labelSmoothing) {
        super("CrossEntropyLoss");
        requireSmoothing(labelSmoothing);
        this.labelSmoothing = labelSmoothing;
        if (classWeights != null) {
            for (float w : classWeights) {
                if (!(w >= 0) || Float.isInfinite(w)) {
                    throw new IllegalArgumentException("class weights must be finite and >= 0, got " + w);
                }
            }
        }
        this.classWeights = classWeights == null ? null : classWeights.clone();
        this.ignoreIndex = ignoreIndex;
        this.reduction = reduction;
    }

    /**
     * Per-row weighted loss and the weight of each row.
     *
     * @param logits (N, C) unnormalised class scores
     * @param labels (N) integer class indices in [0, C) or {@code ignoreIndex}
     * @param classWeights (C) weights or null for ones
     * @param ignoreIndex label that marks rows to skip
     * @return NDList((N) weighted loss per row, 0 on ignored rows; (N) weight of each row, 0 on
     *     ignored rows)
     */
    public static NDList perRow(NDArray logits, NDArray labels, float[] classWeights, int ignoreIndex) {
        return perRow(logits, labels, classWeights, ignoreIndex, 0);
    }

    /**
     * Per-row weighted loss with label smoothing, and the weight of each row.
     *
     * @param logits (N, C) unnormalised class scores
     * @param labels (N) integer class indices in [0, C) or {@code ignoreIndex}
     * @param classWeights (C) weights or null for ones
     * @param ignoreIndex label that marks rows to skip
     * @param labelSmoothing eps in [0, 1], PyTorch's semantics (see the class comment)
     * @return NDList((N) loss per row, 0 on ignored rows; (N) weight w[y_i] of each row, 0 on
     *     ignored rows)
     */
    public static NDList perRow(NDArray logits, NDArray labels, float[] classWeights,
            int ignoreIndex, double labelSmoothing) {
        requireSmoothing(labelSmoothing);
        if (logits.getShape().dimension() != 2) {
            throw new IllegalArgumentException("logits must be (N, C), got " + logits.getShape());
        }
        long n = logits.getShape().get(0);
        long c = logits.getShape().get(1);
        if (labels.getShape().size() != n) {
            throw new IllegalArgumentException("labels must hold one class index per row of the"
                    + " logits " + logits.getShape() + ", got " + labels.getShape());
        }
        if (classWeights != null && classWeights.length != c) {
            throw new IllegalArgumentException("need one class weight per class: " + c
                    + " classes but " + classWeights.length + " weights");
        }
        DataType type = logits.getDataType();
        NDArray label = labels.reshape(n, 1).toType(type, false);
        NDArray counted = label.neq((double) ignoreIndex).toType(type, false);
        // one-hot by comparison with 0..C-1: engine-neutral, ignored rows become all zero
        NDArray classes = logits.getManager().arange(0f, (float) c, 1f, type).reshape(1, c);
        NDArray oneHot = classes.eq(label).toType(type, false).mul(counted);
        NDArray weighted = classWeights == null ? oneHot
                : oneHot.mul(logits.getManager().create(classWeights).toType(type, false).reshape(1, c));
        NDArray logP = logits.logSoftmax(1);
        NDArray loss = logP.mul(weighted).sum(new int[] {1}).neg();
        NDArray rowWeight = weighted.sum(new int[] {1});
        if (labelSmoothing > 0) {
            // the uniform part: eps / C * sum_c w[c] * (-log p[c]), only on counted rows
            NDArray classWeight = classWeights == null ? logP.onesLike()
                    : logits.getManager().create(classWeights).toType(type, false).reshape(1, c);
            NDArray uniform = logP.mul(classWeight).sum(new int[] {1}).neg()
                    .mul(counted.reshape(n));
            loss = loss.mul(1 - labelSmoothing).add(uniform.mul(labelSmoothing / c));
        }
        return new NDList(loss, rowWeight);
    }

    /**
     * Reduced loss.
     *
     * @param logits (N, C) unnormalised class scores
     * @param labels (N) integer class indices in [0, C) or {@code ignoreIndex}
     * @param classWeights (C) weights or null
     * @param ignoreIndex label that marks rows to skip
     * @param reduction NONE gives (N); MEAN the weighted mean; SUM the sum
     * @return the loss
     */
    public static NDArray compute(NDArray logits, NDArray labels, float[] classWeights,
            int ignoreIndex, Reduction reduction) {
        return compute(logits, labels, classWeights, ignoreIndex, reduction, 0);
    }

    /**
     * Reduced loss with label smoothing.
     *
     * @param logits (N, C) unnormalised class scores
     * @param labels (N) integer class indices in [0, C) or {@code ignoreIndex}
     * @param classWeights (C) weights or null
     * @param ignoreIndex label that marks rows to skip
     * @param reduction NONE gives (N); MEAN the weighted mean; SUM the sum
     * @param labelSmoothing eps in [0, 1] (PyTorch's {@code label_smoothing})
     * @return the loss
     */
    public static NDArray compute(NDArray logits, NDArray labels, float[] classWeights,
            int ignoreIndex, Reduction reduction, double labelSmoothing) {
        NDList rows = perRow(logits, labels, classWeights, ignoreIndex, labelSmoothing);
        switch (reduction) {
            case NONE:
                return rows.get(0);
            case SUM:
                return rows.get(0).sum();
            default:
                NDArray total = rows.get(1).sum();
                return rows.get(0).sum().div(total.maximum(1e-12f));
        }
    }

    /** {@inheritDoc} */
    @Override
    public NDArray evaluate(NDList labels, NDList predictions) {
        return compute(predictions.singletonOrThrow(), labels.singletonOrThrow(), classWeights,
                ignoreIndex, reduction.orWhenNone(Reduction.MEAN), labelSmoothing);
    }

    /** The label smoothing eps of this loss (0 for none). */
    public double labelSmoothing() {
        return labelSmoothing;
    }

    private static void requireSmoothing(double eps) {
        if (!(eps >= 0 && eps <= 1)) {
            throw new IllegalArgumentException("labelSmoothing must be in [0, 1] (PyTorch's"
                    + " label_smoothing), got " + eps);
        }
    }
}
