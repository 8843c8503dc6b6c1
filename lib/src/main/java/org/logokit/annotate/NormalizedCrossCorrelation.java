package org.logokit.annotate;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.convolutional.Conv2d;

/**
 * Zero-mean normalised cross-correlation (ZNCC) of images with templates, as array operations:
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
 * <p>Images may have several channels (colour, {@code (C, H, W)} with {@code (K, C, h, w)}
 * templates): means are taken per channel and the sums run over all channels, so the score is the
 * cosine between the two zero-mean colour windows as vectors. A template may also carry a mask
 * ({@link #scores(NDArray, NDArray, NDArray)}): only pixels inside it count.
 *
 * <p>Results live on the image's manager; temporaries in a sub-manager closed before returning.
 */
public final class NormalizedCrossCorrelation {
    /** Windows whose standard deviation (per pixel and channel) is below this count as flat (score 0). */
    public static final float MIN_WINDOW_STD = 0.01f;

    private NormalizedCrossCorrelation() {}

    /**
     * Score maps of several same-sized templates.
     *
     * @param image (H, W) grey image, or (C, H, W) with C channels
     * @param templates (K, h, w) grey templates, or (K, C, h, w); each not uniform, h &lt;= H and
     *     w &lt;= W
     * @return (K, H - h + 1, W - w + 1) scores; entry (k, y, x) is template k's window at (x, y)
     * @throws IllegalArgumentException on wrong ranks, a template larger than the image, or a
     *     uniform template (nothing to correlate)
     */
    public static NDArray scores(NDArray image, NDArray templates) {
        return correlate(image, templates, null);
    }

    /**
     * Score maps of several same-sized templates, each counted only inside its own mask (a template
     * turned by a small angle fills a rotated rectangle of its canvas; the corners are not logo):
     * <pre>
     *   ncc_k(x, y) = Σ M_k (T_k - m_k)(I_xy - μ_xy) / ( ‖M_k (T_k - m_k)‖ · sqrt(Σ M_k (I_xy - μ_xy)²) )
     * </pre>
     * with {@code m_k} the template's mean and {@code μ_xy} the window's mean over the mask. The
     * window sums over the mask are convolutions of I and I² with the masks, so the cost is three
     * convolutions per template instead of one. With masks of ones this equals {@link #scores(NDArray, NDArray)}.
     *
     * @param image (H, W) grey image, or (C, H, W)
     * @param templates (K, h, w) templates, or (K, C, h, w)
     * @param masks (K, h, w) weights, 1 inside the template and 0 outside (shared by the channels)
     * @return (K, H - h + 1, W - w + 1) scores
     * @throws IllegalArgumentException on wrong shapes, a mask of fewer than 2 pixels, or a template
     *     uniform inside its mask
     */
    public static NDArray scores(NDArray image, NDArray templates, NDArray masks) {
        if (masks == null) {
            throw new IllegalArgumentException("Give the masks, or call scores(image, templates) without them");
        }
        return correlate(image, templates, masks);
    }

    private static NDArray correlate(NDArray image, NDArray templates, NDArray masks) {
        Shape is = image.getShape();
        Shape ts = templates.getShape();
        boolean grey = is.dimension() == 2 && ts.dimension() == 3;
        boolean colour = is.dimension() == 3 && ts.dimension() == 4 && ts.get(1) == is.get(0);
        if (!grey && !colour) {
            throw new IllegalArgumentException("Expected a (H, W) image with (K, h, w) templates, or a (C, H, W) image"
                    + " with (K, C, h, w) templates, got " + is + " and " + ts);
        }
        long c = grey ? 1 : is.get(0);
        long ih = is.get(is.dimension() - 2);
        long iw = is.get(is.dimension() - 1);
        long k = ts.get(0);
        long h = ts.get(ts.dimension() - 2);
        long w = ts.get(ts.dimension() - 1);
        if (masks != null && !masks.getShape().equals(new Shape(k, h, w))) {
            throw new IllegalArgumentException("Expected (K, h, w) = " + new Shape(k, h, w) + " masks, got "
                    + masks.getShape());
        }
        if (h > ih || w > iw || h < 1 || w < 1 || k < 1) {
            throw new IllegalArgumentException("Templates of " + w + " x " + h + " px do not fit in an image of "
                    + iw + " x " + ih + " px");
        }
        NDManager manager = image.getManager();
        try (NDManager scratch = manager.newSubManager()) {
            NDArray img = image.duplicate();
            img.attach(scratch);
            // centring each channel on its global mean keeps the box sums small (less float cancellation)
            NDArray planes = img.reshape(c, 1, ih, iw);
            NDArray centred = planes.sub(planes.sum(new int[] {2, 3}, true).div((float) (ih * iw)));
            NDArray t = templates.duplicate();
            t.attach(scratch);
            t = t.reshape(k, c, h, w);
            NDArray m = masks == null ? scratch.ones(new Shape(k, 1, h, w), t.getDataType())
                    : masks.duplicate().toType(t.getDataType(), false).reshape(k, 1, h, w);
            m.attach(scratch);
            NDArray counts = m.sum(new int[] {1, 2, 3}, true); // (K, 1, 1, 1)
            if (!(counts.min().getFloat() >= 2)) {
                throw new IllegalArgumentException("A template mask covers fewer than 2 pixels: nothing to correlate");
            }
            // sum / n: PyTorch's DJL mean takes one axis only
            NDArray zeroMean = t.sub(t.mul(m).sum(new int[] {2, 3}, true).div(counts)).mul(m);
            NDArray norms = zeroMean.square().sum(new int[] {1, 2, 3}).sqrt(); // (K)
            NDArray smallest = norms.div(counts.reshape(k).mul((float) c).sqrt()).min();
            if (!(smallest.getFloat() > MIN_WINDOW_STD)) {
                throw new IllegalArgumentException("A template is (nearly) uniform grey: its standard deviation is "
                        + smallest.getFloat() + ". Draw the template box round the logo itself, where there is"
                        + " contrast, not on a plain background.");
            }
            NDArray numerator = Conv2d.conv2d(centred.reshape(1, c, ih, iw), zeroMean).singletonOrThrow();
            NDArray sum;
            NDArray sumSquares;
            if (masks == null) {
                sum = boxSum(centred, h, w, scratch); // (C, 1, H', W')
                sumSquares = boxSum(centred.square(), h, w, scratch);
            } else {
                sum = Conv2d.conv2d(centred, m).singletonOrThrow(); // (C, K, H', W')
                sumSquares = Conv2d.conv2d(centred.square(), m).singletonOrThrow();
            }
            NDArray n = counts.reshape(1, k, 1, 1);
            // per channel, Σ (I - μ)² = Σ I² - (Σ I)² / n; then summed over the channels
            NDArray variance = sumSquares.sub(sum.square().div(n)).maximum(0f).sum(new int[] {0}, true);
            NDArray valid = variance.gt(n.mul(c * MIN_WINDOW_STD * MIN_WINDOW_STD)).toType(variance.getDataType(),
                    false);
            NDArray denominator = variance.maximum(1e-12f).sqrt().mul(norms.reshape(1, k, 1, 1));
            NDArray result = numerator.div(denominator).mul(valid).clip(-1f, 1f).reshape(k, ih - h + 1, iw - w + 1);
            result.attach(manager);
            return result;
        }
    }

    /** Sums over every h × w window of a (N, 1, H, W) array: (N, 1, H - h + 1, W - w + 1). */
    static NDArray boxSum(NDArray x, long h, long w, NDManager scratch) {
        NDArray rows = scratch.ones(new Shape(1, 1, 1, w), x.getDataType());
        NDArray cols = scratch.ones(new Shape(1, 1, h, 1), x.getDataType());
        NDArray across = Conv2d.conv2d(x, rows).singletonOrThrow();
        return Conv2d.conv2d(across, cols).singletonOrThrow();
    }
}
