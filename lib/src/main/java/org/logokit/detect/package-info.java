/**
 * The detector layer: what every detector of the course (RPN / Faster R-CNN, YOLO, SSD, FPN,
 * RetinaNet) shares, so that each is a composition of small, separately tested parts.
 *
 * <p><b>Parts.</b> {@link org.logokit.detect.Backbone} (feature maps C2..C5 of a ResNet-18 by name
 * and stride) → detector-specific heads → {@link org.logokit.detect.TargetAssigner} (matcher,
 * sampler, box coder) and named loss terms in training, combined by
 * {@link org.logokit.detect.DetectionLoss}; in inference, raw outputs that
 * {@link org.logokit.detect.PostProcess} turns into {@link org.logokit.detect.Detections}. Every
 * model extends {@link org.logokit.detect.Detector}, a DJL block whose training forward receives the
 * labels, so DJL's {@code EasyTrain} drives it unchanged.
 *
 * <p><b>Conventions (one set, everywhere).</b>
 * <ul>
 *   <li>Boxes are (N, 4) XYXY in absolute pixels of the network's input image (S × S),
 *       exclusive-continuous (width = x2 - x1, no "+1"). Anchors and default boxes too.
 *   <li>Ground truth in a batch: boxes (B, M, 4) and class ids (B, M) with brand ids 0..C-1 and -1 on
 *       padding rows ({@link org.logokit.data.LogoDetectionDataset}'s records, read through
 *       {@link org.logokit.detect.DetectionBatch}). Background is never a dataset class.
 *   <li>Assignment per anchor / proposal: {@code matchedIndex} (row of the ground truth, or -1) and
 *       {@code matchLabel} (1 positive, 0 negative, -1 ignored) as two arrays; a head's class target
 *       is derived in one place: {@code matchLabel == 1 ? gtClass + 1 : 0}, ignored rows excluded
 *       ({@link org.logokit.detect.TargetAssigner.Targets}).
 *   <li>Detections carry brand ids 0..C-1 (no background id) and boxes in input pixels.
 * </ul>
 *
 * <p><b>Memory.</b> Results of a public method live on the manager of its main input array (the
 * image batch, the anchors); temporaries go to a sub-manager that is closed before returning.
 * Host-side results ({@link org.logokit.detect.Detections}) hold no native memory.
 *
 * <p><b>Dependencies.</b> This package imports box, anchor, match, roi, loss, model, nd and data;
 * train, eval, infer and viz import it; it imports none of them.
 */
package org.logokit.detect;
