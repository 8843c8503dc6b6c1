package org.logokit.detect.rcnn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;

/**
 * Turns regions of interest of any size into fixed-size feature maps, the step between the
 * region proposal network and the R-CNN head.
 *
 * <p>A pooler reads a <em>list</em> of feature levels so that the same {@link RoiHeads} serve a
 * single-map Faster R-CNN ({@link SingleLevelPooler}: RoIPool, crop-and-resize or RoIAlign on one
 * level) and a feature-pyramid one (a multi-scale RoIAlign that picks each RoI's level by its size).
 *
 * <p>Coordinates: RoIs are (K, 5) rows {@code (batchIndex, x1, y1, x2, y2)}, XYXY pixels of the
 * network's input image; level {@code l} has stride {@code strides[l]} input pixels per feature
 * cell. Output: (K, C, outputSize, outputSize), differentiable with respect to the features (not the
 * boxes), on the features' manager.
 */
public interface RoiPooler {

    /**
     * Pools the RoIs.
     *
     * @param features one (B, C, H_l, W_l) map per level, every level with the same C
     * @param strides stride of each level in input pixels, in the order of {@code features}
     * @param rois (K, 5) rows (batchIndex, x1, y1, x2, y2), XYXY input pixels
     * @return (K, C, outputSize, outputSize)
     */
    NDArray pool(NDList features, int[] strides, NDArray rois);

    /** Side of the pooled map (7 in Faster R-CNN). */
    int outputSize();
}
