package org.logokit.annotate;

import java.awt.image.BufferedImage;
import java.util.Locale;
import java.util.Objects;
import org.logokit.data.PixelBox;

/**
 * The one box a person drew round a logo on one image: the crop that {@link AutoAnnotator} looks
 * for in other images.
 *
 * @param crop the pixels inside the box (a copy)
 * @param box the box on its image, XYXY pixels, rounded to whole pixels
 */
public record Template(BufferedImage crop, PixelBox box) {
    /** Templates narrower or lower than this many pixels carry too little to match. */
    public static final int MIN_SIDE = 8;

    /** Checks the values. */
    public Template {
        Objects.requireNonNull(crop, "crop");
        Objects.requireNonNull(box, "box");
    }

    /**
     * Cuts the template out of an image.
     *
     * @param image the image the box was drawn on
     * @param box the box round the logo, XYXY pixels of that image
     * @return the template
     * @throws IllegalArgumentException when the box is empty, reaches outside the image, or is
     *     smaller than {@value #MIN_SIDE} pixels on a side; the message says what to fix
     */
    public static Template of(BufferedImage image, PixelBox box) {
        Objects.requireNonNull(image, "image");
        Objects.requireNonNull(box, "box: draw one box round the logo");
        int w = image.getWidth();
        int h = image.getHeight();
        String shown = String.format(Locale.ROOT, "(%.1f, %.1f, %.1f, %.1f)", box.x1(), box.y1(), box.x2(), box.y2());
        if (!(box.x2() > box.x1() && box.y2() > box.y1())) {
            throw new IllegalArgumentException("The template box " + shown + " is empty or inverted: give it as"
                    + " x1 < x2 and y1 < y2 (XYXY pixels).");
        }
        // half a pixel of slack: boxes drawn on the image's edge are often a hair outside it
        if (box.x1() < -0.5f || box.y1() < -0.5f || box.x2() > w + 0.5f || box.y2() > h + 0.5f) {
            throw new IllegalArgumentException("The template box " + shown + " reaches outside the " + w + " x " + h
                    + " image. Draw it inside the image.");
        }
        int x1 = Math.max(0, Math.round(box.x1()));
        int y1 = Math.max(0, Math.round(box.y1()));
        int x2 = Math.min(w, Math.round(box.x2()));
        int y2 = Math.min(h, Math.round(box.y2()));
        if (x2 - x1 < MIN_SIDE || y2 - y1 < MIN_SIDE) {
            throw new IllegalArgumentException("The template box " + shown + " is " + (x2 - x1) + " x " + (y2 - y1)
                    + " px; it needs at least " + MIN_SIDE + " px on each side to be matched. Draw it round a"
                    + " larger view of the logo.");
        }
        BufferedImage crop = new BufferedImage(x2 - x1, y2 - y1, BufferedImage.TYPE_INT_RGB);
        java.awt.Graphics2D g = crop.createGraphics();
        try {
            g.drawImage(image, 0, 0, x2 - x1, y2 - y1, x1, y1, x2, y2, null);
        } finally {
            g.dispose();
        }
        return new Template(crop, new PixelBox(x1, y1, x2, y2));
    }

    /** Width of the template in pixels. */
    public int width() {
        return crop.getWidth();
    }

    /** Height of the template in pixels. */
    public int height() {
        return crop.getHeight();
    }
}
