package org.logokit.roi;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDScope;

/**
 * Crop-and-resize pooling, the RoI pooling of Luminoth's and TensorFlow's Faster R-CNN: every RoI
 * is cropped out of the feature map and resized by bilinear interpolation to a
 * {@code 2*outputHeight x 2*outputWidth} grid (14x14 for a 7x7 output), then a 2x2 max pool with
 * stride 2 gives the {@code outputHeight x outputWidth} result.
 *
 * <p><b>Coordinates.</b> RoIs are (K,5) rows {@code (batchIndex, x1, y1, x2, y2)}: XYXY corners in
 * input-image pixels, scaled onto the feature map by {@code spatialScale}. As in TensorFlow's
 * {@code crop_and_resize}, the crop grid spans the box from corner to corner inclusive: sample
 * {@code i} of {@code n} sits at {@code y1' + i (y2' - y1') / (n - 1)} where {@code y' = y *
 * spatialScale} is in feature pixels with pixel centres at integers. Samples outside
 * {@code [0, size-1]} read zero (TensorFlow's extrapolation value).
 *
 * <p>Output: (K, C, outputHeight, outputWidth), differentiable with respect to the features.
 */
public final class CropAndResizePool {

    private final int outputHeight;
    private final int outputWidth;
    private final double spatialScale;

    /**
     * @param outputHeight pooled height (the crop is twice as tall)
     * @param outputWidth pooled width (the crop is twice as wide)
     * @param spatialScale feature-map size / input-image size (e.g. 1/16)
     */
    public CropAndResizePool(int outputHeight, int outputWidth, double spatialScale) {
        RoiInputs.checkSettings("CropAndResizePool", outputHeight, outputWidth, spatialScale);
        this.outputHeight = outputHeight;
        this.outputWidth = outputWidth;
        this.spatialScale = spatialScale;
    }

    /**
     * Crops, resizes and max-pools the RoIs.
     *
     * @param features (N,C,H,W) feature maps, float32 or float64
     * @param rois (K,5) rows (batchIndex, x1, y1, x2, y2): XYXY corners in input-image pixels
     * @return (K, C, outputHeight, outputWidth)
     */
    public NDArray apply(NDArray features, NDArray rois) {
        RoiInputs.checkInputs("CropAndResizePool", features, rois);
        try (NDScope scope = new NDScope()) {
            scope.suppressNotUsedWarning();
            NDArray out = RoiInputs.forEachImage("CropAndResizePool", features, rois, outputHeight,
                    outputWidth, this::poolOneImage);
            NDScope.unregister(out);
            return out;
        }
    }

    /**
     * The bilinear crop before max pooling, for pictures and teaching.
     *
     * @param features (N,C,H,W)
     * @param rois (K,5) rows (batchIndex, x1, y1, x2, y2), XYXY input-image pixels
     * @return (K, C, 2*outputHeight, 2*outputWidth)
     */
    public NDArray crop(NDArray features, NDArray rois) {
        RoiInputs.checkInputs("CropAndResizePool", features, rois);
        try (NDScope scope = new NDScope()) {
            scope.suppressNotUsedWarning();
            NDArray out = RoiInputs.forEachImage("CropAndResizePool", features, rois,
                    2 * outputHeight, 2 * outputWidth, this::cropOneImage);
            NDScope.unregister(out);
            return out;
        }
    }

    private NDArray cropOneImage(NDArray map, NDArray boxes) {
        NDArray scaled = boxes.mul(spatialScale);
        SeparableBilinear.Band rows = axisBand(scaled.get(":, 1"), scaled.get(":, 3"),
                2 * outputHeight, map.getShape().get(1));
        SeparableBilinear.Band cols = axisBand(scaled.get(":, 0"), scaled.get(":, 2"),
                2 * outputWidth, map.getShape().get(2));
        return SeparableBilinear.apply(map, rows, cols);
    }

    private NDArray poolOneImage(NDArray map, NDArray boxes) {
        NDArray crops = cropOneImage(map, boxes);
        long k = crops.getShape().get(0);
        long c = crops.getShape().get(1);
        // one axis at a time: PyTorch's max reduces over a single axis only
        return crops.reshape(k, c, outputHeight, 2, outputWidth, 2)
                .max(new int[] {5}, false)
                .max(new int[] {3}, false);
    }

    private static SeparableBilinear.Band axisBand(NDArray start, NDArray end, int samples, long size) {
        long k = start.getShape().get(0);
        NDArray index = start.getManager().arange(0f, (float) samples, 1f, start.getDataType())
                .reshape(1, samples, 1);
        NDArray coords;
        if (samples > 1) {
            NDArray step = end.sub(start).div((double) (samples - 1)).reshape(k, 1, 1);
            coords = start.reshape(k, 1, 1).add(index.mul(step));
        } else {
            coords = start.add(end).div(2.0).reshape(k, 1, 1);
        }
        NDArray ones = coords.onesLike();
        NDArray count = start.onesLike().reshape(k, 1, 1);
        return SeparableBilinear.band(coords, ones, count, size,
                SeparableBilinear.Border.TENSORFLOW);
    }

    @Override
    public String toString() {
        return "CropAndResizePool(output=" + outputHeight + "x" + outputWidth + ", crop="
                + 2 * outputHeight + "x" + 2 * outputWidth + ", spatialScale=" + spatialScale + ")";
    }
}
