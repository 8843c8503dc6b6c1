package org.logokit.annotate;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.convolutional.Conv2d;

/**
 * Gaussian smoothing of a grey image as two 1-D convolutions (rows, then columns). Near the border
 * the kernel is renormalised over the pixels inside the image (a normalised convolution: the same
 * convolutions applied to an image of ones give the weights), so edges are not darkened.
 */
final class Smoothing {
    private Smoothing() {}

    /**
     * Smooths an image.
     *
     * @param image (H, W), or (C, H, W) smoothed channel by channel
     * @param sigma standard deviation in pixels, positive; the kernel reaches 2.5 sigma each way
     * @return the same shape, on the image's manager
     */
    static NDArray gaussian(NDArray image, double sigma) {
        if (!(sigma > 0)) {
            throw new IllegalArgumentException("sigma must be positive, got " + sigma);
        }
        Shape s = image.getShape();
        long h = s.get(s.dimension() - 2);
        long w = s.get(s.dimension() - 1);
        long planes = s.size() / (h * w);
        int radius = Math.max(1, (int) Math.ceil(2.5 * sigma));
        float[] weights = new float[2 * radius + 1];
        float total = 0;
        for (int i = -radius; i <= radius; i++) {
            weights[i + radius] = (float) Math.exp(-i * i / (2 * sigma * sigma));
            total += weights[i + radius];
        }
        for (int i = 0; i < weights.length; i++) {
            weights[i] /= total;
        }
        NDManager manager = image.getManager();
        try (NDManager scratch = manager.newSubManager()) {
            NDArray x = image.duplicate();
            x.attach(scratch);
            NDArray row = scratch.create(weights, new Shape(1, 1, 1, weights.length));
            NDArray col = scratch.create(weights, new Shape(1, 1, weights.length, 1));
            NDArray smoothed = separable(x.reshape(planes, 1, h, w), row, col, radius);
            NDArray coverage = separable(scratch.ones(new Shape(1, 1, h, w)), row, col, radius);
            NDArray result = smoothed.div(coverage).reshape(s);
            result.attach(manager);
            return result;
        }
    }

    private static NDArray separable(NDArray x, NDArray row, NDArray col, int radius) {
        NDArray across = Conv2d.conv2d(x, row, null, new Shape(1, 1), new Shape(0, radius)).singletonOrThrow();
        return Conv2d.conv2d(across, col, null, new Shape(1, 1), new Shape(radius, 0)).singletonOrThrow();
    }
}
