package org.logokit.loss;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.DataType;
import ai.djl.training.loss.Loss;

/**
 * Loss of the R-CNN box head (Fast/Faster R-CNN), as torchvision's {@code fastrcnn_loss}: softmax
 * cross-entropy over K+1 classes (0 = background) for every sampled RoI, plus smooth L1 on the box
 * deltas <em>of the RoI's true class</em> (the head predicts one set of deltas per class) for the
 * foreground RoIs.
 *
 * <pre>
 *   classification = mean over RoIs of CE(logits, label)
 *   box            = sum over foreground RoIs of smoothL1(deltas[label] - target; beta) / number of RoIs
 * </pre>
 *
 * <p>As a DJL {@link Loss}: labels = NDList((R) integer labels in [0, K], (R, 4) target deltas),
 * predictions = NDList((R, K+1) class logits, (R, (K+1)*4) class-specific deltas, class-major:
 * columns 4k..4k+3 belong to class k).
 */
public final class FastRcnnLoss extends Loss {

    private final double beta;

    /** torchvision's beta = 1/9. */
    public FastRcnnLoss() {
        this(1.0 / 9);
    }

    /** @param beta smooth L1 threshold */
    public FastRcnnLoss(double beta) {
        super("FastRcnnLoss");
        this.beta = beta;
    }

    /**
     * The two terms.
     *
     * @param classLogits (R, K+1)
     * @param boxDeltas (R, (K+1)*4)
     * @param labels (R) integer labels, 0 = background
     * @param targetDeltas (R, 4) encoded ground truth of each RoI
     * @param beta smooth L1 threshold
     * @return NDList(classification loss, box loss), scalars
     */
    public static NDList terms(NDArray classLogits, NDArray boxDeltas, NDArray labels,
            NDArray targetDeltas, double beta) {
        long r = classLogits.getShape().get(0);
        long k1 = classLogits.getShape().get(1);
        if (boxDeltas.getShape().get(0) != r || boxDeltas.getShape().get(1) != 4 * k1) {
            throw new IllegalArgumentException("box deltas must be (R, (K+1)*4) = (" + r + ", "
                    + 4 * k1 + "), got " + boxDeltas.getShape());
        }
        DataType type = classLogits.getDataType();
        NDArray classification = CrossEntropyLoss.compute(classLogits, labels, null,
                CrossEntropyLoss.DEFAULT_IGNORE_INDEX, Reduction.MEAN);
        // pick each RoI's own class deltas with a one-hot mask (a differentiable, engine-neutral gather)
        NDArray label = labels.reshape(r, 1).toType(type, false);
        NDArray classes = classLogits.getManager().arange(0f, (float) k1, 1f, type).reshape(1, k1);
        NDArray own = classes.eq(label).toType(type, false).reshape(r, k1, 1);
        NDArray picked = boxDeltas.reshape(r, k1, 4).mul(own).sum(new int[] {1});
        NDArray foreground = label.gt(0.0).toType(type, false);
        NDArray box = SmoothL1Loss.compute(picked, targetDeltas.toType(type, false), beta)
                .mul(foreground).sum().div((float) Math.max(1, r));
        return new NDList(classification, box);
    }

    /** {@inheritDoc} */
    @Override
    public NDArray evaluate(NDList labels, NDList predictions) {
        NDList t = terms(predictions.get(0), predictions.get(1), labels.get(0), labels.get(1), beta);
        return t.get(0).add(t.get(1));
    }
}
