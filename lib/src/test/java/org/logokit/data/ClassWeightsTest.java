package org.logokit.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class ClassWeightsTest {
    @Test
    void weighsEachClassByInverseFrequencyWithAverageOnePerImage() {
        // 3 classes present, 8 images: w = 8 / (3 * n)
        float[] w = ClassWeights.inverseFrequency(new int[] {2, 4, 2, 0});
        assertArrayEquals(new float[] {8f / 6, 8f / 12, 8f / 6, 0f}, w, 1e-6f);
        assertEquals(8.0, 2 * w[0] + 4 * w[1] + 2 * w[2], 1e-5);
    }

    @Test
    void seed001TrainingSplitWeighsABrandImage150TimesANoLogoImage() {
        int[] counts = new int[33];
        java.util.Arrays.fill(counts, 10);
        counts[LogoClasses.NO_LOGO_ID] = 1500;
        float[] w = ClassWeights.inverseFrequency(counts);
        assertEquals(1820.0 / (33 * 10), w[0], 1e-5);
        assertEquals(1820.0 / (33 * 1500), w[32], 1e-6);
        assertEquals(150.0, w[0] / w[32], 1e-3);
    }

    @Test
    void rejectsNegativeOrAllZeroCounts() {
        assertThrows(IllegalArgumentException.class, () -> ClassWeights.inverseFrequency(new int[] {1, -1}));
        assertThrows(IllegalArgumentException.class, () -> ClassWeights.inverseFrequency(new int[] {0, 0}));
    }
}
