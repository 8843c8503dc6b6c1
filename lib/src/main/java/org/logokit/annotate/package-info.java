/**
 * Auto-annotation by template matching (seed 003's AutoLabelme, without its GUI): a person draws
 * one box round the logo on one image; {@link org.logokit.annotate.AutoAnnotator} finds the logo in
 * other images by zero-mean normalised cross-correlation over scales, aspect stretches, small
 * in-plane angles, a horizontal flip and 90° rotations (optionally in colour, smoothed, either
 * polarity, coarse to fine), keeps the peaks of the score maps, applies NMS, and proposes scored
 * boxes that a person accepts or rejects ({@code viz.AnnotationSheet}); accepted boxes are written
 * in FlickrLogos-32's box format ({@link org.logokit.data.BoxFile#write}).
 * {@link org.logokit.annotate.BrandAnnotation} measures it on one brand of a dataset, per engine.
 *
 * <p>Conventions: boxes are {@link org.logokit.data.PixelBox} XYXY pixels of the image as read
 * (exclusive far edges). Images are matched as grey levels or RGB in 0..1. The correlation is one
 * engine convolution per template shape with the templates as kernels, and the local means and
 * variances come from separable box filters, or mask convolutions for turned templates (also
 * convolutions): no per-pixel Java loops. Every NDArray lives in a manager that the call opens and
 * closes (results are plain Java records).
 */
package org.logokit.annotate;
