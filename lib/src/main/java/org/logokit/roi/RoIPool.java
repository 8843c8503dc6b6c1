package org.logokit.roi;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.types.DataType;
import org.logokit.nd.EngineBuiltins;

/**
 * Classic RoI max pooling (Fast R-CNN), following torchvision's {@code roi_pool}.
 *
 * <p>The RoI is snapped to whole feature pixels ({@code round(x * spatialScale)}, rounding halves
 * away from zero), split into {@code outputHeight x outputWidth} bins whose borders are rounded
 * outwards ({@code floor} for the start, {@code ceil} for the end), and each bin takes the maximum
 * of its feature pixels. A bin that is empty (it lies outside the map) outputs 0. Those two
 * roundings are exactly the misalignment that RoIAlign removes.
 *
 * <p><b>Coordinates.</b> RoIs are (K,5) rows {@code (batchIndex, x1, y1, x2, y2)}: XYXY corners in
 * input-image pixels. After scaling, the RoI covers feature columns {@code round(x1')} to
 * {@code round(x2')} inclusive (at least one pixel).
 *
 * <p><b>How it is vectorised.</b> The maximum over a bin's columns is read from a sparse table (the
 * maximum of every run of 2^t columns, t = 0, 1, ...): any range is covered by two overlapping runs,
 * so each bin needs two row gathers. The maximum over a bin's rows is then a masked maximum over a
 * window of rows. Both steps are plain gathers and maxima, so gradients flow back to the features
 * (to the arg-max pixels), on every engine.
 *
 * <p>Output: (K, C, outputHeight, outputWidth) in the features' data type. On MXNet the engine's
 * own ROIPooling kernel runs (same rounding rules, see {@link EngineBuiltins#roiPool}); elsewhere
 * the portable code above.
 */
public final class RoIPool {

    /** Added to rows outside a bin so that they never win the maximum. */
    private static final double OUTSIDE = -1e30;

    private final int outputHeight;
    private final int outputWidth;
    private final double spatialScale;

    /**
     * @param outputHeight pooled height (e.g. 7)
     * @param outputWidth pooled width (e.g. 7)
     * @param spatialScale feature-map size / input-image size (e.g. 1/16)
     */
    public RoIPool(int outputHeight, int outputWidth, double spatialScale) {
        RoiInputs.checkSettings("RoIPool", outputHeight, outputWidth, spatialScale);
        this.outputHeight = outputHeight;
        this.outputWidth = outputWidth;
        this.spatialScale = spatialScale;
    }

    /**
     * Max-pools the RoIs.
     *
     * @param features (N,C,H,W) feature maps, float32 or float64
     * @param rois (K,5) rows (batchIndex, x1, y1, x2, y2): XYXY corners in input-image pixels
     * @return (K, C, outputHeight, outputWidth)
     */
    public NDArray apply(NDArray features, NDArray rois) {
        RoiInputs.checkInputs("RoIPool", features, rois);
        if (rois.getShape().get(0) > 0 && EngineBuiltins.offersRoiOps(features)) {
            // the engine's own kernel when it computes the same (MXNet), else the portable code below
            RoiInputs.checkedOnHost("RoIPool", features, rois);
            NDArray builtin = EngineBuiltins.roiPool(features, rois.toType(features.getDataType(), false),
                    outputHeight, outputWidth, spatialScale);
            if (builtin != null) {
                return builtin;
            }
        }
        try (NDScope scope = new NDScope()) {
            scope.suppressNotUsedWarning();
            NDArray out = RoiInputs.forEachImage("RoIPool", features, rois, outputHeight,
                    outputWidth, this::poolOneImage);
            NDScope.unregister(out);
            return out;
        }
    }

    private NDArray poolOneImage(NDArray map, NDArray boxes) {
        long c = map.getShape().get(0);
        long h = map.getShape().get(1);
        long k = boxes.getShape().get(0);
        NDArray table = columnSparseTable(map); // built once per image, shared by all chunks
        // chunk the RoIs: step 1 holds three (chunk*outputWidth, C*H) arrays
        long perRoi = 3L * outputWidth * c * h;
        int chunk = (int) Math.max(1, Math.min(k, RoiInputs.chunkElements / perRoi));
        if (chunk == k) {
            return poolChunk(map, table, boxes);
        }
        NDList parts = new NDList();
        for (int from = 0; from < k; from += chunk) {
            parts.add(poolChunk(map, table, boxes.get(from + ":" + Math.min(k, from + chunk))));
        }
        return NDArrays.concat(parts, 0);
    }

    private NDArray poolChunk(NDArray map, NDArray table, NDArray boxes) {
        NDManager manager = map.getManager();
        DataType type = map.getDataType();
        long c = map.getShape().get(0);
        long h = map.getShape().get(1);
        long w = map.getShape().get(2);
        long k = boxes.getShape().get(0);
        NDArray snapped = roundHalfAway(boxes.mul(spatialScale));
        NDArray[] rowRange = binRanges(snapped.get(":, 1"), snapped.get(":, 3"), outputHeight, h);
        NDArray[] colRange = binRanges(snapped.get(":, 0"), snapped.get(":, 2"), outputWidth, w);

        // step 1: maximum over the columns of every (RoI, column bin), for all rows and channels
        NDArray colStart = colRange[0];
        NDArray colLength = colRange[1].sub(colStart).maximum(1.0);
        NDArray level = colLength.log2().add(1e-4).floor();
        NDArray run = manager.full(level.getShape(), 2f, type).pow(level);
        NDArray left = level.mul((double) w).add(colStart.minimum((double) (w - 1)));
        NDArray right = level.mul((double) w)
                .add(colStart.add(colLength).sub(run).clip(0.0, (double) (w - 1)));
        NDArray colMax = table.get(left.reshape(-1).toType(DataType.INT64, false))
                .maximum(table.get(right.reshape(-1).toType(DataType.INT64, false)))
                .reshape(k, outputWidth, c, h);

        // step 2: masked maximum over a window of rows for every (RoI, row bin)
        NDArray rows = colMax.transpose(0, 3, 1, 2).reshape(k * h, outputWidth * c);
        NDArray rowStart = rowRange[0];
        NDArray rowEnd = rowRange[1];
        float[] lengths = rowEnd.sub(rowStart).toType(DataType.FLOAT32, false).toFloatArray();
        int window = 1;
        for (float len : lengths) {
            window = Math.max(window, (int) len);
        }
        NDArray offset = manager.arange(0f, (float) window, 1f, type).reshape(1, 1, window);
        NDArray rowIndex = rowStart.expandDims(2).add(offset);
        NDArray inside = rowIndex.lt(rowEnd.expandDims(2)).toType(type, false);
        NDArray firstRow = manager.arange(0f, (float) k, 1f, type).mul((double) h).reshape(k, 1, 1);
        NDArray flat = firstRow.add(rowIndex.minimum((double) (h - 1)))
                .reshape(-1).toType(DataType.INT64, false);
        NDArray penalty = inside.sub(1.0).mul(-OUTSIDE).reshape(k, outputHeight, window, 1);
        NDArray pooled = rows.get(flat).reshape(k, outputHeight, window, outputWidth * c)
                .add(penalty)
                .max(new int[] {2}, false)
                .reshape(k, outputHeight, outputWidth, c);

        // empty bins (outside the map) output 0, as in torchvision
        NDArray rowFull = rowEnd.gt(rowStart).toType(type, false).reshape(k, outputHeight, 1, 1);
        NDArray colFull = colRange[1].gt(colStart).toType(type, false).reshape(k, 1, outputWidth, 1);
        // "+ 0" turns the -0 of (-1e30 * 0) into +0
        return pooled.mul(rowFull).mul(colFull).add(0.0).transpose(0, 3, 1, 2);
    }

    /**
     * Start (inclusive) and end (exclusive) feature index of every bin, clamped to [0, size].
     *
     * @param first (K) snapped first feature pixel of the RoI
     * @param last (K) snapped last feature pixel of the RoI (inclusive)
     * @return {start (K,bins), end (K,bins)} as whole numbers in the features' data type
     */
    private static NDArray[] binRanges(NDArray first, NDArray last, int bins, long size) {
        long k = first.getShape().get(0);
        NDArray length = last.sub(first).add(1.0).maximum(1.0);
        NDArray binSize = length.div((double) bins).reshape(k, 1);
        NDArray index = first.getManager().arange(0f, (float) bins, 1f, first.getDataType())
                .reshape(1, bins);
        NDArray origin = first.reshape(k, 1);
        NDArray start = index.mul(binSize).floor().add(origin).clip(0.0, (double) size);
        NDArray end = index.add(1.0).mul(binSize).ceil().add(origin).clip(0.0, (double) size);
        return new NDArray[] {start, end};
    }

    /**
     * Sparse table of column maxima: row {@code t*W + x} holds, for every (channel, row), the
     * maximum of columns x .. x + 2^t - 1 (clamped at the right edge).
     */
    private static NDArray columnSparseTable(NDArray map) {
        long c = map.getShape().get(0);
        long h = map.getShape().get(1);
        long w = map.getShape().get(2);
        NDManager manager = map.getManager();
        NDArray level = map.transpose(2, 0, 1).reshape(w, c * h);
        NDList levels = new NDList(level);
        for (long run = 1; run < w; run *= 2) {
            long[] shifted = new long[(int) w];
            for (int x = 0; x < w; x++) {
                shifted[x] = Math.min(x + run, w - 1);
            }
            level = level.maximum(level.get(manager.create(shifted)));
            levels.add(level);
        }
        return levels.size() == 1 ? levels.get(0) : NDArrays.concat(levels, 0);
    }

    /** C's round(): halves go away from zero (NDArray.round rounds halves to even on some engines). */
    private static NDArray roundHalfAway(NDArray x) {
        return x.abs().add(0.5).floor().mul(x.sign());
    }

    @Override
    public String toString() {
        return "RoIPool(output=" + outputHeight + "x" + outputWidth + ", spatialScale="
                + spatialScale + ")";
    }
}
