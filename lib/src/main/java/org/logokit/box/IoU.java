package org.logokit.box;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import static org.logokit.nd.Temporaries.freeing;

/**
 * Overlap between boxes: IoU, GIoU, DIoU and CIoU (see {@link IoUKind}), for all pairs of two sets
 * ({@link #pairwise}) or for matched rows ({@link #elementwise}).
 *
 * <p>Boxes are {@link BoxFormat#XYXY} (x1, y1, x2, y2) in absolute pixel coordinates with
 * exclusive-continuous far edges: area = (x2 - x1) * (y2 - y1), no "+1" (torchvision's convention).
 * Normalised coordinates give the same values as long as both sets use them.
 *
 * <p>Everything is built from differentiable NDArray operations, so IoU losses (1 - GIoU etc.) can
 * back-propagate through it on both engines. Degenerate boxes are safe: widths and heights below
 * zero count as zero, and every denominator (union, enclosing area, enclosing diagonal, box height)
 * is clamped to at least {@link #EPS}, so a zero-area box has IoU 0 with everything (not NaN) and
 * gradients stay finite. For CIoU the weight alpha is treated as a constant during back-propagation
 * (no gradient flows through it), as the CIoU paper prescribes.
 *
 * <p>Results live on the manager of {@code a}; intermediate arrays too (use a per-batch manager in
 * training loops, as DJL's own losses do).
 */
public final class IoU {
    /** Smallest denominator: keeps degenerate boxes at 0 instead of NaN. */
    public static final float EPS = 1e-7f;

    private static final double FOUR_OVER_PI_SQUARED = 4.0 / (Math.PI * Math.PI);

    private IoU() {}

    /**
     * Overlap of every box in {@code a} with every box in {@code b}.
     *
     * @param a (N, 4) boxes, XYXY, absolute pixel coordinates
     * @param b (M, 4) boxes, XYXY, same coordinate system as {@code a}
     * @param kind which measure to compute
     * @return (N, M) float array, entry [i, j] = overlap(a[i], b[j]); (0, M) or (N, 0) when a set
     *     is empty
     * @throws IllegalArgumentException if either array is not (K, 4)
     */
    public static NDArray pairwise(NDArray a, NDArray b, IoUKind kind) {
        requireRank2(a, "a");
        requireRank2(b, "b");
        long n = a.getShape().get(0);
        long m = b.getShape().get(0);
        if (n == 0 || m == 0) {
            return a.getManager().zeros(new Shape(n, m), floatType(a));
        }
        // (N, 1, 4) against (1, M, 4) broadcasts to (N, M).
        return compute(asFloat(a).expandDims(1), asFloat(b).expandDims(0), kind);
    }

    /**
     * Plain IoU of every box in {@code a} with every box in {@code b}; same as
     * {@code pairwise(a, b, IoUKind.IOU)}.
     *
     * @param a (N, 4) boxes, XYXY, absolute pixel coordinates
     * @param b (M, 4) boxes, XYXY
     * @return (N, M) IoU in [0, 1]
     */
    public static NDArray pairwise(NDArray a, NDArray b) {
        return pairwise(a, b, IoUKind.IOU);
    }

    /**
     * Overlap of {@code a[i]} with {@code b[i]} for each row i (e.g. predictions with their matched
     * targets, as IoU losses need).
     *
     * @param a (N, 4) boxes, XYXY, absolute pixel coordinates
     * @param b (N, 4) boxes, XYXY, same coordinate system
     * @param kind which measure to compute
     * @return (N) float array; (0) when N = 0
     * @throws IllegalArgumentException if the arrays are not (N, 4) with the same N
     */
    public static NDArray elementwise(NDArray a, NDArray b, IoUKind kind) {
        requireRank2(a, "a");
        requireRank2(b, "b");
        long n = a.getShape().get(0);
        if (n != b.getShape().get(0)) {
            throw new IllegalArgumentException("elementwise IoU needs the same number of boxes in"
                    + " both arrays, but a is " + a.getShape() + " and b is " + b.getShape()
                    + ". Use IoU.pairwise for all pairs.");
        }
        if (n == 0) {
            return a.getManager().zeros(new Shape(0), floatType(a));
        }
        return compute(asFloat(a), asFloat(b), kind);
    }

    /**
     * The core: overlap of two broadcast-compatible (..., 4) XYXY arrays, reduced over the last
     * axis.
     */
    private static NDArray compute(NDArray a, NDArray b, IoUKind kind) {
        NDArray ax1 = BoxFormat.coordinate(a, 0);
        NDArray ay1 = BoxFormat.coordinate(a, 1);
        NDArray ax2 = BoxFormat.coordinate(a, 2);
        NDArray ay2 = BoxFormat.coordinate(a, 3);
        NDArray bx1 = BoxFormat.coordinate(b, 0);
        NDArray by1 = BoxFormat.coordinate(b, 1);
        NDArray bx2 = BoxFormat.coordinate(b, 2);
        NDArray by2 = BoxFormat.coordinate(b, 3);

        // Inverted boxes (x2 < x1) count as empty rather than as negative area.
        NDArray aw = clampedDifference(ax2, ax1);
        NDArray ah = clampedDifference(ay2, ay1);
        NDArray bw = clampedDifference(bx2, bx1);
        NDArray bh = clampedDifference(by2, by1);

        // Each temporary is freed as soon as it is used (the matrices are large; see Temporaries).
        NDArray interW = clampedDifference(ax2.minimum(bx2), ax1.maximum(bx1), true);
        NDArray interH = clampedDifference(ay2.minimum(by2), ay1.maximum(by1), true);
        NDArray inter = freeing(interW.mul(interH), interW, interH);
        NDArray areaA = aw.mul(ah);
        NDArray areaB = bw.mul(bh);
        NDArray areaSum = freeing(areaA.add(areaB), areaA, areaB);
        NDArray union = freeing(areaSum.sub(inter), areaSum);
        NDArray unionAtLeastEps = union.maximum(EPS);
        NDArray iou = freeing(inter.div(unionAtLeastEps), inter, unionAtLeastEps);
        if (kind == IoUKind.IOU) {
            freeing(iou, union, aw, ah, bw, bh);
            return iou;
        }

        // Smallest enclosing box C.
        NDArray cw = clampedDifference(ax2.maximum(bx2), ax1.minimum(bx1), true);
        NDArray ch = clampedDifference(ay2.maximum(by2), ay1.minimum(by1), true);
        if (kind == IoUKind.GIOU) {
            freeing(null, aw, ah, bw, bh);
            NDArray enclosing = freeing(cw.mul(ch), cw, ch);
            NDArray gap = freeing(enclosing.sub(union), union);
            NDArray enclosingAtLeastEps = freeing(enclosing.maximum(EPS), enclosing);
            NDArray penalty = freeing(gap.div(enclosingAtLeastEps), gap, enclosingAtLeastEps);
            return freeing(iou.sub(penalty), iou, penalty);
        }
        union.close();

        // Squared centre distance over squared enclosing diagonal.
        NDArray dx = ax1.add(ax2).sub(bx1.add(bx2)).div(2);
        NDArray dy = ay1.add(ay2).sub(by1.add(by2)).div(2);
        NDArray rho2 = freeing(dx.square().add(dy.square()), dx, dy);
        NDArray c2 = freeing(cw.square().add(ch.square()), cw, ch);
        NDArray c2AtLeastEps = freeing(c2.maximum(EPS), c2);
        NDArray distance = freeing(rho2.div(c2AtLeastEps), rho2, c2AtLeastEps);
        NDArray diou = freeing(iou.sub(distance), distance);
        if (kind == IoUKind.DIOU) {
            freeing(null, iou, aw, ah, bw, bh);
            return diou;
        }

        NDArray angleA = aw.div(ah.maximum(EPS)).atan();
        NDArray angleB = bw.div(bh.maximum(EPS)).atan();
        freeing(null, aw, ah, bw, bh);
        NDArray v = angleB.sub(angleA).square().mul(FOUR_OVER_PI_SQUARED);
        // alpha is a weight, not something to optimise: the CIoU paper gives it no gradient.
        NDArray alpha = v.div(iou.neg().add(1).add(v).maximum(EPS)).stopGradient();
        return diou.sub(alpha.mul(v));
    }

    /** max(0, hi - lo) of two coordinates; the inputs stay open. */
    private static NDArray clampedDifference(NDArray hi, NDArray lo) {
        return clampedDifference(hi, lo, false);
    }

    /** max(0, hi - lo); with {@code freeInputs} the two (temporary) inputs are closed. */
    private static NDArray clampedDifference(NDArray hi, NDArray lo, boolean freeInputs) {
        NDArray difference = hi.sub(lo);
        if (freeInputs) {
            freeing(null, hi, lo);
        }
        return freeing(difference.maximum(0), difference);
    }

    private static void requireRank2(NDArray boxes, String name) {
        Shape shape = boxes.getShape();
        if (shape.dimension() != 2 || shape.get(1) != 4) {
            throw new IllegalArgumentException("Boxes '" + name + "' must have shape (N, 4) in"
                    + " XYXY format, but have shape " + shape + ". Reshape with reshape(-1, 4)"
                    + " or convert with BoxFormat.convert.");
        }
    }

    private static DataType floatType(NDArray boxes) {
        return boxes.getDataType().isFloating() ? boxes.getDataType() : DataType.FLOAT32;
    }

    /** Integer boxes (e.g. read from annotation files) are promoted to float32. */
    private static NDArray asFloat(NDArray boxes) {
        return boxes.getDataType().isFloating() ? boxes : boxes.toType(DataType.FLOAT32, false);
    }
}
