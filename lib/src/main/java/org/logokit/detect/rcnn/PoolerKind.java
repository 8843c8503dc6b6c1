package org.logokit.detect.rcnn;

/**
 * The three ways the course pools a region of a feature map to a fixed grid (all in
 * {@code org.logokit.roi}).
 */
public enum PoolerKind {
    /**
     * Fast R-CNN's RoI max pooling: the box is snapped to whole feature cells and so are the bin
     * borders, then each bin takes its maximum. Two roundings: the misalignment RoIAlign removes.
     */
    ROI_POOL,
    /**
     * Luminoth's / TensorFlow's crop-and-resize: a bilinear crop to a grid twice the output size
     * (14 × 14 for 7 × 7), then 2 × 2 max pooling (seed 002's description).
     */
    CROP_AND_RESIZE,
    /**
     * Mask R-CNN's RoIAlign: no rounding at all; each bin averages bilinear samples (2 × 2 per bin
     * here, with the half-pixel correction of Detectron2).
     */
    ROI_ALIGN
}
