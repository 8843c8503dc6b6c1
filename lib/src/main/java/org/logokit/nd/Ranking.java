package org.logokit.nd;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.DataType;

/**
 * Deterministic ordering of scores: highest first, ties broken by the lower index first.
 *
 * <p>Why not {@code NDArray.argSort}: neither DJL engine sorts stably (measured on DJL 0.35.1:
 * equal values come out in a different order on MXNet and on PyTorch), so NMS, top-k and hard
 * negative mining would pick different boxes on the two engines whenever scores tie. The order is
 * computed with one primitive sort of 64-bit keys (score bits, then index) on the host, which is
 * O(N log N) and exact.
 */
public final class Ranking {
    private Ranking() {}

    /**
     * Indices that sort {@code values} from highest to lowest, ties by increasing index.
     *
     * @param values (N) float scores; NaN is rejected
     * @return (N) int64 indices on the manager of {@code values}
     * @throws IllegalArgumentException if {@code values} is not 1-D or holds NaN
     */
    public static NDArray descending(NDArray values) {
        if (values.getShape().dimension() != 1) {
            throw new IllegalArgumentException("Expected 1-D scores, got shape " + values.getShape());
        }
        if (values.size() == 0) {
            return Indices.empty(values);
        }
        long[] order = descending(values.toType(DataType.FLOAT32, false).toFloatArray());
        return values.getManager().create(order);
    }

    /**
     * Indices that sort {@code values} from highest to lowest, ties by increasing index.
     *
     * @param values scores; NaN is rejected
     * @return the order as indices into {@code values}
     */
    public static long[] descending(float[] values) {
        long[] keys = new long[values.length];
        for (int i = 0; i < values.length; i++) {
            if (Float.isNaN(values[i])) {
                throw new IllegalArgumentException("Score " + i + " is NaN: check the model"
                        + " output (a diverged training run produces NaN scores).");
            }
            // Inverting the order-preserving integer image of the float sorts high scores first;
            // the index in the low 32 bits breaks ties.
            long primary = ~orderedBits(values[i]);
            keys[i] = (primary << 32) | i;
        }
        java.util.Arrays.sort(keys);
        long[] order = new long[values.length];
        for (int i = 0; i < keys.length; i++) {
            order[i] = keys[i] & 0xFFFFFFFFL;
        }
        return order;
    }

    /** Maps a float to an int whose signed order equals the float order (-0.0 == 0.0). */
    private static int orderedBits(float value) {
        int bits = Float.floatToIntBits(value == 0f ? 0f : value);
        return bits >= 0 ? bits : bits ^ 0x7FFFFFFF;
    }
}
