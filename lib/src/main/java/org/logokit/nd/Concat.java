package org.logokit.nd;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import java.util.List;

/**
 * Concatenation that accepts zero-size parts on every engine.
 *
 * <p>Why this exists: on MXNet 1.9 a zero-size array made by slicing or indexing loses its shape
 * (DJL then reports (0) for a (0, 4) slice) and MXNet refuses to concatenate it with a non-empty
 * array ("Incompatible input shape: expected [-1], got [3,4]"), while PyTorch accepts it. Anchors
 * of an empty feature map, an image with no kept boxes or a level with no proposals all produce
 * such parts. This helper leaves the empty parts out (their shapes are not trusted) and, when
 * every part is empty, builds the empty result itself.
 */
public final class Concat {
    private Concat() {}

    /**
     * Concatenates arrays along an axis, skipping zero-size ones.
     *
     * @param parts arrays of the same rank and data type whose shapes agree except on
     *     {@code axis}; zero-size parts are skipped whatever their shape
     * @param axis the axis to join along (negative counts from the end)
     * @return a new array on the manager of the first part (the inputs are not closed); when every
     *     part is empty, a zero-size array shaped like the part of highest rank with the joined
     *     axis summed (create empty parts with {@code manager.zeros(shape)} to control it)
     * @throws IllegalArgumentException when there are no parts, or the non-empty parts disagree in
     *     rank, data type or the shape off the axis (the message names both shapes)
     */
    public static NDArray along(List<NDArray> parts, int axis) {
        if (parts == null || parts.isEmpty()) {
            throw new IllegalArgumentException("Nothing to concatenate: give at least one array"
                    + " (an empty one is fine).");
        }
        NDArray first = parts.get(0);
        NDList nonEmpty = new NDList();
        NDArray widest = first;
        for (NDArray part : parts) {
            if (part.size() > 0) {
                if (!nonEmpty.isEmpty()) {
                    requireCompatible(nonEmpty.get(0), part, axis);
                }
                nonEmpty.add(part);
            } else if (part.getShape().dimension() > widest.getShape().dimension()) {
                widest = part;
            }
        }
        if (nonEmpty.isEmpty()) {
            int rank = widest.getShape().dimension();
            if (rank == 0) {
                throw new IllegalArgumentException("Cannot concatenate scalars; reshape them to"
                        + " (1) first.");
            }
            int k = normalise(axis, rank);
            long[] dims = widest.getShape().getShape();
            long joined = 0;
            for (NDArray part : parts) {
                if (part.getShape().dimension() == rank) {
                    joined += part.getShape().get(k);
                }
            }
            dims[k] = joined;
            return first.getManager().zeros(new Shape(dims), widest.getDataType());
        }
        NDArray result = nonEmpty.size() == 1
                ? nonEmpty.get(0).duplicate()
                : NDArrays.concat(nonEmpty, axis);
        if (result.getManager() != first.getManager()) {
            result.attach(first.getManager());
        }
        return result;
    }

    /** {@link #along(List, int)} along axis 0, the usual "stack the rows of several sets" case. */
    public static NDArray rows(List<NDArray> parts) {
        return along(parts, 0);
    }

    private static void requireCompatible(NDArray reference, NDArray part, int axis) {
        Shape a = reference.getShape();
        Shape b = part.getShape();
        boolean agree = a.dimension() == b.dimension()
                && reference.getDataType() == part.getDataType();
        int k = agree ? normalise(axis, a.dimension()) : 0;
        for (int d = 0; agree && d < a.dimension(); d++) {
            agree = d == k || a.get(d) == b.get(d);
        }
        if (!agree) {
            throw new IllegalArgumentException("Cannot concatenate " + b + " " + part.getDataType()
                    + " with " + a + " " + reference.getDataType() + " along axis " + axis
                    + ": ranks, data types and every other axis must agree.");
        }
    }

    private static int normalise(int axis, int rank) {
        int k = axis < 0 ? axis + rank : axis;
        if (k < 0 || k >= rank) {
            throw new IllegalArgumentException("Axis " + axis + " does not exist for rank " + rank);
        }
        return k;
    }
}
