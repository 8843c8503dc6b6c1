package org.logokit.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.logokit.testing.NDManagerFixture;

class ImageTensorsTest extends NDManagerFixture {

    private static final float[] MEAN = {0.485f, 0.456f, 0.406f};
    private static final float[] STD = {0.229f, 0.224f, 0.225f};

    private static BufferedImage randomImage(int w, int h, int type) {
        BufferedImage rgb = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        Random random = new Random(w * 31 + h);
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

    /** (value / 255 - mean) / std per channel, from getRGB, in double precision. */
    private static float[] expected(BufferedImage image) {
        int w = image.getWidth();
        int h = image.getHeight();
        float[] out = new float[3 * w * h];
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                int rgb = image.getRGB(x, y);
                int[] channel = {(rgb >> 16) & 0xFF, (rgb >> 8) & 0xFF, rgb & 0xFF};
                for (int c = 0; c < 3; c++) {
                    out[c * w * h + y * w + x] = (float) ((channel[c] / 255.0 - MEAN[c]) / STD[c]);
                }
            }
        }
        return out;
    }

    @Test
    void everyImageLayoutGivesNormalisedChannelPlanes() {
        for (int type : new int[] {BufferedImage.TYPE_INT_RGB, BufferedImage.TYPE_3BYTE_BGR,
            BufferedImage.TYPE_INT_ARGB, BufferedImage.TYPE_BYTE_GRAY}) {
            BufferedImage image = randomImage(7, 5, type);
            NDArray chw = ImageTensors.toChw(image, manager, MEAN, STD);
            assertEquals(new Shape(3, 5, 7), chw.getShape());
            assertEquals(DataType.FLOAT32, chw.getDataType());
            assertArrayEquals(expected(image), chw.toFloatArray(), 1e-5f, "image type " + type);
        }
    }

    @Test
    void aSubimageSharingItsParentsRasterReadsOnlyItsOwnPixels() {
        for (int type : new int[] {BufferedImage.TYPE_INT_RGB, BufferedImage.TYPE_3BYTE_BGR}) {
            BufferedImage sub = randomImage(12, 9, type).getSubimage(3, 2, 6, 4);
            assertArrayEquals(expected(sub), ImageTensors.toChw(sub, manager, MEAN, STD).toFloatArray(),
                    1e-5f, "image type " + type);
        }
    }
}
