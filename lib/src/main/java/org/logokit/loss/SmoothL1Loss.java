package org.logokit.loss;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.training.loss.Loss;

/**
 * Smooth L1 loss (Fast R-CNN), torchvision's definition with threshold {@code beta}:
 * {@code 0.5 x²/beta} where {@code |x| < beta}, else {@code |x| - 0.5 beta}, with {@code x =
 * prediction - target}. {@code beta = 0} is plain L1.
 *
 * <p>Its gradient is {@code x / beta} near zero and {@code ±1} beyond {@code beta}: bounded, so a
 * single badly wrong box (an outlier) cannot dominate the update the way it does under the squared
 * error, whose gradient {@code 2x} grows without bound.
 *
 * <p>As a DJL {@link Loss}: labels = NDList(targets), predictions = NDList(predictions), both the
 * same shape (e.g. (N,4) box deltas; any shape works, no box format is assumed).
 */
public final class SmoothL1Loss extends Loss {

    private final double beta;
    private final Reduction reduction;

    /** beta = 1, mean over all elements. */
    public SmoothL1Loss() {
        this(1.0, Reduction.MEAN);
    }

    /**
     * @param beta where the quadratic part ends (torchvision's Faster R-CNN uses 1/9)
     * @param reduction MEAN or SUM (NONE is not a valid training loss here)
     */
    public SmoothL1Loss(double beta, Reduction reduction) {
        super("SmoothL1Loss");
        if (!(beta >= 0)) {
            throw new IllegalArgumentException("beta must be >= 0, got " + beta);
        }
        this.beta = beta;
        this.reduction = reduction;
    }

    /**
     * Per-element smooth L1 loss.
     *
     * @param predictions any shape
     * @param targets same shape as {@code predictions} (or broadcastable)
     * @param beta threshold between the quadratic and the linear part, {@code >= 0}
     * @return per-element loss, the broadcast shape
     */
    public static NDArray compute(NDArray predictions, NDArray targets, double beta) {
        NDArray absolute = predictions.sub(targets).abs();
        if (beta == 0) {
            return absolute;
        }
        // Huber form without branches: q = min(|x|, beta); 0.5 q²/beta + (|x| - q)
        NDArray q = absolute.minimum(beta);
        return q.square().mul(0.5 / beta).add(absolute.sub(q));
    }

    /** {@inheritDoc} */
    @Override
    public NDArray evaluate(NDList labels, NDList predictions) {
        NDArray perElement = compute(predictions.singletonOrThrow(), labels.singletonOrThrow(), beta);
        return reduction.orWhenNone(Reduction.MEAN).reduce(perElement);
    }

    /** @return the threshold beta */
    public double getBeta() {
        return beta;
    }
}
