package org.logokit.annotate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;
import org.junit.jupiter.api.Test;
import org.logokit.testing.NDManagerFixture;

class SmoothingTest extends NDManagerFixture {

    @Test
    void aUniformImageStaysUniformUpToItsBorder() {
        float[] got = Smoothing.gaussian(manager.full(new Shape(2, 7, 9), 0.3f), 1.2).toFloatArray();
        for (float v : got) {
            assertEquals(0.3f, v, 1e-6f);
        }
    }

    @Test
    void anImpulseSpreadsAsTheSampledGaussian() {
        float[][] image = new float[11][11];
        image[5][5] = 1f;
        NDArray out = Smoothing.gaussian(manager.create(image), 1.0);
        // radius ceil(2.5) = 3; weights exp(-i²/2) for i = -3..3, normalised: g(0) = 1 / Σ
        double total = 0;
        for (int i = -3; i <= 3; i++) {
            total += Math.exp(-i * i / 2.0);
        }
        double g0 = 1 / total;
        double g1 = Math.exp(-0.5) / total;
        assertEquals(g0 * g0, out.getFloat(5, 5), 1e-6);
        assertEquals(g0 * g1, out.getFloat(5, 6), 1e-6);
        assertEquals(g1 * g1, out.getFloat(4, 6), 1e-6);
        assertEquals(0f, out.getFloat(5, 9), 0f);
        assertEquals(1.0, out.sum().getFloat(), 1e-4, "away from the border nothing is lost");
    }

    @Test
    void aNonPositiveSigmaIsRejected() {
        assertThrows(IllegalArgumentException.class, () -> Smoothing.gaussian(manager.zeros(new Shape(4, 4)), 0));
    }
}
