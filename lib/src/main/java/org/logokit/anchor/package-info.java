/**
 * Anchors and default boxes: grid anchors identical to torchvision's {@code AnchorGenerator}
 * (Faster R-CNN, FPN, RetinaNet), SSD default boxes (the paper's and torchvision's SSD300), k-means
 * anchors on box shapes (YOLOv2), and the anchor analyses chapter 05 runs (coverage, the
 * new-brand lesson).
 *
 * <p><b>Conventions.</b> Anchors are (A, 4) XYXY float32 in absolute pixels of the input image
 * (torchvision's positions: the anchor of cell (i, j) is centred at (j * stride, i * stride)),
 * location-major then ratio then size; SSD's normalised CXCYWH is available but the pixel XYXY
 * form is the working one. Base anchors are rounded as torchvision rounds them unless
 * {@link org.logokit.anchor.AnchorGenerator.Rounding#NONE} is asked for. k-means works on plain
 * (width, height) arrays.
 *
 * <p><b>Memory rule.</b> Every method that returns an NDArray creates it on the manager passed in;
 * intermediates live on a sub-manager closed before returning. Plain-Java results (k-means, the
 * analyses) hold no native memory.
 */
package org.logokit.anchor;
