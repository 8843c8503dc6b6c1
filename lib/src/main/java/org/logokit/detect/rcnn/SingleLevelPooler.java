package org.logokit.detect.rcnn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import java.util.Objects;
import org.logokit.roi.CropAndResizePool;
import org.logokit.roi.RoIAlign;
import org.logokit.roi.RoIPool;

/**
 * A {@link RoiPooler} over one feature level with the chosen {@link PoolerKind}: RoIPool,
 * crop-and-resize (14 × 14 then 2 × 2 max pool for a 7 × 7 output) or RoIAlign (2 × 2 samples per
 * bin, half-pixel aligned). The spatial scale is 1 / stride of the level.
 *
 * <p>A feature pyramid needs a pooler that chooses a level per RoI; this one refuses several levels
 * rather than silently pooling from the first.
 */
public final class SingleLevelPooler implements RoiPooler {
    /** Sample points per bin and axis of RoIAlign (torchvision's Faster R-CNN uses 2). */
    public static final int ALIGN_SAMPLING_RATIO = 2;

    private final PoolerKind kind;
    private final int outputSize;

    /**
     * @param kind how to pool
     * @param outputSize side of the pooled map (7 in Faster R-CNN)
     */
    public SingleLevelPooler(PoolerKind kind, int outputSize) {
        this.kind = Objects.requireNonNull(kind, "kind");
        if (outputSize < 1) {
            throw new IllegalArgumentException("outputSize must be at least 1, got " + outputSize);
        }
        this.outputSize = outputSize;
    }

    /** The kind of pooling. */
    public PoolerKind kind() {
        return kind;
    }

    @Override
    public int outputSize() {
        return outputSize;
    }

    @Override
    public NDArray pool(NDList features, int[] strides, NDArray rois) {
        if (features.size() != 1 || strides.length != 1) {
            throw new IllegalArgumentException("A single-level pooler reads one feature map, got "
                    + features.size() + " maps and " + strides.length + " strides. A feature pyramid"
                    + " needs a multi-scale pooler that picks each RoI's level.");
        }
        double scale = 1.0 / strides[0];
        NDArray map = features.head();
        return switch (kind) {
            case ROI_POOL -> new RoIPool(outputSize, outputSize, scale).apply(map, rois);
            case CROP_AND_RESIZE -> new CropAndResizePool(outputSize, outputSize, scale).apply(map, rois);
            case ROI_ALIGN -> new RoIAlign(outputSize, outputSize, scale, ALIGN_SAMPLING_RATIO, true)
                    .apply(map, rois);
        };
    }

    @Override
    public String toString() {
        return "SingleLevelPooler[" + kind + ", " + outputSize + "x" + outputSize + "]";
    }
}
