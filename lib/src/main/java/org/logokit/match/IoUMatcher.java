package org.logokit.match;

import org.logokit.nd.Select;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import org.logokit.box.IoU;

/**
 * Assigns each anchor (or proposal) to a ground-truth box by IoU, with torchvision's
 * {@code Matcher} semantics:
 *
 * <ul>
 *   <li>best IoU &ge; {@code highThreshold}: matched to the gt box with the highest IoU (ties: the
 *       lower gt index);
 *   <li>{@code lowThreshold} &le; best IoU &lt; {@code highThreshold}: {@link #IGNORE} (-2),
 *       neither object nor background, left out of the loss;
 *   <li>best IoU &lt; {@code lowThreshold}: {@link #BACKGROUND} (-1).
 * </ul>
 *
 * <p>With {@code allowLowQualityMatches} (Faster R-CNN's RPN), every gt box also claims the
 * anchors with the highest IoU it has with any anchor, ties included, even below the high
 * threshold, so that no object is left without an anchor. As in torchvision, such an anchor is
 * labelled with its own best gt (which differs only when the anchor is also the best for another
 * box). Unlike torchvision, a gt box that overlaps no anchor at all (best IoU 0) claims nothing,
 * rather than turning every anchor into a match.
 *
 * <p>Vectorised over the whole (G, A) quality matrix; results are identical on both engines.
 */
public final class IoUMatcher {
    /** Label of anchors below the low threshold. */
    public static final long BACKGROUND = -1;
    /** Label of anchors between the two thresholds: ignored in the loss. */
    public static final long IGNORE = -2;

    private final double highThreshold;
    private final double lowThreshold;
    private final boolean allowLowQualityMatches;

    /**
     * @param highThreshold IoU at or above which an anchor is foreground
     * @param lowThreshold IoU below which an anchor is background; must be &le; highThreshold
     *     (equal thresholds leave no ignored band)
     * @param allowLowQualityMatches whether each gt box also keeps its best anchors
     */
    public IoUMatcher(double highThreshold, double lowThreshold, boolean allowLowQualityMatches) {
        if (lowThreshold > highThreshold) {
            throw new IllegalArgumentException("lowThreshold (" + lowThreshold
                    + ") must not exceed highThreshold (" + highThreshold + ").");
        }
        this.highThreshold = highThreshold;
        this.lowThreshold = lowThreshold;
        this.allowLowQualityMatches = allowLowQualityMatches;
    }

    /** Faster R-CNN's RPN matcher: foreground &ge; 0.7, background &lt; 0.3, low-quality matches on. */
    public static IoUMatcher rpn() {
        return new IoUMatcher(0.7, 0.3, true);
    }

    /** Fast R-CNN head / SSD-style matcher: foreground &ge; 0.5, everything else background. */
    public static IoUMatcher detectionHead() {
        return new IoUMatcher(0.5, 0.5, false);
    }

    /**
     * Matches anchors to gt boxes by plain IoU.
     *
     * @param gtBoxes (G, 4) ground-truth boxes, XYXY, absolute pixel coordinates
     * @param anchors (A, 4) anchors or proposals, XYXY, same coordinates
     * @return (A) int64: matched gt index, {@link #BACKGROUND} or {@link #IGNORE}
     */
    public NDArray match(NDArray gtBoxes, NDArray anchors) {
        try (NDManager scratch = anchors.getManager().newSubManager()) {
            NDArray quality = IoU.pairwise(gtBoxes, anchors);
            quality.attach(scratch);
            NDArray matches = matchQuality(quality);
            matches.attach(anchors.getManager());
            return matches;
        }
    }

    /**
     * Matches from a precomputed quality matrix (IoU or any other "higher is better" score).
     *
     * @param quality (G, A) quality of each (gt, anchor) pair
     * @return (A) int64: matched gt index, {@link #BACKGROUND} or {@link #IGNORE}; all
     *     {@link #BACKGROUND} when G = 0; (0) when A = 0
     */
    public NDArray matchQuality(NDArray quality) {
        Shape shape = quality.getShape();
        if (shape.dimension() != 2) {
            throw new IllegalArgumentException("quality must be (G, A): one row per gt box, one"
                    + " column per anchor; got shape " + shape);
        }
        NDManager manager = quality.getManager();
        long g = shape.get(0);
        long a = shape.get(1);
        if (a == 0) {
            return manager.zeros(new Shape(0), DataType.INT64);
        }
        if (g == 0) {
            return manager.full(new Shape(a), BACKGROUND, DataType.INT64);
        }
        try (NDManager scratch = manager.newSubManager()) {
            NDArray q = quality.toType(DataType.FLOAT32, true);
            q.attach(scratch);
            NDArray best = q.max(new int[] {0});
            // Lowest gt index among the maxima: the same tie-break on every engine.
            NDArray gtIndex = scratch.arange(0, (int) g, 1, DataType.FLOAT32).reshape(g, 1);
            NDArray bestGt = Select.where(q.eq(best.reshape(1, a)), gtIndex,
                    scratch.full(new Shape(1), (float) g)).min(new int[] {0});
            NDArray labels = Select.where(best.lt(lowThreshold),
                    scratch.full(new Shape(1), (float) BACKGROUND),
                    Select.where(best.lt(highThreshold),
                            scratch.full(new Shape(1), (float) IGNORE), bestGt));
            if (allowLowQualityMatches) {
                NDArray bestPerGt = q.max(new int[] {1}, true);
                NDArray isBestForSomeGt = q.eq(bestPerGt).logicalAnd(bestPerGt.gt(0))
                        .toType(DataType.INT32, false).sum(new int[] {0}).gt(0);
                labels = Select.where(isBestForSomeGt, bestGt, labels);
            }
            NDArray result = labels.toType(DataType.INT64, false);
            result.attach(manager);
            return result;
        }
    }
}
