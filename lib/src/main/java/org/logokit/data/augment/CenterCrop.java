package org.logokit.data.augment;

import java.util.Random;
import org.logokit.data.AnnotatedImage;

/**
 * Cuts the central {@code width × height} window (seed 001's evaluation transform, 224 × 224). An
 * image smaller than the window is first scaled up (keeping its aspect ratio). Boxes (XYXY pixels)
 * follow {@link BoxCrop}.
 */
public final class CenterCrop implements ImageTransform {
    private final PixelSize size;

    /** @param width window width in pixels; @param height window height in pixels */
    public CenterCrop(int width, int height) {
        this.size = new PixelSize(width, height);
    }

    @Override
    public AnnotatedImage apply(AnnotatedImage input, Random random) {
        int width = size.width();
        int height = size.height();
        AnnotatedImage big = coverAtLeast(input, width, height);
        return BoxCrop.apply(big, (big.width() - width) / 2, (big.height() - height) / 2, width,
                height);
    }

    /** Scales the image up, keeping its aspect ratio, until it covers {@code width × height}. */
    static AnnotatedImage coverAtLeast(AnnotatedImage input, int width, int height) {
        if (input.width() >= width && input.height() >= height) {
            return input;
        }
        double scale = Math.max((double) width / input.width(), (double) height / input.height());
        int nw = Math.max(width, (int) Math.ceil(input.width() * scale));
        int nh = Math.max(height, (int) Math.ceil(input.height() * scale));
        return Resize.to(input, nw, nh);
    }

    /** Deterministic: the same output at every visit. */
    @Override
    public boolean usesRandom() {
        return false;
    }
}
