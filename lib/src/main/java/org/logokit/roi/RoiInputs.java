package org.logokit.roi;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.util.ArrayList;
import java.util.List;

/**
 * Shared plumbing of the RoI operations: input checks and the loop over the images of a batch.
 *
 * <p>Every RoI op works on one image's feature map (C,H,W) at a time, because each RoI reads only
 * the map of its own image. The loop runs over the N images of the batch (small), never over RoIs,
 * bins or pixels; each op may split one image's RoIs into chunks to bound memory.
 */
final class RoiInputs {

    /** Largest intermediate (in elements) one chunk of RoIs may create; keeps memory bounded. */
    static final long DEFAULT_CHUNK_ELEMENTS = 24L << 20;

    /** The budget in use; tests lower it to exercise the chunked path on small inputs. */
    static volatile long chunkElements = DEFAULT_CHUNK_ELEMENTS;

    private RoiInputs() {}

    /** Computes the pooled features of the RoIs of one image. */
    interface PerImage {
        /**
         * @param featureMap (C,H,W) map of one image
         * @param boxes (K,4) XYXY boxes in input-image pixels (already without the batch column)
         * @return (K,C,outH,outW)
         */
        NDArray pool(NDArray featureMap, NDArray boxes);
    }

    /** Checks an op's settings and says what to do when they are wrong. */
    static void checkSettings(String op, int outH, int outW, double scale) {
        if (outH <= 0 || outW <= 0) {
            throw new IllegalArgumentException(op + ": output size must be positive, got "
                    + outH + "x" + outW);
        }
        if (!(scale > 0) || Double.isInfinite(scale)) {
            throw new IllegalArgumentException(op + ": spatialScale must be a positive number"
                    + " (feature size / image size, e.g. 1/16), got " + scale);
        }
    }

    /** Checks the shapes of the inputs and says what to do when they are wrong. */
    static void checkInputs(String op, NDArray features, NDArray rois) {
        if (features.getShape().dimension() != 4) {
            throw new IllegalArgumentException(op + ": features must be (N,C,H,W), got "
                    + features.getShape() + "; add a batch axis with features.expandDims(0)");
        }
        Shape rs = rois.getShape();
        if (rs.dimension() != 2 || rs.get(1) != 5) {
            throw new IllegalArgumentException(op + ": rois must be (K,5) rows of (batchIndex, x1, y1,"
                    + " x2, y2) in input-image pixels, got " + rs
                    + "; prepend the batch index column to (K,4) boxes");
        }
        DataType t = features.getDataType();
        if (t != DataType.FLOAT32 && t != DataType.FLOAT64) {
            throw new IllegalArgumentException(op + ": features must be float32 or float64, got " + t);
        }
    }

    /**
     * The (K,5) RoIs copied to the host (row-major), after checking that every batch index is a
     * whole number naming an image of the batch.
     *
     * @throws IllegalArgumentException naming the first bad RoI
     */
    static float[] checkedOnHost(String op, NDArray features, NDArray rois) {
        long n = features.getShape().get(0);
        float[] host = rois.toType(DataType.FLOAT32, false).toFloatArray();
        for (int i = 0; 5 * i < host.length; i++) {
            float b = host[5 * i];
            if (b != Math.rint(b) || b < 0 || b >= n) {
                throw new IllegalArgumentException(op + ": RoI " + i + " has batch index " + b
                        + " but the batch holds images 0.." + (n - 1));
            }
        }
        return host;
    }

    /**
     * Runs {@code perImage} over the images that have RoIs and puts the results back in RoI order.
     *
     * @param features (N,C,H,W)
     * @param rois (K,5) = (batch index, x1, y1, x2, y2), input-image pixels
     * @return (K,C,outH,outW) in the features' data type
     */
    static NDArray forEachImage(String op, NDArray features, NDArray rois, int outH, int outW,
            PerImage perImage) {
        Shape fs = features.getShape();
        long n = fs.get(0);
        long c = fs.get(1);
        long k = rois.getShape().get(0);
        if (k == 0) {
            return features.getManager().zeros(new Shape(0, c, outH, outW), features.getDataType(),
                    features.getDevice());
        }
        NDArray typed = rois.toType(features.getDataType(), false);
        float[] host = checkedOnHost(op, features, rois);
        List<List<Integer>> groups = new ArrayList<>();
        for (int b = 0; b < n; b++) {
            groups.add(new ArrayList<>());
        }
        for (int i = 0; i < k; i++) {
            groups.get((int) host[5 * i]).add(i);
        }
        NDList parts = new NDList();
        long[] order = new long[(int) k];
        int filled = 0;
        for (int b = 0; b < n; b++) {
            List<Integer> group = groups.get(b);
            if (group.isEmpty()) {
                continue;
            }
            NDArray boxes;
            if (group.size() == k) {
                boxes = typed.get(":, 1:5");
            } else {
                long[] idx = group.stream().mapToLong(Integer::longValue).toArray();
                boxes = typed.get(":, 1:5").get(features.getManager().create(idx));
            }
            parts.add(perImage.pool(features.get(b), boxes));
            for (int idx : group) {
                order[filled++] = idx;
            }
        }
        NDArray stacked = parts.size() == 1 ? parts.get(0) : NDArrays.concat(parts, 0);
        boolean sorted = true;
        for (int i = 0; i < order.length; i++) {
            sorted &= order[i] == i;
        }
        if (sorted) {
            return stacked;
        }
        // inverse permutation: result row order[i] is stacked row i
        long[] inverse = new long[order.length];
        for (int i = 0; i < order.length; i++) {
            inverse[(int) order[i]] = i;
        }
        return stacked.get(features.getManager().create(inverse));
    }
}
