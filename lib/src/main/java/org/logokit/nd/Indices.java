package org.logokit.nd;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;

/**
 * Index arrays that behave the same on every engine.
 *
 * <p>Why this exists: MXNet's boolean-mask indexing crashes the JVM on an empty array, and the
 * engines disagree on index data types. Going through {@code nonzero} and always returning int64
 * gives one behaviour everywhere.
 */
public final class Indices {
    private Indices() {}

    /**
     * Positions where a 1-D mask is true.
     *
     * @param mask (N) boolean (or numeric, non-zero = true) mask
     * @return (K) int64 indices in increasing order; (0) when nothing is true or N = 0
     */
    public static NDArray of(NDArray mask) {
        if (mask.getShape().dimension() != 1) {
            throw new IllegalArgumentException("Expected a 1-D mask, got shape " + mask.getShape());
        }
        if (mask.size() == 0) {
            return empty(mask);
        }
        return mask.nonzero().reshape(-1).toType(DataType.INT64, false);
    }

    /**
     * Rows of {@code array} at the given indices (like {@code array[indices]} in NumPy).
     *
     * @param array (N, ...) array
     * @param indices (K) integer indices into the first axis
     * @return (K, ...) rows; correctly shaped and empty when K = 0
     */
    public static NDArray rows(NDArray array, NDArray indices) {
        if (indices.size() == 0) {
            Shape rest = array.getShape().slice(1);
            return array.getManager().zeros(new Shape(0).addAll(rest), array.getDataType());
        }
        return array.get(indices.toType(DataType.INT64, false));
    }

    /** An empty (0) int64 array on the manager of {@code like}. */
    public static NDArray empty(NDArray like) {
        return like.getManager().zeros(new Shape(0), DataType.INT64);
    }
}
