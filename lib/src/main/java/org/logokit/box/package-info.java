/**
 * Boxes and the operations on them: formats and conversions ({@link org.logokit.box.BoxFormat}),
 * everyday maths ({@link org.logokit.box.Boxes}), the kit's one IoU core
 * ({@link org.logokit.box.IoU}, NDArray and plain-Java versions), the one box validator
 * ({@link org.logokit.box.BoxCheck}), NMS and Soft-NMS, and the box coders (Faster R-CNN, SSD,
 * YOLO) with YOLO's output layouts.
 *
 * <p><b>Conventions.</b> Boxes are {@link org.logokit.box.BoxFormat#XYXY} (x1, y1, x2, y2) in
 * absolute pixels of the network's input image, exclusive-continuous (width = x2 - x1, no "+1"),
 * as in torchvision; other formats exist only at the edges (annotation files, box coders). Box
 * coders take their arguments in torchvision's order: {@code encode(matchedGt, references)},
 * {@code decode(deltas, references)}. Index results are int64; ties in scores are broken by the
 * lower index on every engine ({@link org.logokit.nd.Ranking}).
 *
 * <p><b>Memory rule.</b> Differentiable operations (IoU, BoxFormat, Boxes, the coders, YoloLayout)
 * create their results and intermediates on the manager of their first array argument, as DJL's
 * own operations do: call them under a per-batch manager in training loops. Non-differentiable
 * selections (Nms, SoftNms) work on a sub-manager that is closed before they return and attach
 * only the result to the input's manager. Nothing keeps a reference to an input.
 */
package org.logokit.box;
