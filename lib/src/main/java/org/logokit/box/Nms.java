package org.logokit.box;

import org.logokit.nd.EngineBuiltins;
import org.logokit.nd.Indices;
import org.logokit.nd.Ranking;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;

/**
 * Greedy non-maximum suppression and the small helpers used around it (score threshold, top-k).
 *
 * <p>Semantics follow torchvision's {@code nms}: boxes are visited from the highest score down;
 * a box is kept unless it overlaps an already kept box with IoU strictly greater than the
 * threshold. Kept indices come back sorted by decreasing score. Ties in score are broken by the
 * lower index first (see {@link Ranking}), identically on every engine.
 *
 * <p>Boxes are {@link BoxFormat#XYXY} (x1, y1, x2, y2), absolute pixel coordinates,
 * exclusive-continuous far edges (area = (x2 - x1) * (y2 - y1)). The greedy pass is MXNet's own
 * NMS operator on MXNet ({@link EngineBuiltins}) and elsewhere vectorised block by block (see
 * {@code blockwise}): no loop over individual boxes, memory O(N x 512). Both give the same kept
 * boxes. Temporaries go to a sub-manager that is closed before returning.
 */
public final class Nms {
    /** Boxes per block of the vectorised greedy pass (memory: BLOCK^2 IoUs per block). */
    static final int BLOCK = 512;

    private Nms() {}

    /**
     * Greedy NMS over all boxes, regardless of class.
     *
     * @param boxes (N, 4) XYXY boxes, absolute pixel coordinates
     * @param scores (N) scores, higher is better
     * @param iouThreshold boxes with IoU &gt; this with a kept, higher-scoring box are removed
     * @return (K) int64 indices into {@code boxes} of the kept boxes, by decreasing score (ties:
     *     lower index first); (0) for no boxes
     * @throws IllegalArgumentException on mismatched shapes or NaN scores
     */
    public static NDArray nms(NDArray boxes, NDArray scores, double iouThreshold) {
        checkInputs(boxes, scores);
        NDManager manager = boxes.getManager();
        long n = boxes.getShape().get(0);
        if (n == 0) {
            return manager.zeros(new Shape(0), DataType.INT64);
        }
        long[] kept;
        try (NDManager scratch = manager.newSubManager()) {
            NDArray order = Ranking.descending(scores);
            order.attach(scratch);
            NDArray sorted = Indices.rows(boxes, order);
            sorted.attach(scratch);
            kept = greedy(sorted, iouThreshold);
            long[] orderOnHost = order.toLongArray();
            for (int i = 0; i < kept.length; i++) {
                kept[i] = orderOnHost[(int) kept[i]];
            }
        }
        return manager.create(kept);
    }

    /**
     * Class-wise ("batched") NMS: boxes of different classes never suppress each other. Uses the
     * coordinate-offset trick: every class is shifted to its own region of the plane, far enough
     * that boxes of different classes cannot overlap, then one plain NMS runs over all of them
     * (computed in float64 so large offsets keep full IoU precision).
     *
     * @param boxes (N, 4) XYXY boxes, absolute pixel coordinates
     * @param scores (N) scores
     * @param classIds (N) integer class of each box
     * @param iouThreshold suppression threshold within one class
     * @return (K) int64 indices of kept boxes, by decreasing score over all classes (ties: lower
     *     index first); (0) for no boxes
     */
    public static NDArray batched(NDArray boxes, NDArray scores, NDArray classIds,
            double iouThreshold) {
        checkInputs(boxes, scores);
        if (classIds.getShape().dimension() != 1
                || classIds.getShape().get(0) != boxes.getShape().get(0)) {
            throw new IllegalArgumentException("classIds must have shape (N) = ("
                    + boxes.getShape().get(0) + "), got " + classIds.getShape());
        }
        NDManager manager = boxes.getManager();
        if (boxes.getShape().get(0) == 0) {
            return manager.zeros(new Shape(0), DataType.INT64);
        }
        try (NDManager scratch = manager.newSubManager()) {
            NDArray wide = boxes.toType(DataType.FLOAT64, true);
            wide.attach(scratch);
            double min = wide.min().getDouble();
            double max = wide.max().getDouble();
            // Class c lives in [min + c * span, max + c * span]: disjoint for different classes.
            double span = max - min + 1;
            NDArray offsets = classIds.toType(DataType.FLOAT64, true);
            offsets.attach(scratch);
            NDArray shifted = wide.add(offsets.mul(span).expandDims(1));
            NDArray keep = nms(shifted, scores, iouThreshold);
            keep.attach(manager);
            return keep;
        }
    }

    /**
     * Indices of the scores strictly above a threshold (torchvision's {@code box_score_thresh}).
     *
     * @param scores (N) scores
     * @param threshold keep scores &gt; threshold
     * @return (K) int64 indices, increasing
     */
    public static NDArray aboveScore(NDArray scores, double threshold) {
        requireScores(scores);
        return Indices.of(scores.gt(threshold));
    }

    /**
     * The k highest scores (e.g. RPN's pre-NMS top-N, or detections per image).
     *
     * @param scores (N) scores
     * @param k how many to keep; fewer come back when N &lt; k
     * @return (min(k, N)) int64 indices, by decreasing score, ties by lower index
     * @throws IllegalArgumentException if k is negative
     */
    public static NDArray topK(NDArray scores, int k) {
        requireScores(scores);
        if (k < 0) {
            throw new IllegalArgumentException("k must be >= 0, got " + k);
        }
        long n = scores.getShape().get(0);
        NDArray order = Ranking.descending(scores);
        if (k >= n) {
            return order;
        }
        if (k == 0) {
            order.close();
            return Indices.empty(scores);
        }
        NDArray top = order.get("0:" + k);
        order.close();
        return top;
    }

    /**
     * Greedy suppression over boxes already sorted by decreasing score: the engine's own NMS
     * operator when it has one ({@link EngineBuiltins#greedyNmsInOrder}, MXNet), else the portable
     * block-wise pass below.
     *
     * @return positions (into {@code sorted}) of the kept boxes, increasing
     */
    private static long[] greedy(NDArray sorted, double iouThreshold) {
        long[] builtin = EngineBuiltins.greedyNmsInOrder(sorted, iouThreshold);
        return builtin != null ? builtin : blockwise(sorted, iouThreshold);
    }

    /**
     * The portable greedy pass, block by block without a per-box loop.
     *
     * <p>Within a block of up to {@link #BLOCK} boxes, "i suppresses j" for i &lt; j is one
     * vectorised IoU matrix. Greedy NMS keeps box j exactly when no kept box before it suppresses
     * it; that rule is iterated as a fixed point over the whole block at once
     * ({@code keep = alive & !any_i(keep[i] & suppresses[i, j])}, the "Cluster-NMS" formulation
     * of Zheng et al. 2021). Its only fixed point is the greedy result, and after t rounds the first
     * t boxes are final, so it stops after at most BLOCK + 1 rounds (in practice a handful). Boxes
     * of later blocks are first checked against everything kept so far in one IoU call.
     * Temporaries are closed as soon as they are used (the matrices are large and memory-bound).
     */
    static long[] blockwise(NDArray sorted, double iouThreshold) {
        NDManager scratch = sorted.getManager();
        int n = (int) sorted.getShape().get(0);
        long[] kept = new long[n];
        int count = 0;
        NDArray keptBoxes = null;
        NDArray upper = null; // (BLOCK, BLOCK) 1 where i < j
        for (int start = 0; start < n; start += BLOCK) {
            int end = Math.min(n, start + BLOCK);
            int b = end - start;
            NDArray block = sorted.get(start + ":" + end);
            NDArray alive;
            if (keptBoxes != null) {
                // the largest margin inter - t * union over the kept boxes: > 0 means suppressed
                NDArray margin = IoU.pairwiseMargin(keptBoxes, block, iouThreshold);
                NDArray worst = margin.max(new int[] {0});
                margin.close();
                alive = worst.lte(0);
                worst.close();
            } else {
                alive = scratch.ones(new Shape(b), DataType.BOOLEAN);
            }
            if (upper == null || upper.getShape().get(0) != b) {
                NDArray index = scratch.arange(0, b, 1, DataType.INT32);
                upper = index.reshape(b, 1).lt(index.reshape(1, b)).toType(DataType.FLOAT32, false);
            }
            // suppresses[i, j]: i comes before j and overlaps it too much
            NDArray margin = IoU.pairwiseMargin(block, block, iouThreshold);
            NDArray overlapping = margin.gt(0).toType(DataType.FLOAT32, false);
            margin.close();
            NDArray suppresses = overlapping.mul(upper);
            overlapping.close();
            NDArray keep = alive;
            for (int round = 0; round <= b; round++) {
                NDArray suppressed = keep.toType(DataType.FLOAT32, false).reshape(1, b)
                        .matMul(suppresses).reshape(b).gt(0);
                NDArray next = alive.logicalAnd(suppressed.logicalNot());
                boolean stable = next.eq(keep).all().getBoolean();
                keep = next;
                if (stable) {
                    break;
                }
            }
            suppresses.close();
            NDArray positions = Indices.of(keep);
            if (positions.size() == 0) {
                continue;
            }
            for (long p : positions.toLongArray()) {
                kept[count++] = start + p;
            }
            NDArray newlyKept = Indices.rows(block, positions);
            keptBoxes = keptBoxes == null ? newlyKept : keptBoxes.concat(newlyKept, 0);
        }
        return java.util.Arrays.copyOf(kept, count);
    }

    static void checkInputs(NDArray boxes, NDArray scores) {
        BoxCheck.requireRows(boxes, "boxes");
        Shape shape = boxes.getShape();
        requireScores(scores);
        if (scores.getShape().get(0) != shape.get(0)) {
            throw new IllegalArgumentException("Need one score per box: boxes " + shape
                    + " but scores " + scores.getShape());
        }
    }

    private static void requireScores(NDArray scores) {
        if (scores.getShape().dimension() != 1) {
            throw new IllegalArgumentException("scores must be 1-D (N), got shape "
                    + scores.getShape() + "; for (N, 1) use scores.reshape(-1)");
        }
    }
}
