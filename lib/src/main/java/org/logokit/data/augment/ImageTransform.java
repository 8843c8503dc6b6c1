package org.logokit.data.augment;

import java.util.Random;
import org.logokit.data.AnnotatedImage;

/**
 * One step of a data pipeline: changes an image and moves its boxes with it.
 *
 * <p>Boxes are XYXY float pixels ({@link org.logokit.data.PixelBox}) before and after. Every
 * transform is deterministic given the {@link Random} it is handed: the same seed gives the same
 * output, so augmented batches can be reproduced.
 */
@FunctionalInterface
public interface ImageTransform {

    /**
     * Applies the transform.
     *
     * @param input the image and its boxes (not modified)
     * @param random the source of randomness (unused by deterministic transforms)
     * @return a new annotated image; boxes that leave the image are dropped, the rest clipped to it
     */
    AnnotatedImage apply(AnnotatedImage input, Random random);

    /**
     * Whether this transform draws random numbers. A deterministic one (resize, centre crop) gives
     * the same output at every visit, so a dataset may cache its result (see
     * {@link org.logokit.data.LogoImageDataset}). Default: true (the safe answer).
     */
    default boolean usesRandom() {
        return true;
    }

    /** Returns a transform that applies this one, then {@code next}. */
    default ImageTransform then(ImageTransform next) {
        return (input, random) -> next.apply(apply(input, random), random);
    }
}
