package org.logokit.roi;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.DataType;
import org.logokit.nd.Temporaries;

/**
 * Bilinear sampling written as two small interpolation steps, one per axis.
 *
 * <p>Bilinear interpolation is separable: the value at (y, x) is
 * {@code sum_h sum_w wy(y,h) wx(x,w) F[h,w]}, and averaging over a regular grid of samples keeps
 * that form. So a RoI's pooled output is {@code Wy · F · Wxᵀ}, with {@code Wy} (outH, H) and
 * {@code Wx} (outW, W): two matrix products, fast BLAS calls on CPU and GPU. Each row of
 * {@code Wy} is non-zero only on a short band of consecutive feature rows (those the bin's samples
 * touch); on a long axis (a large feature map) the op therefore gathers just that band of rows and
 * takes its weighted sum instead of the dense product. Products, gathers and weighted sums are all
 * differentiable with respect to the features on every engine.
 */
final class SeparableBilinear {

    /** How samples near and beyond the border are treated. */
    enum Border {
        /**
         * torchvision's RoIAlign: a sample in [-1, size] is clamped into the map, beyond that it
         * reads zero.
         */
        TORCHVISION,
        /** TensorFlow's crop_and_resize: a sample outside [0, size-1] reads zero. */
        TENSORFLOW
    }

    /**
     * The band of feature rows (or columns) each output cell reads along one axis.
     *
     * @param start (K,P) first index of the band of each cell (a whole number, float dtype)
     * @param width band length B, the same for all cells (the longest one)
     * @param weights (K,P,B) averaged bilinear weights of the band's rows
     * @param dense true when the band is the whole axis (start 0, B = axis length)
     */
    record Band(NDArray start, int width, NDArray weights, boolean dense) {
        Band slice(int from, int to) {
            String range = from + ":" + to;
            return new Band(start.get(range), width, weights.get(range), dense);
        }
    }

    /**
     * An axis is read densely (one BLAS matrix product over the whole axis) unless it is more than
     * this many times longer than the band: measured on (1,256,50,50) with 512 RoIs and a band of
     * 4 rows (axis 12x the band), the dense product beat the band gather 8x on MXNet and 2x on
     * PyTorch (CPU), because matrix products run at BLAS speed while gathers are limited by memory
     * traffic; the band pays off only on much longer axes.
     */
    static final int DEFAULT_DENSE_FACTOR = 32;

    /** The factor in use; tests set it to 0 to exercise the band path on small maps. */
    static volatile int denseFactor = DEFAULT_DENSE_FACTOR;

    private SeparableBilinear() {}

    /**
     * Interpolation weights along one axis, averaged over the samples of each output cell, on the
     * band of indices the samples touch.
     *
     * @param coords (K,P,S) sample coordinates in feature pixels (pixel centres at integers),
     *     increasing along S
     * @param sampleMask (K,P,S) or broadcastable: 1 for samples that count, 0 for padding samples
     * @param count (K,1,1) number of counted samples per cell (at least 1)
     * @param size length of the axis (H or W)
     * @param border the border rule
     * @return the band of every cell and its weights
     */
    static Band band(NDArray coords, NDArray sampleMask, NDArray count, long size, Border border) {
        long k = coords.getShape().get(0);
        long p = coords.getShape().get(1);
        DataType type = coords.getDataType();
        double lastIndex = size - 1;
        // the first sample has the lowest index, the last sample the highest (its "high" is +1)
        NDArray start = coords.get(":, :, 0").maximum(0.0).floor().minimum(lastIndex);
        NDArray end = coords.max(new int[] {2}, false).maximum(0.0).floor().minimum(lastIndex);
        float[] starts = start.toType(DataType.FLOAT32, false).toFloatArray();
        float[] ends = end.toType(DataType.FLOAT32, false).toFloatArray();
        int width = 1;
        for (int i = 0; i < starts.length; i++) {
            width = Math.max(width, (int) (ends[i] - starts[i]) + 2);
        }
        boolean dense = size <= (long) denseFactor * width;
        if (dense) {
            start = start.zerosLike();
            width = (int) size;
        }
        NDArray offsets = coords.getManager().arange(0f, (float) width, 1f, type);
        NDArray positions = start.reshape(k, p, 1, 1).add(offsets.reshape(1, 1, 1, width));

        NDArray y = coords.expandDims(3);
        NDArray inside;
        NDArray low;
        NDArray high;
        NDArray frac;
        if (border == Border.TORCHVISION) {
            inside = y.gte(-1.0).logicalAnd(y.lte((double) size));
            NDArray clamped = y.maximum(0.0);
            NDArray floor = clamped.floor();
            NDArray atEnd = floor.gte(lastIndex);
            NDArray last = floor.zerosLike().add(lastIndex);
            low = NDArrays.where(atEnd, last, floor);
            high = NDArrays.where(atEnd, last, floor.add(1.0));
            frac = NDArrays.where(atEnd, floor.zerosLike(), clamped.sub(floor));
        } else {
            inside = y.gte(0.0).logicalAnd(y.lte(lastIndex));
            NDArray safe = y.clip(0.0, lastIndex);
            low = safe.floor();
            high = safe.ceil();
            frac = safe.sub(low);
        }
        NDArray w = positions.eq(low).toType(type, false).mul(frac.neg().add(1.0))
                .add(positions.eq(high).toType(type, false).mul(frac))
                .mul(inside.toType(type, false))
                .mul(sampleMask.expandDims(3));
        return new Band(start, width, w.sum(new int[] {2}).div(count), dense);
    }

    /**
     * Applies the row band and then the column band to one image's feature map.
     *
     * @param map (C,H,W) feature map of one image
     * @param rows row bands of the K RoIs' P output rows
     * @param cols column bands of the K RoIs' Q output columns
     * @return (K,C,P,Q)
     */
    static NDArray apply(NDArray map, Band rows, Band cols) {
        long c = map.getShape().get(0);
        long h = map.getShape().get(1);
        long w = map.getShape().get(2);
        long k = rows.start().getShape().get(0);
        long p = rows.start().getShape().get(1);
        // chunk the RoIs so the gathered row bands stay within the memory budget
        long perRoi = p * rows.width() * c * w;
        int chunk = (int) Math.max(1, Math.min(k, RoiInputs.chunkElements / Math.max(1, perRoi)));
        NDArray table = map.transpose(1, 0, 2).reshape(h, c * w);
        NDList parts = new NDList();
        for (int from = 0; from < k; from += chunk) {
            int to = (int) Math.min(k, from + chunk);
            boolean whole = from == 0 && to == k;
            parts.add(applyChunk(table, c, h, w, whole ? rows : rows.slice(from, to),
                    whole ? cols : cols.slice(from, to)));
        }
        return parts.size() == 1 ? parts.get(0) : NDArrays.concat(parts, 0);
    }

    private static NDArray applyChunk(NDArray table, long c, long h, long w, Band rows, Band cols) {
        long k = rows.start().getShape().get(0);
        long p = rows.start().getShape().get(1);
        long q = cols.start().getShape().get(1);
        int by = rows.width();
        int bx = cols.width();
        // rows -> (K*P, C*W): one matrix product, or a weighted sum of each cell's band of rows
        NDArray interpolatedRows;
        if (rows.dense()) {
            interpolatedRows = rows.weights().reshape(k * p, h).matMul(table);
        } else {
            NDArray rowBands = table.get(bandIndex(rows, h, null)).reshape(k * p, by, c * w);
            interpolatedRows = rowBands.mul(rows.weights().reshape(k * p, by, 1)).sum(new int[] {1});
        }
        if (cols.dense()) {
            // one small product per RoI, (K, P*C, W) x (K, W, Q), then the small result is
            // transposed: transposing the (K, P, C, W) rows instead would copy the largest array.
            // The rows (the largest array) are freed as soon as the product has used them.
            NDArray colWeights = cols.weights().transpose(0, 2, 1);
            NDArray flat = interpolatedRows.reshape(k, p * c, w);
            NDArray products = Temporaries.freeing(flat.matMul(colWeights), flat, interpolatedRows);
            return products.reshape(k, p, c, q).transpose(0, 2, 1, 3);
        }
        NDArray perRoi = interpolatedRows.reshape(k, p, c, w);
        // columns: per RoI, gather each cell's band of columns of its own rows -> (K, Q, P*C)
        NDArray colTable = perRoi.transpose(0, 3, 1, 2).reshape(k * w, p * c);
        NDArray firstRowOfRoi = rows.start().getManager()
                .arange(0f, (float) k, 1f, rows.start().getDataType()).mul((double) w)
                .reshape(k, 1, 1);
        NDArray colBands = colTable.get(bandIndex(cols, w, firstRowOfRoi)).reshape(k, q, bx, p * c);
        NDArray out = colBands.mul(cols.weights().reshape(k, q, bx, 1)).sum(new int[] {2});
        return out.reshape(k, q, p, c).transpose(0, 3, 2, 1);
    }

    /** int64 row indices of every cell's band, clamped into the axis, plus a per-RoI offset. */
    private static NDArray bandIndex(Band band, long size, NDArray roiOffset) {
        long k = band.start().getShape().get(0);
        long p = band.start().getShape().get(1);
        NDArray offsets = band.start().getManager()
                .arange(0f, (float) band.width(), 1f, band.start().getDataType())
                .reshape(1, 1, band.width());
        NDArray index = band.start().reshape(k, p, 1).add(offsets).minimum((double) (size - 1));
        if (roiOffset != null) {
            index = index.add(roiOffset);
        }
        return index.reshape(-1).toType(DataType.INT64, false);
    }
}
