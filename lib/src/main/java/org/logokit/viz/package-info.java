/**
 * Pictures for the notebooks: boxes on images, grids of images, charts with one look, learning
 * curves, confusion matrices, feature maps, and the detection pictures of chapters 04 and 05
 * (overlaps, NMS step by step, TP / FP matching, anchors and their matches).
 *
 * <p><b>Conventions.</b> Boxes are XYXY pixels of the image they are drawn on
 * ({@link org.logokit.viz.LabeledBox}, validated by {@link org.logokit.box.BoxCheck}); colours come
 * from {@link org.logokit.viz.Palette}; input images are never modified (painters return copies).
 *
 * <p><b>Memory rule.</b> Painters take plain Java values; the few that accept NDArrays copy them to
 * the host at once and keep no reference.
 */
package org.logokit.viz;
