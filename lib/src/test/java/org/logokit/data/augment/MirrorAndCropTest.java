package org.logokit.data.augment;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.util.Random;
import org.junit.jupiter.api.Test;

class MirrorAndCropTest {

    private static BufferedImage random(int w, int h, int type) {
        BufferedImage rgb = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        Random random = new Random(w + 7L * h);
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                rgb.setRGB(x, y, random.nextInt(1 << 24));
            }
        }
        if (type == BufferedImage.TYPE_INT_RGB) {
            return rgb;
        }
        BufferedImage other = new BufferedImage(w, h, type);
        Graphics2D g = other.createGraphics();
        g.drawImage(rgb, 0, 0, null);
        g.dispose();
        return other;
    }

    private static int[] pixels(BufferedImage image) {
        return image.getRGB(0, 0, image.getWidth(), image.getHeight(), null, 0, image.getWidth());
    }

    /** Java2D's own mirror (a negative width), the reference. */
    private static BufferedImage drawnMirror(BufferedImage image) {
        int w = image.getWidth();
        BufferedImage out = new BufferedImage(w, image.getHeight(), BufferedImage.TYPE_INT_RGB);
        Graphics2D g = out.createGraphics();
        g.drawImage(image, w, 0, -w, image.getHeight(), null);
        g.dispose();
        return out;
    }

    @Test
    void rasterMirrorGivesJava2dsPixelsForEveryTypeAndForCrops() {
        for (int type : new int[] {BufferedImage.TYPE_INT_RGB, BufferedImage.TYPE_3BYTE_BGR,
            BufferedImage.TYPE_INT_ARGB}) {
            BufferedImage image = random(9, 6, type);
            assertArrayEquals(pixels(drawnMirror(image)), pixels(HorizontalFlip.mirror(image)), "type " + type);
            BufferedImage crop = image.getSubimage(2, 1, 5, 4);
            assertArrayEquals(pixels(drawnMirror(crop)), pixels(HorizontalFlip.mirror(crop)), "crop of type " + type);
        }
    }

    @Test
    void aCropInsideTheImageSharesItsPixelsAndOneOutsideIsPaddedBlack() {
        BufferedImage image = random(10, 8, BufferedImage.TYPE_INT_RGB);
        BufferedImage inside = Pixels.crop(image, 3, 2, 4, 5);
        assertSame(image.getRaster().getDataBuffer(), inside.getRaster().getDataBuffer());
        assertEquals(image.getRGB(3, 2), inside.getRGB(0, 0));
        BufferedImage outside = Pixels.crop(image, 8, 6, 4, 4);
        assertEquals(image.getRGB(9, 7), outside.getRGB(1, 1));
        assertEquals(0xFF000000, outside.getRGB(3, 3));
    }
}
