package org.logokit.data.synth;

import java.awt.image.BufferedImage;
import java.util.SplittableRandom;

/** Paints the background of a synthetic image. Implementations are thread-safe. */
interface BackgroundSource {
    /**
     * Returns a new {@code TYPE_INT_RGB} image of the given size; all randomness comes from
     * {@code rng}, so the same generator state gives the same pixels.
     */
    BufferedImage render(int width, int height, SplittableRandom rng);
}
