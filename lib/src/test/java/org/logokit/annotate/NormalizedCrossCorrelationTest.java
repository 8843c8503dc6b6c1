package org.logokit.annotate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.logokit.testing.NDManagerFixture;

class NormalizedCrossCorrelationTest extends NDManagerFixture {

    /** ZNCC written out with loops in doubles: the independent reference. */
    private static double[][] reference(float[][] image, float[][] t) {
        int h = t.length;
        int w = t[0].length;
        int n = h * w;
        double tm = 0;
        for (float[] row : t) {
            for (float v : row) {
                tm += v / n;
            }
        }
        double tn = 0;
        for (float[] row : t) {
            for (float v : row) {
                tn += (v - tm) * (v - tm);
            }
        }
        double[][] out = new double[image.length - h + 1][image[0].length - w + 1];
        for (int y = 0; y < out.length; y++) {
            for (int x = 0; x < out[0].length; x++) {
                double im = 0;
                for (int dy = 0; dy < h; dy++) {
                    for (int dx = 0; dx < w; dx++) {
                        im += image[y + dy][x + dx] / n;
                    }
                }
                double num = 0;
                double in = 0;
                for (int dy = 0; dy < h; dy++) {
                    for (int dx = 0; dx < w; dx++) {
                        double d = image[y + dy][x + dx] - im;
                        num += (t[dy][dx] - tm) * d;
                        in += d * d;
                    }
                }
                out[y][x] = num / Math.sqrt(tn * in);
            }
        }
        return out;
    }

    private static float[][] random(Random rng, int h, int w) {
        float[][] a = new float[h][w];
        for (float[] row : a) {
            for (int i = 0; i < w; i++) {
                row[i] = rng.nextFloat();
            }
        }
        return a;
    }

    @Test
    void scoresMatchTheLoopReferenceEverywhere() {
        Random rng = new Random(7);
        float[][] image = random(rng, 12, 10);
        float[][] template = random(rng, 3, 4);
        double[][] expected = reference(image, template);
        NDArray scores = NormalizedCrossCorrelation.scores(manager.create(image), manager.create(template).expandDims(0));
        assertEquals(new Shape(1, 10, 7), scores.getShape());
        float[] got = scores.toFloatArray();
        for (int y = 0; y < 10; y++) {
            for (int x = 0; x < 7; x++) {
                assertEquals(expected[y][x], got[y * 7 + x], 1e-4, "score at (" + x + ", " + y + ")");
            }
        }
    }

    @Test
    void aWindowEqualToTheTemplateUpToBrightnessAndContrastScoresOne() {
        Random rng = new Random(3);
        float[][] image = random(rng, 20, 30);
        float[][] template = new float[5][6];
        for (int y = 0; y < 5; y++) {
            for (int x = 0; x < 6; x++) {
                template[y][x] = 0.2f + 0.5f * image[8 + y][11 + x]; // a darker, flatter copy
            }
        }
        NDArray scores = NormalizedCrossCorrelation.scores(manager.create(image), manager.create(template).expandDims(0));
        float[] got = scores.toFloatArray();
        int best = 0;
        for (int i = 1; i < got.length; i++) {
            best = got[i] > got[best] ? i : best;
        }
        int width = 30 - 6 + 1;
        assertEquals(11, best % width);
        assertEquals(8, best / width);
        assertEquals(1.0, got[best], 1e-4);
    }

    @Test
    void aFlatWindowScoresZero() {
        float[][] image = new float[10][10];
        for (float[] row : image) {
            java.util.Arrays.fill(row, 0.5f);
        }
        image[0][0] = 1f;
        float[][] template = {{0, 1, 0}, {1, 0, 1}, {0, 1, 0}};
        float[] got = NormalizedCrossCorrelation.scores(manager.create(image), manager.create(template).expandDims(0))
                .toFloatArray();
        assertEquals(0f, got[got.length - 1], 0f, "the bottom-right window is uniform grey");
    }

    @Test
    void aUniformTemplateIsRejectedWithAnExplanation() {
        NDArray image = manager.randomUniform(0f, 1f, new Shape(10, 10));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> NormalizedCrossCorrelation.scores(image, manager.full(new Shape(1, 3, 3), 0.4f)));
        assertTrue(e.getMessage().contains("uniform"), e.getMessage());
    }

    @Test
    void aTemplateLargerThanTheImageIsRejected() {
        NDArray image = manager.randomUniform(0f, 1f, new Shape(10, 10));
        NDArray template = manager.randomUniform(0f, 1f, new Shape(1, 11, 3));
        assertThrows(IllegalArgumentException.class, () -> NormalizedCrossCorrelation.scores(image, template));
    }

    /** Masked, multi-channel ZNCC in doubles: means per channel over the mask, sums over mask and channels. */
    private static double maskedReference(float[][][] image, float[][][] t, float[][] mask, int y, int x) {
        int c = t.length;
        int h = mask.length;
        int w = mask[0].length;
        double n = 0;
        for (float[] row : mask) {
            for (float v : row) {
                n += v;
            }
        }
        double num = 0;
        double tn = 0;
        double in = 0;
        for (int ch = 0; ch < c; ch++) {
            double tm = 0;
            double im = 0;
            for (int dy = 0; dy < h; dy++) {
                for (int dx = 0; dx < w; dx++) {
                    tm += mask[dy][dx] * t[ch][dy][dx] / n;
                    im += mask[dy][dx] * image[ch][y + dy][x + dx] / n;
                }
            }
            for (int dy = 0; dy < h; dy++) {
                for (int dx = 0; dx < w; dx++) {
                    double a = mask[dy][dx] * (t[ch][dy][dx] - tm);
                    double b = mask[dy][dx] * (image[ch][y + dy][x + dx] - im);
                    num += a * b;
                    tn += a * a;
                    in += b * b;
                }
            }
        }
        return num / Math.sqrt(tn * in);
    }

    private NDArray create3(float[][][] a) {
        int c = a.length;
        int h = a[0].length;
        int w = a[0][0].length;
        float[] flat = new float[c * h * w];
        for (int i = 0; i < c; i++) {
            for (int y = 0; y < h; y++) {
                System.arraycopy(a[i][y], 0, flat, (i * h + y) * w, w);
            }
        }
        return manager.create(flat, new Shape(c, h, w));
    }

    @Test
    void maskedColourScoresMatchTheLoopReference() {
        Random rng = new Random(11);
        float[][][] image = {random(rng, 9, 11), random(rng, 9, 11), random(rng, 9, 11)};
        float[][][] template = {random(rng, 4, 5), random(rng, 4, 5), random(rng, 4, 5)};
        // a diamond-like mask: the corners are not template
        float[][] mask = {{0, 1, 1, 1, 0}, {1, 1, 1, 1, 1}, {1, 1, 1, 1, 1}, {0, 1, 1, 1, 0}};
        NDArray scores = NormalizedCrossCorrelation.scores(create3(image), create3(template).expandDims(0),
                manager.create(mask).expandDims(0));
        assertEquals(new Shape(1, 6, 7), scores.getShape());
        float[] got = scores.toFloatArray();
        for (int y = 0; y < 6; y++) {
            for (int x = 0; x < 7; x++) {
                assertEquals(maskedReference(image, template, mask, y, x), got[y * 7 + x], 1e-4,
                        "score at (" + x + ", " + y + ")");
            }
        }
    }

    @Test
    void pixelsOutsideTheMaskDoNotChangeTheScore() {
        Random rng = new Random(2);
        float[][] image = random(rng, 8, 8);
        float[][] template = new float[3][3];
        for (int y = 0; y < 3; y++) {
            for (int x = 0; x < 3; x++) {
                template[y][x] = image[2 + y][3 + x];
            }
        }
        template[0][0] = 5f; // far off, but masked out
        float[][] mask = {{0, 1, 1}, {1, 1, 1}, {1, 1, 1}};
        float[] got = NormalizedCrossCorrelation.scores(manager.create(image), manager.create(template).expandDims(0),
                manager.create(mask).expandDims(0)).toFloatArray();
        assertEquals(1.0, got[2 * 6 + 3], 1e-4, "the window the template was cut from");
    }

    @Test
    void aMaskOfTheWrongShapeIsRejected() {
        NDArray image = manager.randomUniform(0f, 1f, new Shape(10, 10));
        NDArray template = manager.randomUniform(0f, 1f, new Shape(1, 3, 3));
        String message = assertThrows(IllegalArgumentException.class,
                () -> NormalizedCrossCorrelation.scores(image, template, manager.ones(new Shape(1, 3, 4))))
                .getMessage();
        assertTrue(message.contains("masks"), message);
        String channels = assertThrows(IllegalArgumentException.class,
                () -> NormalizedCrossCorrelation.scores(manager.ones(new Shape(3, 10, 10)), template)).getMessage();
        assertTrue(channels.contains("(C, H, W)"), channels);
    }
}
