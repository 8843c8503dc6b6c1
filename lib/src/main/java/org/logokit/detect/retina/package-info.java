/**
 * RetinaNet: {@link org.logokit.detect.retina.RetinaNet} (backbone C3..C5, feature pyramid P3..P7,
 * anchors of 3 scales × 3 ratios per level, sigmoid focal loss normalised by the foreground
 * anchors) and its shared class and box subnets {@link org.logokit.detect.retina.RetinaHead} with
 * the prior-probability bias.
 *
 * <p><b>Conventions.</b> Anchors, boxes and detections are XYXY pixels of the S × S input; the
 * anchors of all levels are concatenated P3 first, each level location-major, then anchor (ratio,
 * then size), and every per-anchor output follows that order. Class outputs are C sigmoid logits
 * per anchor with no background column; targets come from {@link org.logokit.detect.TargetAssigner}.
 *
 * <p><b>Memory.</b> Training outputs stay on the batch's manager (autograd needs them); the
 * post-processing works in a sub-manager per image, closed before it returns host-side
 * {@link org.logokit.detect.Detections}.
 */
package org.logokit.detect.retina;
