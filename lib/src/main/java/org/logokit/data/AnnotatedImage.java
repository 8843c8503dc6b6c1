package org.logokit.data;

import java.awt.image.BufferedImage;
import java.util.List;

/**
 * An image in memory with its boxes: what augmentations transform and datasets turn into tensors.
 *
 * @param image the pixels (RGB)
 * @param boxes boxes in XYXY float pixels of this image, inside {@code [0, width] × [0, height]}
 * @param classIds one class id per box ({@link LogoClasses})
 */
public record AnnotatedImage(BufferedImage image, List<PixelBox> boxes, List<Integer> classIds) {

    /** Checks the lists match and copies them so the record stays immutable. */
    public AnnotatedImage {
        if (boxes.size() != classIds.size()) {
            throw new IllegalArgumentException("boxes and classIds differ in length: " + boxes.size()
                    + " vs " + classIds.size());
        }
        boxes = List.copyOf(boxes);
        classIds = List.copyOf(classIds);
    }

    /** Image width in pixels. */
    public int width() {
        return image.getWidth();
    }

    /** Image height in pixels. */
    public int height() {
        return image.getHeight();
    }

    /** Returns the same boxes on another image (after a pixel-only change such as colour jitter). */
    public AnnotatedImage withImage(BufferedImage other) {
        return new AnnotatedImage(other, boxes, classIds);
    }
}
