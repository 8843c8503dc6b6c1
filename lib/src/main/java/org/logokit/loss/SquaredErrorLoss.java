package org.logokit.loss;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.training.loss.Loss;

/**
 * Squared error ("L2") loss, {@code (prediction - target)²} per element, as PyTorch's
 * {@code MSELoss} (no factor 1/2; DJL's own {@code L2Loss} has one).
 *
 * <p>Its gradient {@code 2 (prediction - target)} grows with the error, which is why an outlier
 * pulls much harder under this loss than under {@link SmoothL1Loss}.
 *
 * <p>As a DJL {@link Loss}: labels = NDList(targets), predictions = NDList(predictions), same shape.
 */
public final class SquaredErrorLoss extends Loss {

    private final Reduction reduction;

    /** Mean over all elements. */
    public SquaredErrorLoss() {
        this(Reduction.MEAN);
    }

    /** @param reduction MEAN or SUM */
    public SquaredErrorLoss(Reduction reduction) {
        super("SquaredErrorLoss");
        this.reduction = reduction;
    }

    /**
     * Per-element squared error.
     *
     * @param predictions any shape
     * @param targets same shape (or broadcastable)
     * @return {@code (predictions - targets)²}
     */
    public static NDArray compute(NDArray predictions, NDArray targets) {
        return predictions.sub(targets).square();
    }

    /** {@inheritDoc} */
    @Override
    public NDArray evaluate(NDList labels, NDList predictions) {
        NDArray perElement = compute(predictions.singletonOrThrow(), labels.singletonOrThrow());
        return reduction.orWhenNone(Reduction.MEAN).reduce(perElement);
    }
}
