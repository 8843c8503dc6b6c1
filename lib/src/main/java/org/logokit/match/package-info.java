/**
 * Assigning ground truth to anchors and choosing training samples: the IoU matcher
 * (torchvision's {@code Matcher}, with the ignore band and low-quality matches), Faster R-CNN's
 * balanced sampler and SSD's hard negative mining.
 *
 * <p><b>Conventions.</b> Boxes XYXY pixels (see {@link org.logokit.box}); matcher labels are the
 * matched ground-truth index, {@link org.logokit.match.IoUMatcher#BACKGROUND} (-1) or
 * {@link org.logokit.match.IoUMatcher#IGNORE} (-2); masks are boolean arrays of the anchors' shape.
 * Random choices come from a seeded {@link java.util.Random} on the host, so both engines pick the
 * same anchors.
 *
 * <p><b>Memory rule.</b> Results are attached to the manager of the input array; intermediates
 * live on a sub-manager closed before returning. No gradient flows through matching or sampling.
 */
package org.logokit.match;
