package org.logokit.data.augment;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.logokit.data.AnnotatedImage;
import org.logokit.data.PixelBox;

/**
 * Scales the image to a fixed width and height (the aspect ratio may change); boxes (XYXY pixels)
 * scale by {@code width / W} and {@code height / H}.
 */
public final class Resize implements ImageTransform {
    private final PixelSize size;

    /** @param width output width in pixels; @param height output height in pixels */
    public Resize(int width, int height) {
        this.size = new PixelSize(width, height);
    }

    @Override
    public AnnotatedImage apply(AnnotatedImage input, Random random) {
        return to(input, size.width(), size.height());
    }

    /** Scales an annotated image to {@code width × height}. */
    static AnnotatedImage to(AnnotatedImage input, int width, int height) {
        if (input.width() == width && input.height() == height) {
            return input;
        }
        float sx = (float) width / input.width();
        float sy = (float) height / input.height();
        List<PixelBox> boxes = new ArrayList<>();
        for (PixelBox b : input.boxes()) {
            boxes.add(b.scale(sx, sy).clip(width, height));
        }
        return new AnnotatedImage(Pixels.resize(input.image(), width, height), boxes,
                input.classIds());
    }

    /** Deterministic: the same output at every visit. */
    @Override
    public boolean usesRandom() {
        return false;
    }
}
