/**
 * Losses of the course's models, with torchvision / PyTorch semantics: cross-entropy with class
 * weights, ignore index and label smoothing, smooth L1, the IoU-family box losses, sigmoid focal
 * loss, and the composite detector losses (RPN, Fast R-CNN head, SSD MultiBox, YOLOv1).
 *
 * <p><b>Conventions.</b> Each is a DJL {@link ai.djl.training.loss.Loss} (labels first, then
 * predictions, as DJL passes them) with a static {@code compute} for direct use; reductions are
 * {@link org.logokit.loss.Reduction}. Boxes are XYXY pixels, deltas are in the box coders' encoding
 * ({@link org.logokit.box.BoxCoder}).
 *
 * <p><b>Memory rule.</b> Losses are differentiable: results and intermediates are created on the
 * manager of the predictions, as DJL's own losses do (the trainer's per-batch manager frees them).
 */
package org.logokit.loss;
