/**
 * YOLO: one-stage detection on a grid. {@link org.logokit.detect.yolo.YoloV1} (the cell holding an
 * object's centre answers for it, B boxes and one class distribution per cell, a sum-squared loss)
 * and {@link org.logokit.detect.yolo.YoloV2} (anchor priors per cell, fitted by k-means,
 * {@code σ(t) + c} and {@code p·e^t} decoding, objectness times class confidence).
 *
 * <p><b>Conventions.</b> Boxes in and out are XYXY pixels of the S × S input image (the layer's
 * convention); inside, grid quantities are in cell units: in-cell offsets in [0, 1], anchors as
 * (width, height) in cells, YOLO v1 sizes as fractions of the image. Grid rows are the vertical
 * index; flattened outputs are ordered row, column, then predictor / anchor. The rule "the larger
 * object keeps a shared slot" lives in one place ({@code GridSlots}).
 *
 * <p><b>Memory.</b> Targets are computed on a sub-manager of the labels' manager and returned on
 * the labels' manager; everything is vectorised over the batch (no loop over objects or cells).
 */
package org.logokit.detect.yolo;
