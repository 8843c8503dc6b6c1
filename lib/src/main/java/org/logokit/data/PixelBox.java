package org.logokit.data;

import org.logokit.box.BoxCheck;
import org.logokit.box.IoU;
import org.logokit.box.IoUKind;

/**
 * One axis-aligned box in pixel coordinates of its image, corner format (XYXY).
 *
 * <p>Convention used everywhere in the kit: {@code x1, y1} is the top-left corner and {@code x2, y2}
 * the bottom-right corner, in float pixels, with the origin at the image's top-left corner and x to
 * the right. A box covers {@code [x1, x2) × [y1, y2)}, so its width is {@code x2 - x1}. FlickrLogos-32
 * stores integer {@code x y width height} instead; {@link #fromXywh} converts.
 *
 * @param x1 left edge in pixels
 * @param y1 top edge in pixels
 * @param x2 right edge in pixels (exclusive)
 * @param y2 bottom edge in pixels (exclusive)
 */
public record PixelBox(float x1, float y1, float x2, float y2) {

    /**
     * Converts a FlickrLogos-style {@code x y width height} box (top-left corner plus size, pixels)
     * to corner format: {@code (x, y, x + width, y + height)}.
     */
    public static PixelBox fromXywh(float x, float y, float width, float height) {
        return new PixelBox(x, y, x + width, y + height);
    }

    /** Width {@code x2 - x1} in pixels (negative for an invalid box). */
    public float width() {
        return x2 - x1;
    }

    /** Height {@code y2 - y1} in pixels (negative for an invalid box). */
    public float height() {
        return y2 - y1;
    }

    /** Area in square pixels; zero for an empty or inverted box. */
    public float area() {
        return Math.max(0f, width()) * Math.max(0f, height());
    }

    /** Horizontal centre in pixels. */
    public float centerX() {
        return (x1 + x2) / 2f;
    }

    /** Vertical centre in pixels. */
    public float centerY() {
        return (y1 + y2) / 2f;
    }

    /** True when the box has a positive width and height. */
    public boolean isValid() {
        return x2 > x1 && y2 > y1;
    }

    /** Returns this box clipped to an image of the given size ({@code [0, width] × [0, height]}). */
    public PixelBox clip(float width, float height) {
        return new PixelBox(clamp(x1, width), clamp(y1, height), clamp(x2, width), clamp(y2, height));
    }

    /** Returns this box moved by {@code (dx, dy)} pixels. */
    public PixelBox shift(float dx, float dy) {
        return new PixelBox(x1 + dx, y1 + dy, x2 + dx, y2 + dy);
    }

    /** Returns this box scaled by {@code sx} horizontally and {@code sy} vertically (about the origin). */
    public PixelBox scale(float sx, float sy) {
        return new PixelBox(x1 * sx, y1 * sy, x2 * sx, y2 * sy);
    }

    /** Intersection over union with another box in the same image (0 when they do not overlap). */
    public float iou(PixelBox other) {
        return (float) IoU.of(x1, y1, x2, y2, other.x1, other.y1, other.x2, other.y2, IoUKind.IOU);
    }

    /**
     * What is wrong with this box as an annotation (see {@link BoxCheck}), or null when it is a
     * valid XYXY box.
     *
     * @param allowEmpty whether zero width or height is acceptable
     */
    public String problem(boolean allowEmpty) {
        return BoxCheck.problem(x1, y1, x2, y2, allowEmpty);
    }

    /** Returns {@code {x1, y1, x2, y2}}. */
    public float[] toArray() {
        return new float[] {x1, y1, x2, y2};
    }

    private static float clamp(float v, float max) {
        return Math.max(0f, Math.min(max, v));
    }
}
