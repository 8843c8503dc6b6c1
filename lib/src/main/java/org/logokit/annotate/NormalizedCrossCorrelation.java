package org.logokit.annotate;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.convolutional.Conv2d;

/**
 * Zero-mean normalised cross-correlation (ZNCC) of grey images with templates, as array operations:
 * <pre>
 *   ncc(x, y) = Σ (T - mean T) · (I_xy - mean I_xy) / ( ‖T - mean T‖ · ‖I_xy - mean I_xy‖ )
 * </pre>
 * where {@code I_xy} is the window of the template's size whose top-left corner is (x, y). Because
 * the zero-mean template sums to zero, the numerator is a plain correlation of the image with it:
 * one convolution with the templates as kernels. The window's norm comes from box sums of I and
 * I², each a separable pair of convolutions with rows and columns of ones. The score is in
 * [-1, 1], unchanged by brightness and contrast changes of the window; a window of (nearly) uniform
 * grey scores 0.
 *
 * <p>Results live on the image's manager; temporaries in a sub-manager closed before returning.
 */
public final class NormalizedCrossCorrelation {
    /** Windows whose grey-level standard deviation is below this count as flat (score 0). */
    public static final float MIN_WINDOW_STD = 0.01f;

    private NormalizedCrossCorrelation() {}

    /**
     * Score maps of several same-sized templates.
     *
     * @param image (H, W) grey image
     * @param templates (K, h, w) grey templates, each not uniform, h &lt;= H and w &lt;= W
     * @return (K, H - h + 1, W - w + 1) scores; entry (k, y, x) is template k's window at (x, y)
     * @throws IllegalArgumentException on wrong ranks, a template larger than the image, or a
     *     uniform template (nothing to correlate)
     */
    public static NDArray scores(NDArray image, NDArray templates) {
        Shape is = image.getShape();
        Shape ts = templates.getShape();
        if (is.dimension() != 2 || ts.dimension() != 3) {
            throw new IllegalArgumentException("Expected a (H, W) image and (K, h, w) templates, got " + is + " and "
                    + ts);
        }
        long k = ts.get(0);
        long h = ts.get(1);
        long w = ts.get(2);
        if (h > is.get(0) || w > is.get(1) || h < 1 || w < 1 || k < 1) {
            throw new IllegalArgumentException("Templates of " + w + " x " + h + " px do not fit in an image of "
                    + is.get(1) + " x " + is.get(0) + " px");
        }
        NDManager manager = image.getManager();
        try (NDManager scratch = manager.newSubManager()) {
            NDArray img = image.duplicate();
            img.attach(scratch);
            // centring on the global mean keeps the box sums small (less float cancellation)
            NDArray centred = img.sub(img.mean()).reshape(1, 1, is.get(0), is.get(1));
            NDArray t = templates.duplicate();
            t.attach(scratch);
            // sum / n: PyTorch's DJL mean takes one axis only
            NDArray zeroMean = t.sub(t.sum(new int[] {1, 2}, true).div((float) (h * w)));
            NDArray norms = zeroMean.square().sum(new int[] {1, 2}).sqrt();
            float smallest = norms.min().getFloat();
            float n = h * w;
            if (!(smallest > MIN_WINDOW_STD * Math.sqrt(n))) {
                throw new IllegalArgumentException("A template is (nearly) uniform grey: its standard deviation is "
                        + smallest / Math.sqrt(n) + ". Draw the template box round the logo itself, where there is"
                        + " contrast, not on a plain background.");
            }
            NDArray kernels = zeroMean.reshape(k, 1, h, w);
            NDArray numerator = Conv2d.conv2d(centred, kernels).singletonOrThrow();
            NDArray sum = boxSum(centred, h, w, scratch);
            NDArray sumSquares = boxSum(centred.square(), h, w, scratch);
            NDArray variance = sumSquares.sub(sum.square().div(n)).maximum(0f);
            NDArray valid = variance.gt(MIN_WINDOW_STD * MIN_WINDOW_STD * n).toType(variance.getDataType(), false);
            NDArray denominator = variance.maximum(1e-12f).sqrt().mul(norms.reshape(1, k, 1, 1));
            NDArray result = numerator.div(denominator).mul(valid).clip(-1f, 1f).reshape(k, is.get(0) - h + 1,
                    is.get(1) - w + 1);
            result.attach(manager);
            return result;
        }
    }

    /** Sums over every h × w window of a (1, 1, H, W) array: (1, 1, H - h + 1, W - w + 1). */
    static NDArray boxSum(NDArray x, long h, long w, NDManager scratch) {
        NDArray rows = scratch.ones(new Shape(1, 1, 1, w), x.getDataType());
        NDArray cols = scratch.ones(new Shape(1, 1, h, 1), x.getDataType());
        NDArray across = Conv2d.conv2d(x, rows).singletonOrThrow();
        return Conv2d.conv2d(across, cols).singletonOrThrow();
    }
}
