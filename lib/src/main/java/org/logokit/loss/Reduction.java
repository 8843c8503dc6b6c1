package org.logokit.loss;

import ai.djl.ndarray.NDArray;

/**
 * How a loss turns its per-element values into what it returns (PyTorch's {@code reduction}).
 *
 * <p>Engine note, true for every loss here: arithmetic on a scalar (0-dimensional) result uses a
 * {@code float} constant, because PyTorch promotes a 0-dim float32 array combined with a Java
 * {@code double} to float64, while MXNet keeps float32.
 */
public enum Reduction {
    /** Keep one value per element (same shape as the per-element loss). */
    NONE,
    /** Average over all elements (an empty input gives 0). */
    MEAN,
    /** Sum over all elements. */
    SUM;

    /**
     * This reduction, or {@code scalar} when this is NONE: what a loss's DJL {@code evaluate}
     * uses, since DJL's training loop needs one number per batch.
     *
     * @param scalar MEAN or SUM, the loss's natural reduction
     */
    public Reduction orWhenNone(Reduction scalar) {
        return this == NONE ? scalar : this;
    }

    /**
     * Applies this reduction.
     *
     * @param perElement per-element loss values, any shape
     * @return {@code perElement} itself for NONE, else a scalar
     */
    public NDArray reduce(NDArray perElement) {
        switch (this) {
            case NONE:
                return perElement;
            case SUM:
                return perElement.sum();
            default:
                long size = perElement.getShape().size();
                return size == 0 ? perElement.sum() : perElement.sum().div((float) size);
        }
    }
}
