package org.logokit.data.augment;

import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.awt.image.Raster;
import java.awt.image.WritableRaster;
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
        BufferedImage out = mirror(input.image());
        List<PixelBox> boxes = new ArrayList<>();
        for (PixelBox b : input.boxes()) {
            boxes.add(new PixelBox(w - b.x2(), b.y1(), w - b.x1(), b.y2()));
        }
        return new AnnotatedImage(out, boxes, input.classIds());
    }

    /**
     * The mirrored pixels. Int-RGB and byte-BGR images (what decoding and the image cache
     * produce) are mirrored row by row on their rasters, the same pixels as drawing the image
     * with a negative width but without Java2D's slow general path; other types are drawn.
     */
    static BufferedImage mirror(BufferedImage image) {
        int w = image.getWidth();
        int h = image.getHeight();
        int type = image.getType();
        if (type == BufferedImage.TYPE_INT_RGB || type == BufferedImage.TYPE_3BYTE_BGR) {
            BufferedImage out = new BufferedImage(w, h, type);
            Raster from = image.getRaster();
            WritableRaster to = out.getRaster();
            if (type == BufferedImage.TYPE_INT_RGB) {
                int[] row = new int[w];
                for (int y = 0; y < h; y++) {
                    from.getDataElements(0, y, w, 1, row);
                    for (int i = 0, j = w - 1; i < j; i++, j--) {
                        int swap = row[i];
                        row[i] = row[j];
                        row[j] = swap;
                    }
                    to.setDataElements(0, y, w, 1, row);
                }
            } else {
                byte[] row = new byte[3 * w];
                for (int y = 0; y < h; y++) {
                    from.getDataElements(0, y, w, 1, row);
                    for (int i = 0, j = w - 1; i < j; i++, j--) {
                        for (int c = 0; c < 3; c++) {
                            byte swap = row[3 * i + c];
                            row[3 * i + c] = row[3 * j + c];
                            row[3 * j + c] = swap;
                        }
                    }
                    to.setDataElements(0, y, w, 1, row);
                }
            }
            return out;
        }
        BufferedImage out = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = out.createGraphics();
        g.drawImage(image, w, 0, -w, h, null);
        g.dispose();
        return out;
    }
}
