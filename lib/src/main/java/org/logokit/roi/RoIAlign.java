package org.logokit.roi;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDScope;
import org.logokit.nd.EngineBuiltins;

/**
 * RoIAlign (Mask R-CNN): pools every region of interest to a fixed {@code outputHeight x
 * outputWidth} grid without rounding anything, following torchvision's {@code roi_align}.
 *
 * <p>Each RoI is split into {@code outputHeight x outputWidth} equal bins. In every bin a regular
 * grid of {@code samplingRatio x samplingRatio} points is read by bilinear interpolation and the
 * bin's value is their average. With {@code samplingRatio <= 0} the grid adapts to the RoI:
 * {@code ceil(roiHeight / outputHeight)} rows and {@code ceil(roiWidth / outputWidth)} columns,
 * as in torchvision.
 *
 * <p><b>Coordinates.</b> RoIs are (K,5) rows {@code (batchIndex, x1, y1, x2, y2)}: XYXY corners in
 * input-image pixels. They are mapped onto the feature map by {@code spatialScale} (feature size /
 * image size, e.g. 1/16 for a stride-16 backbone). With {@code aligned = true} half a feature pixel
 * is subtracted after scaling, so that a box corner at 0 lands on the corner of the first feature
 * pixel rather than its centre (pixel centres sit at integer coordinates); this is the corrected
 * form used by Detectron2. With {@code aligned = false} (the original Mask R-CNN form) there is no
 * offset and every RoI is at least one feature pixel wide and tall. A sample that lies more than
 * one pixel outside the map reads zero; one within a pixel of the border is clamped into it.
 *
 * <p>Output: (K, C, outputHeight, outputWidth) in the features' data type; gradients flow back to
 * the features (not to the RoIs, as in torchvision). On MXNet the engine's own ROIAlign kernel runs
 * (same sampling rules, see {@link EngineBuiltins#roiAlign}); elsewhere, and for the inputs that
 * kernel rejects, the portable separable-bilinear code of this package.
 */
public final class RoIAlign {

    private final int outputHeight;
    private final int outputWidth;
    private final double spatialScale;
    private final int samplingRatio;
    private final boolean aligned;

    /**
     * @param outputHeight pooled height (e.g. 7)
     * @param outputWidth pooled width (e.g. 7)
     * @param spatialScale feature-map size / input-image size (e.g. 1/16)
     * @param samplingRatio sample points per bin along each axis; {@code <= 0} adapts to the RoI
     * @param aligned subtract half a feature pixel after scaling (Detectron2's corrected form)
     */
    public RoIAlign(int outputHeight, int outputWidth, double spatialScale, int samplingRatio,
            boolean aligned) {
        RoiInputs.checkSettings("RoIAlign", outputHeight, outputWidth, spatialScale);
        this.outputHeight = outputHeight;
        this.outputWidth = outputWidth;
        this.spatialScale = spatialScale;
        this.samplingRatio = samplingRatio;
        this.aligned = aligned;
    }

    /**
     * Pools the RoIs.
     *
     * @param features (N,C,H,W) feature maps, float32 or float64
     * @param rois (K,5) rows (batchIndex, x1, y1, x2, y2): XYXY corners in input-image pixels
     * @return (K, C, outputHeight, outputWidth)
     */
    public NDArray apply(NDArray features, NDArray rois) {
        RoiInputs.checkInputs("RoIAlign", features, rois);
        if (rois.getShape().get(0) > 0 && EngineBuiltins.offersRoiOps(features)) {
            // the engine's own kernel when it computes the same (MXNet), else the portable code below
            float[] host = RoiInputs.checkedOnHost("RoIAlign", features, rois);
            NDArray builtin = EngineBuiltins.roiAlign(features, rois.toType(features.getDataType(), false),
                    host, outputHeight, outputWidth, spatialScale, samplingRatio, aligned);
            if (builtin != null) {
                return builtin;
            }
        }
        try (NDScope scope = new NDScope()) {
            scope.suppressNotUsedWarning();
            NDArray out = RoiInputs.forEachImage("RoIAlign", features, rois, outputHeight,
                    outputWidth, this::poolOneImage);
            NDScope.unregister(out);
            return out;
        }
    }

    private NDArray poolOneImage(NDArray map, NDArray boxes) {
        long h = map.getShape().get(1);
        long w = map.getShape().get(2);
        double offset = aligned ? 0.5 : 0.0;
        NDArray scaled = boxes.mul(spatialScale).sub(offset);
        SeparableBilinear.Band rows = axisBand(scaled.get(":, 1"), scaled.get(":, 3"), outputHeight, h);
        SeparableBilinear.Band cols = axisBand(scaled.get(":, 0"), scaled.get(":, 2"), outputWidth, w);
        return SeparableBilinear.apply(map, rows, cols);
    }

    /** Averaged bilinear weights of the P bins of every RoI along one axis. */
    private SeparableBilinear.Band axisBand(NDArray start, NDArray end, int bins, long size) {
        long k = start.getShape().get(0);
        NDArray length = end.sub(start);
        if (!aligned) {
            length = length.maximum(1.0);
        }
        NDArray binSize = length.div((double) bins).reshape(k, 1, 1);
        NDArray grid;
        int maxSamples;
        if (samplingRatio > 0) {
            grid = binSize.zerosLike().add((double) samplingRatio);
            maxSamples = samplingRatio;
        } else {
            grid = binSize.ceil();
            float[] all = grid.toType(ai.djl.ndarray.types.DataType.FLOAT32, false).toFloatArray();
            float max = 1;
            for (float g : all) {
                max = Math.max(max, g);
            }
            maxSamples = (int) max;
        }
        NDArray count = grid.maximum(1.0);
        NDArray bin = start.getManager().arange(0f, (float) bins, 1f, start.getDataType())
                .reshape(1, bins, 1);
        NDArray sample = start.getManager().arange(0f, (float) maxSamples, 1f, start.getDataType())
                .reshape(1, 1, maxSamples);
        NDArray coords = start.reshape(k, 1, 1)
                .add(bin.mul(binSize))
                .add(sample.add(0.5).mul(binSize).div(count));
        NDArray mask = sample.lt(grid).toType(start.getDataType(), false);
        return SeparableBilinear.band(coords, mask, count, size,
                SeparableBilinear.Border.TORCHVISION);
    }

    /** @return pooled height */
    public int getOutputHeight() {
        return outputHeight;
    }

    /** @return pooled width */
    public int getOutputWidth() {
        return outputWidth;
    }

    @Override
    public String toString() {
        return "RoIAlign(output=" + outputHeight + "x" + outputWidth + ", spatialScale="
                + spatialScale + ", samplingRatio=" + samplingRatio + ", aligned=" + aligned + ")";
    }
}
