package org.logokit.match;

import org.logokit.nd.Select;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import org.logokit.nd.Ranking;

/**
 * SSD's hard negative mining: keep only the background anchors with the highest classification
 * loss, at most {@code negPosRatio} (3 in the paper) per positive anchor of the same image, so that
 * the thousands of easy background boxes do not drown the few objects.
 *
 * <p>Per image: negatives are the anchors that are not positive; they are ranked by loss (highest
 * first, ties by lower anchor index) and the top {@code min(ratio * numPositives, numNegatives)}
 * are selected. The ranking uses {@link Ranking} (a host-side sort, because DJL's argsort is not
 * stable on either engine and ties would pick different anchors on MXNet and PyTorch); turning the
 * ranking into a mask is vectorised.
 */
public final class HardNegativeMiner {
    private final double negPosRatio;

    /** @param negPosRatio negatives kept per positive (SSD: 3) */
    public HardNegativeMiner(double negPosRatio) {
        if (negPosRatio < 0) {
            throw new IllegalArgumentException("negPosRatio must be >= 0, got " + negPosRatio);
        }
        this.negPosRatio = negPosRatio;
    }

    /** The SSD paper's 3:1. */
    public HardNegativeMiner() {
        this(3);
    }

    /**
     * Chooses the hard negatives.
     *
     * @param loss (B, A) or (A) per-anchor classification loss (e.g. cross-entropy against the
     *     background class); not modified, no gradient needed
     * @param positive boolean mask of the positive anchors, same shape as {@code loss}
     * @return boolean mask of the selected negatives, same shape; an image without positives
     *     selects no negatives
     */
    public NDArray mine(NDArray loss, NDArray positive) {
        Shape shape = loss.getShape();
        if (!shape.equals(positive.getShape()) || shape.dimension() < 1 || shape.dimension() > 2) {
            throw new IllegalArgumentException("loss and positive must have the same shape (A) or"
                    + " (B, A); got " + shape + " and " + positive.getShape());
        }
        if (shape.dimension() == 1) {
            return mineRow(loss, positive);
        }
        NDManager manager = loss.getManager();
        if (loss.size() == 0) {
            return manager.zeros(shape, DataType.BOOLEAN);
        }
        try (NDManager scratch = manager.newSubManager()) {
            NDList rows = new NDList();
            for (int b = 0; b < shape.get(0); b++) {
                NDArray row = mineRow(loss.get(b), positive.get(b));
                row.attach(scratch);
                rows.add(row);
            }
            NDArray result = NDArrays.stack(rows);
            result.attach(manager);
            return result;
        }
    }

    private NDArray mineRow(NDArray loss, NDArray positive) {
        NDManager manager = loss.getManager();
        long a = loss.size();
        try (NDManager scratch = manager.newSubManager()) {
            NDArray isPositive = positive.toType(DataType.BOOLEAN, true);
            isPositive.attach(scratch);
            NDArray isNegative = isPositive.logicalNot();
            long numPositive = count(isPositive);
            long numNegative = Math.min(count(isNegative), (long) Math.floor(negPosRatio * numPositive));
            NDArray result;
            if (numNegative == 0) {
                result = scratch.zeros(new Shape(a), DataType.BOOLEAN);
            } else {
                // Positives sink to the bottom of the ranking.
                NDArray values = loss.toType(DataType.FLOAT32, true);
                values.attach(scratch);
                NDArray ranked = Select.where(isPositive,
                        scratch.full(new Shape(1), Float.NEGATIVE_INFINITY), values);
                long[] order = Ranking.descending(ranked.toFloatArray());
                // The last selected anchor: everything ranked before it is selected, including
                // the ties with a lower index.
                long lastIndex = order[(int) numNegative - 1];
                float lastLoss = ranked.getFloat(lastIndex);
                NDArray index = scratch.arange(0, (int) a, 1, DataType.INT64);
                NDArray before = ranked.gt(lastLoss)
                        .logicalOr(ranked.eq(lastLoss).logicalAnd(index.lte(lastIndex)));
                result = before.logicalAnd(isNegative);
            }
            result.attach(manager);
            return result;
        }
    }

    private static long count(NDArray mask) {
        if (mask.size() == 0) {
            return 0;
        }
        return mask.toType(DataType.INT64, false).sum().getLong();
    }
}
