/**
 * Image and box augmentations for classification and detection: flips, crops (random, centre,
 * around a box, SSD's IoU-constrained crop), resizing and letterboxing.
 *
 * <p><b>Conventions.</b> Transforms map an {@link org.logokit.data.AnnotatedImage} to a new one,
 * boxes XYXY pixels of the output image; randomness comes only from the {@link java.util.Random}
 * passed in, so a seed reproduces a pipeline. Overlaps come from {@link org.logokit.box.IoU}.
 *
 * <p><b>Memory rule.</b> Plain Java (BufferedImage), no NDArrays.
 */
package org.logokit.data.augment;
