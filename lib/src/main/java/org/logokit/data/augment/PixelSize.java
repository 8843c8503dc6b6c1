package org.logokit.data.augment;

/**
 * The output size of a fixed-size transform ({@link Resize}, {@link CenterCrop},
 * {@link RandomCrop}): a width and height in pixels, both checked to be positive.
 */
record PixelSize(int width, int height) {
    PixelSize {
        if (width <= 0 || height <= 0) {
            throw new IllegalArgumentException("size must be positive, got " + width + "x" + height);
        }
    }
}
