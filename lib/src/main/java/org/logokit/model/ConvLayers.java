package org.logokit.model;

import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.Block;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.nn.norm.BatchNorm;

/**
 * The convolution layers detector heads and extra feature layers are made of, so that every head
 * spells "3×3 conv, batch norm, ReLU" the same way.
 */
public final class ConvLayers {
    private ConvLayers() {}

    /**
     * A square convolution with a bias (e.g. the last, predicting layer of a head).
     *
     * @param channels output channels
     * @param kernel kernel side
     * @param stride stride
     * @param padding zero padding on each side
     */
    public static Conv2d conv(int channels, int kernel, int stride, int padding) {
        requirePositive(channels, kernel, stride);
        return Conv2d.builder().setFilters(channels).setKernelShape(new Shape(kernel, kernel))
                .optStride(new Shape(stride, stride)).optPadding(new Shape(padding, padding)).build();
    }

    /**
     * Convolution (no bias: batch norm has one), batch norm, ReLU.
     *
     * @param channels output channels
     * @param kernel kernel side
     * @param stride stride
     * @param padding zero padding on each side
     */
    public static Block convBnRelu(int channels, int kernel, int stride, int padding) {
        requirePositive(channels, kernel, stride);
        return new ReleasingSequentialBlock()
                .add(Conv2d.builder().setFilters(channels).setKernelShape(new Shape(kernel, kernel))
                        .optStride(new Shape(stride, stride)).optPadding(new Shape(padding, padding))
                        .optBias(false).build())
                .add(BatchNorm.builder().build())
                .add(Activation::relu);
    }

    private static void requirePositive(int channels, int kernel, int stride) {
        if (channels < 1 || kernel < 1 || stride < 1) {
            throw new IllegalArgumentException("channels, kernel and stride must be positive, got "
                    + channels + ", " + kernel + ", " + stride);
        }
    }
}
