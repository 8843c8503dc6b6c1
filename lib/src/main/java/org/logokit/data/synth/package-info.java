/**
 * SynthLogos-32, the synthetic stand-in for FlickrLogos-32: logo designs (simple-icons paths and
 * word-marks), backgrounds, scene composition and the writer of a FlickrLogos-v2 tree.
 *
 * <p><b>Conventions.</b> Output follows FlickrLogos-32 exactly (folders, lists, {@code x y width
 * height} box files); generation is seeded and reproducible.
 *
 * <p><b>Memory rule.</b> Plain Java (BufferedImage), no NDArrays.
 */
package org.logokit.data.synth;
