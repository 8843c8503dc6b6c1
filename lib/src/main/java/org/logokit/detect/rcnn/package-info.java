/**
 * The two-stage detector of chapters 06-07: the region proposal network ({@link
 * org.logokit.detect.rcnn.RegionProposalNetwork}: {@link org.logokit.detect.rcnn.RpnHead}, anchors,
 * targets, {@link org.logokit.detect.rcnn.ProposalFilter}), the second stage ({@link
 * org.logokit.detect.rcnn.RoiHeads} over a {@link org.logokit.detect.rcnn.RoiPooler}) and their
 * compositions, {@link org.logokit.detect.rcnn.FasterRcnn} (kind {@code faster-rcnn}) and the
 * standalone {@link org.logokit.detect.rcnn.RpnDetector} (kind {@code rpn}).
 *
 * <p><b>Levels.</b> Heads and poolers take a list of feature levels with their strides
 * ({@link org.logokit.detect.rcnn.FeatureSource}): one level of the backbone here
 * ({@link org.logokit.detect.rcnn.BackboneFeatures}, {@link org.logokit.detect.rcnn.SingleLevelPooler}),
 * several for a feature pyramid, which reuses these parts through the public constructors.
 *
 * <p><b>Conventions.</b> Boxes are XYXY pixels of the S × S input; anchors and RPN outputs are
 * ordered level, row, column, anchor; RoIs are (K, 5) rows {@code (batchIndex, x1, y1, x2, y2)}
 * grouped by image; raw outputs carry the number of rows of each image. Proposals are constants for
 * the second stage (approximate joint training: no gradient through their coordinates).
 *
 * <p><b>Memory.</b> Arrays of a forward pass live on the manager of the images (the batch's in
 * training), so they are freed with the batch; filters and samplers use closed sub-managers for
 * their temporaries.
 */
package org.logokit.detect.rcnn;
