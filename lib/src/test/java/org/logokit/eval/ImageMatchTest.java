package org.logokit.eval;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;
import org.logokit.detect.Detections;

class ImageMatchTest {
    private final ImageGroundTruth truth = new ImageGroundTruth(
            new float[][] {{0, 0, 10, 10}, {50, 50, 70, 70}, {80, 0, 100, 20}}, new int[] {0, 1, 2});

    @Test
    void rightBoxAndBrandIsTruePositiveDuplicatesAndWrongBrandsAreFalseAndTheRestMissed() {
        Detections d = new Detections(new float[][] {
            {0, 0, 10, 9},      // logo 0, right brand, IoU 0.9: TP
            {1, 0, 10, 10},     // logo 0 again: a duplicate, FP
            {50, 50, 70, 70},   // logo 1's place but brand 0: FP
            {30, 30, 40, 40},   // nothing there: FP
        }, new float[] {0.9f, 0.8f, 0.7f, 0.6f}, new int[] {0, 0, 0, 1});
        ImageMatch m = ImageMatch.of(d, truth, 0.5);
        assertArrayEquals(new boolean[] {true, false, false, false}, m.correct());
        assertArrayEquals(new int[] {0, -1, -1, -1}, m.matchedGroundTruth());
        assertArrayEquals(new boolean[] {true, false, false}, m.found());
        assertEquals(1, m.truePositives());
        assertEquals(3, m.falsePositives());
        assertEquals(2, m.missed());
    }

    @Test
    void theHigherScoreTakesTheLogoWhateverTheOrderGiven() {
        Detections d = new Detections(new float[][] {{0, 0, 10, 8}, {0, 0, 10, 10}}, new float[] {0.3f, 0.9f},
                new int[] {0, 0});
        ImageMatch m = ImageMatch.of(d, truth, 0.5);
        assertArrayEquals(new boolean[] {false, true}, m.correct());
    }

    @Test
    void aBoxBelowTheThresholdIsAFalsePositive() {
        Detections d = new Detections(new float[][] {{0, 0, 10, 4}}, new float[] {0.9f}, new int[] {0});
        assertEquals(0, ImageMatch.of(d, truth, 0.5).truePositives(), "IoU 0.4");
        assertEquals(1, ImageMatch.of(d, truth, 0.4).truePositives(), "IoU 0.4 at threshold 0.4");
        assertEquals(3, ImageMatch.of(Detections.none(), truth, 0.5).missed());
    }
}
