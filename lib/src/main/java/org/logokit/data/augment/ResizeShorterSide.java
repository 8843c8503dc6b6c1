package org.logokit.data.augment;

import java.util.Random;
import org.logokit.data.AnnotatedImage;

/**
 * Scales the image (up or down) so its shorter side has a given length, keeping the aspect ratio;
 * boxes (XYXY pixels) scale with it.
 */
public final class ResizeShorterSide implements ImageTransform {
    private final int size;

    /** @param size target length of the shorter side in pixels */
    public ResizeShorterSide(int size) {
        if (size <= 0) {
            throw new IllegalArgumentException("size must be positive, got " + size);
        }
        this.size = size;
    }

    @Override
    public AnnotatedImage apply(AnnotatedImage input, Random random) {
        int w = input.width();
        int h = input.height();
        double scale = (double) size / Math.min(w, h);
        int nw = Math.max(size, (int) Math.round(w * scale));
        int nh = Math.max(size, (int) Math.round(h * scale));
        if (w < h) {
            nw = size;
        } else {
            nh = size;
        }
        return Resize.to(input, nw, nh);
    }

    /** Deterministic: the same output at every visit. */
    @Override
    public boolean usesRandom() {
        return false;
    }
}
