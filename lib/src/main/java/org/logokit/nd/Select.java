package org.logokit.nd;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.types.Shape;

/**
 * Element-wise choice that works on both engines: DJL's {@code where} does not broadcast on
 * PyTorch and MXNet rejects mismatched value shapes, so both values are broadcast to the
 * condition's shape first.
 */
public final class Select {
    private Select() {}

    /** {@code condition ? x : y}, element-wise; x and y broadcast to the condition's shape. */
    public static NDArray where(NDArray condition, NDArray x, NDArray y) {
        Shape shape = condition.getShape();
        NDArray fullX = x.getShape().equals(shape) ? x : x.broadcast(shape);
        NDArray fullY = y.getShape().equals(shape) ? y : y.broadcast(shape);
        return NDArrays.where(condition, fullX, fullY);
    }
}
