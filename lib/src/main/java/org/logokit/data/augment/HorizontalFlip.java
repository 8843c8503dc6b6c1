package org.logokit.data.augment;

import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.logokit.data.AnnotatedImage;
import org.logokit.data.PixelBox;

/**
 * Mirrors the image left-right with a given probability. A box {@code (x1, y1, x2, y2)} (XYXY
 * pixels) in an image of width W becomes {@code (W - x2, y1, W - x1, y2)}.
 */
public final class HorizontalFlip implements ImageTransform {
    private final double probability;

    /**
     * @param probability chance of flipping, 0 to 1 (the seed uses 0.5)
     */
    public HorizontalFlip(double probability) {
        if (probability < 0 || probability > 1) {
            throw new IllegalArgumentException("flip probability must be in [0, 1], got " + probability);
        }
        this.probability = probability;
    }

    @Override
    public AnnotatedImage apply(AnnotatedImage input, Random random) {
        if (random.nextDouble() >= probability) {
            return input;
        }
        return flip(input);
    }

    /** Mirrors an annotated image unconditionally. */
    public static AnnotatedImage flip(AnnotatedImage input) {
        int w = input.width();
        int h = input.height();
        BufferedImage out = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = out.createGraphics();
        g.drawImage(input.image(), w, 0, -w, h, null);
        g.dispose();
        List<PixelBox> boxes = new ArrayList<>();
        for (PixelBox b : input.boxes()) {
            boxes.add(new PixelBox(w - b.x2(), b.y1(), w - b.x1(), b.y2()));
        }
        return new AnnotatedImage(out, boxes, input.classIds());
    }
}
