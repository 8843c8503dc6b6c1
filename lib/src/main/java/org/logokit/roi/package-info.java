/**
 * Region-of-interest pooling for two-stage detectors, following torchvision's {@code roi_pool} and
 * {@code roi_align} and TensorFlow's crop-and-resize, vectorised on both engines.
 *
 * <p><b>Conventions.</b> RoIs are (K, 5) rows {@code (batchIndex, x1, y1, x2, y2)}: XYXY corners in
 * input-image pixels, mapped onto a feature map by {@code spatialScale} (feature size / image
 * size); features are (N, C, H, W); outputs (K, C, outputHeight, outputWidth).
 *
 * <p><b>Memory rule.</b> The pooled output is differentiable with respect to the features, so it
 * and its intermediates are created on the features' manager, as DJL's own operations do: call the
 * poolers under a per-batch manager.
 */
package org.logokit.roi;
