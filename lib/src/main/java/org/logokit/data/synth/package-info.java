/**
 * SynthLogos-32: a synthetic stand-in for FlickrLogos-32, written in exactly its v2 on-disk format
 * ({@link org.logokit.data.synth.SynthLogosGenerator}), with logos composed onto licensed
 * photographs ({@link org.logokit.data.synth.BackgroundPhotos}).
 *
 * <p>Conventions: boxes are written as FlickrLogos-32 writes them, {@code x y width height} in
 * integer pixels, top-left origin, the tight bounds of the visible logo's mask (so both edge
 * pixels belong to the box). Everything random comes from generators seeded by the run's seed:
 * picture sizes and background crops are planned in one sequence up front, each image is drawn
 * from its own generator seeded by (seed, image id), so the files do not depend on the number of
 * threads. No NDArrays are created here (plain Java 2D), so there is no native memory to manage.
 */
package org.logokit.data.synth;
