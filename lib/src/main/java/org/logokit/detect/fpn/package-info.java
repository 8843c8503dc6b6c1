/**
 * Feature pyramids: {@link org.logokit.detect.fpn.FeaturePyramid} (lateral 1×1 convolutions,
 * top-down nearest upsampling and addition, 3×3 smoothing, extra levels P6 / P7),
 * {@link org.logokit.detect.fpn.LevelMapper} (which level a box belongs to) and
 * {@link org.logokit.detect.fpn.MultiScaleRoIAlign} (RoIAlign from the level the box size calls for).
 *
 * <p><b>Conventions.</b> Levels are named P2..P7 after the backbone level C_l they come from; P_l has
 * stride 2^l input pixels and every level the same width. Maps are (B, C, H, W) in shallow-to-deep
 * order; boxes and RoIs are XYXY pixels of the input image, RoIs with a leading batch-index column.
 *
 * <p><b>Memory.</b> Blocks follow DJL's rules (outputs on the input's manager, kept for the
 * backward pass); the pooler's results live on the RoIs' manager.
 */
package org.logokit.detect.fpn;
