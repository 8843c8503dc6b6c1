package org.logokit.data.augment;

import java.util.Random;
import org.logokit.data.AnnotatedImage;

/**
 * Cuts a {@code width × height} window at a uniformly random position (seed 001: 224 × 224). An
 * image smaller than the window is first scaled up (keeping its aspect ratio) until the window fits.
 * Boxes (XYXY pixels) follow {@link BoxCrop}: kept when their centre is inside, then clipped.
 */
public final class RandomCrop implements ImageTransform {
    private final PixelSize size;

    /** @param width window width in pixels; @param height window height in pixels */
    public RandomCrop(int width, int height) {
        this.size = new PixelSize(width, height);
    }

    @Override
    public AnnotatedImage apply(AnnotatedImage input, Random random) {
        int width = size.width();
        int height = size.height();
        AnnotatedImage big = CenterCrop.coverAtLeast(input, width, height);
        int x = random.nextInt(big.width() - width + 1);
        int y = random.nextInt(big.height() - height + 1);
        return BoxCrop.apply(big, x, y, width, height);
    }
}
