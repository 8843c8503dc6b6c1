package org.logokit.data.augment;

import java.awt.Color;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.logokit.data.AnnotatedImage;
import org.logokit.data.PixelBox;

/**
 * Fits the image into a {@code size × size} square without changing its aspect ratio: scale so the
 * longer side is {@code size}, centre it, pad the rest with grey (as YOLO does). Boxes (XYXY pixels)
 * are scaled by the same factor and shifted by the padding.
 */
public final class Letterbox implements ImageTransform {
    /** The padding colour (128, 128, 128). */
    public static final Color PADDING = new Color(128, 128, 128);

    private final int size;

    /** @param size side of the output square in pixels */
    public Letterbox(int size) {
        if (size <= 0) {
            throw new IllegalArgumentException("size must be positive, got " + size);
        }
        this.size = size;
    }

    @Override
    public AnnotatedImage apply(AnnotatedImage input, Random random) {
        float scale = (float) size / Math.max(input.width(), input.height());
        int w = Math.max(1, Math.round(input.width() * scale));
        int h = Math.max(1, Math.round(input.height() * scale));
        int dx = (size - w) / 2;
        int dy = (size - h) / 2;
        float sx = (float) w / input.width();
        float sy = (float) h / input.height();
        List<PixelBox> boxes = new ArrayList<>();
        for (PixelBox b : input.boxes()) {
            boxes.add(b.scale(sx, sy).shift(dx, dy).clip(size, size));
        }
        return new AnnotatedImage(Pixels.paste(input.image(), size, size, dx, dy, w, h, PADDING),
                boxes, input.classIds());
    }

    /** Deterministic: the same output at every visit. */
    @Override
    public boolean usesRandom() {
        return false;
    }
}
