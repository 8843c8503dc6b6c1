package org.logokit.box;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import org.logokit.nd.EngineBuiltins;
import static org.logokit.nd.Temporaries.freeing;

/**
 * The kit's one IoU core: IoU, GIoU, DIoU and CIoU (see {@link IoUKind}), for all pairs of two sets
 * ({@link #pairwise}) or for matched rows ({@link #elementwise}) of NDArrays, and the same formulas
 * on plain Java numbers ({@link #of(double[], double[])}, {@link #pairwise(float[][], float[][])})
 * for evaluation code and for one IoU without an NDManager. Every other part of the kit (NMS,
 * matching, k-means anchors, mAP, data augmentation) computes overlaps through this class.
 *
 * <p>Boxes are {@link BoxFormat#XYXY} (x1, y1, x2, y2) in absolute pixel coordinates with
 * exclusive-continuous far edges: area = (x2 - x1) * (y2 - y1), no "+1" (torchvision's convention).
 * Normalised coordinates give the same values as long as both sets use them.
 *
 * <p>The NDArray versions are built from differentiable operations, so IoU losses (1 - GIoU etc.)
 * back-propagate through them on both engines. For CIoU the weight alpha is treated as a constant
 * during back-propagation (no gradient flows through it), as the CIoU paper prescribes.
 *
 * <p><b>Degenerate boxes</b> (decided here, the same in both versions): widths and heights below
 * zero count as zero, and every denominator (union, enclosing area, enclosing diagonal, box height
 * in the aspect term) is clamped to at least {@link #EPS}. Hence a zero-area box has IoU 0 with
 * everything, including an identical zero-area box (torchvision returns NaN there), and GIoU, DIoU
 * and CIoU of two identical points are 0 as well. In CIoU a box of zero height has aspect angle
 * {@code atan(w / EPS)} (about pi / 2 for w &gt; 0, and 0 for a point), so CIoU of a point inside a box
 * stays finite: for the point (1, 1, 1, 1) and the box (0, 0, 2, 2) it is
 * {@code 0 - 0.2 * 0.25 = -0.05}.
 *
 * <p>On MXNet, plain pairwise IoU of arrays without gradient runs the engine's {@code box_iou}
 * operator ({@link EngineBuiltins#pairwiseIou}), which computes exactly these rules in one pass.
 *
 * <p><b>Memory:</b> results and intermediates live on the manager of {@code a} (as with DJL's own
 * operations; use a per-batch manager in training loops).
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
        NDArray fa = asFloat(a);
        NDArray fb = asFloat(b);
        if (kind == IoUKind.IOU) {
            // an engine's own pairwise IoU where it computes exactly this (MXNet's box_iou)
            NDArray fast = EngineBuiltins.pairwiseIou(fa, fb, EPS);
            if (fast != null) {
                return fast;
            }
        }
        // (N, 1, 4) against (1, M, 4) broadcasts to (N, M).
        return compute(fa.expandDims(1), fb.expandDims(0), kind);
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

    /**
     * Which pairs overlap with IoU strictly above a threshold: the test at the heart of NMS,
     * computed without the division as {@code intersection > threshold * union}. A pair whose
     * union is 0 (two zero-area boxes) never exceeds the threshold, as IoU 0 does not.
     *
     * @param a (K, 4) XYXY boxes
     * @param b (M, 4) XYXY boxes, same coordinates
     * @param threshold IoU threshold
     * @return (K, M) boolean mask, entry [i, j] = IoU(a[i], b[j]) &gt; threshold
     */
    public static NDArray pairwiseAbove(NDArray a, NDArray b, double threshold) {
        NDArray margin = pairwiseMargin(a, b, threshold);
        return freeing(margin.gt(0), margin);
    }

    /**
     * (K, M) matrix {@code intersection - threshold * union} of a[i] and b[j]: positive exactly
     * when IoU(a[i], b[j]) &gt; threshold, without the division (NMS's hot spot; its maximum over
     * kept boxes tells in one reduction whether any of them suppresses a box). A degenerate pair
     * (union 0) has intersection 0 and margin 0, so it never counts as above the threshold.
     *
     * @param a (K, 4) XYXY boxes
     * @param b (M, 4) XYXY boxes, same coordinates
     * @param threshold IoU threshold
     * @return (K, M) float margins
     */
    public static NDArray pairwiseMargin(NDArray a, NDArray b, double threshold) {
        requireRank2(a, "a");
        requireRank2(b, "b");
        NDArray x1 = a.get(":, 0:1");
        NDArray y1 = a.get(":, 1:2");
        NDArray x2 = a.get(":, 2:3");
        NDArray y2 = a.get(":, 3:4");
        NDArray bt = b.transpose();
        NDArray u1 = bt.get("0:1");
        NDArray v1 = bt.get("1:2");
        NDArray u2 = bt.get("2:3");
        NDArray v2 = bt.get("3:4");
        NDArray interW = clampedDifference(x2.minimum(u2), x1.maximum(u1), true);
        NDArray interH = clampedDifference(y2.minimum(v2), y1.maximum(v1), true);
        NDArray inter = freeing(interW.mul(interH), interW, interH);
        NDArray aw = clampedDifference(x2, x1);
        NDArray ah = clampedDifference(y2, y1);
        NDArray areaA = freeing(aw.mul(ah), aw, ah);
        NDArray bw = clampedDifference(u2, u1);
        NDArray bh = clampedDifference(v2, v1);
        NDArray areaB = freeing(bw.mul(bh), bw, bh);
        NDArray sum = freeing(areaA.add(areaB), areaA, areaB);
        NDArray union = freeing(sum.sub(inter), sum);
        NDArray scaledUnion = freeing(union.mul((float) threshold), union);
        NDArray margin = freeing(inter.sub(scaledUnion), inter, scaledUnion);
        return margin;
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
        BoxCheck.requireRows(boxes, name);
    }

    // ---- the same formulas on plain Java numbers ----

    /**
     * Plain IoU of two boxes, without NDArrays.
     *
     * @param a {x1, y1, x2, y2}, XYXY pixels
     * @param b {x1, y1, x2, y2}, same coordinate system
     * @return IoU in [0, 1]; 0 when either box has zero area
     * @throws IllegalArgumentException if a box is not 4 finite numbers with x2 &gt;= x1, y2 &gt;= y1
     */
    public static double of(double[] a, double[] b) {
        return of(a, b, IoUKind.IOU);
    }

    /**
     * IoU, GIoU, DIoU or CIoU of two boxes, without NDArrays.
     *
     * @param a {x1, y1, x2, y2}, XYXY pixels
     * @param b {x1, y1, x2, y2}, same coordinate system
     * @param kind which measure
     * @return the overlap (same value as {@link #elementwise}, in double precision)
     */
    public static double of(double[] a, double[] b, IoUKind kind) {
        BoxCheck.requireBox(a, "a");
        BoxCheck.requireBox(b, "b");
        return of(a[0], a[1], a[2], a[3], b[0], b[1], b[2], b[3], kind);
    }

    /** {@link #of(double[], double[])} for float boxes. */
    public static double of(float[] a, float[] b) {
        return of(a, b, IoUKind.IOU);
    }

    /** {@link #of(double[], double[], IoUKind)} for float boxes. */
    public static double of(float[] a, float[] b, IoUKind kind) {
        BoxCheck.requireBox(a, "a");
        BoxCheck.requireBox(b, "b");
        return of(a[0], a[1], a[2], a[3], b[0], b[1], b[2], b[3], kind);
    }

    /**
     * Overlap of every box in {@code a} with every box in {@code b}, without NDArrays.
     *
     * @param a (N) boxes {x1, y1, x2, y2}
     * @param b (M) boxes {x1, y1, x2, y2}
     * @param kind which measure
     * @return [N][M] overlaps
     */
    public static double[][] pairwise(float[][] a, float[][] b, IoUKind kind) {
        BoxCheck.requireBoxes(a, "a");
        BoxCheck.requireBoxes(b, "b");
        double[][] result = new double[a.length][b.length];
        for (int i = 0; i < a.length; i++) {
            float[] p = a[i];
            for (int j = 0; j < b.length; j++) {
                float[] q = b[j];
                result[i][j] = of(p[0], p[1], p[2], p[3], q[0], q[1], q[2], q[3], kind);
            }
        }
        return result;
    }

    /** Plain IoU of all pairs, without NDArrays; see {@link #pairwise(float[][], float[][], IoUKind)}. */
    public static double[][] pairwise(float[][] a, float[][] b) {
        return pairwise(a, b, IoUKind.IOU);
    }

    /**
     * The scalar core, with exactly the clamping of the NDArray version. Inputs are not checked
     * (hot loops call this directly after checking once).
     */
    public static double of(double ax1, double ay1, double ax2, double ay2, double bx1, double by1,
            double bx2, double by2, IoUKind kind) {
        double aw = Math.max(ax2 - ax1, 0);
        double ah = Math.max(ay2 - ay1, 0);
        double bw = Math.max(bx2 - bx1, 0);
        double bh = Math.max(by2 - by1, 0);
        double interW = Math.max(Math.min(ax2, bx2) - Math.max(ax1, bx1), 0);
        double interH = Math.max(Math.min(ay2, by2) - Math.max(ay1, by1), 0);
        double inter = interW * interH;
        double union = aw * ah + bw * bh - inter;
        double iou = inter / Math.max(union, EPS);
        if (kind == IoUKind.IOU) {
            return iou;
        }
        double cw = Math.max(Math.max(ax2, bx2) - Math.min(ax1, bx1), 0);
        double ch = Math.max(Math.max(ay2, by2) - Math.min(ay1, by1), 0);
        if (kind == IoUKind.GIOU) {
            double enclosing = cw * ch;
            return iou - (enclosing - union) / Math.max(enclosing, EPS);
        }
        double dx = (ax1 + ax2 - (bx1 + bx2)) / 2;
        double dy = (ay1 + ay2 - (by1 + by2)) / 2;
        double diou = iou - (dx * dx + dy * dy) / Math.max(cw * cw + ch * ch, EPS);
        if (kind == IoUKind.DIOU) {
            return diou;
        }
        double angle = Math.atan(bw / Math.max(bh, EPS)) - Math.atan(aw / Math.max(ah, EPS));
        double v = FOUR_OVER_PI_SQUARED * angle * angle;
        double alpha = v / Math.max(1 - iou + v, EPS);
        return diou - alpha * v;
    }

    private static DataType floatType(NDArray boxes) {
        return boxes.getDataType().isFloating() ? boxes.getDataType() : DataType.FLOAT32;
    }

    /** Integer boxes (e.g. read from annotation files) are promoted to float32. */
    private static NDArray asFloat(NDArray boxes) {
        return boxes.getDataType().isFloating() ? boxes : boxes.toType(DataType.FLOAT32, false);
    }
}
