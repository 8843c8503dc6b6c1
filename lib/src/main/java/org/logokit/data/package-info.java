/**
 * The logo datasets: FlickrLogos-32 v2 (and SynthLogos-32 in the same layout) read strictly or
 * leniently, lists and splits, box files, the seed-001 classification splits, class weights, and
 * DJL datasets for classification and detection.
 *
 * <p><b>Conventions.</b> Boxes are {@link org.logokit.data.PixelBox} XYXY float pixels of their
 * image (FlickrLogos' integer {@code x y width height} is converted on reading); annotation boxes
 * must have a positive size ({@link org.logokit.box.BoxCheck}); class ids are
 * {@link org.logokit.data.LogoClasses} (0-31 brands, 32 no-logo). Bad input names the file and line.
 *
 * <p><b>Memory rule.</b> Datasets create each record's arrays on the manager DJL passes to
 * {@code get}; readers hold no native memory.
 */
package org.logokit.data;
