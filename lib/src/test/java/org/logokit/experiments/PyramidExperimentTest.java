package org.logokit.experiments;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.logokit.config.Profile;
import org.logokit.detect.fpn.LevelMapper;
import org.logokit.eval.ImageGroundTruth;

class PyramidExperimentTest {

    @Test
    void logosAreCountedByThePaperLevelWithTheMedianSideOfEach() {
        // sqrt(wh): 224 -> k = 4; 112 -> 3; 24.5 (20 x 30) and 16 -> 2 (clamped); 500 -> floor(5.16) = 5;
        // 150 -> floor(4 + log2(0.67)) = floor(3.42) = 3
        List<ImageGroundTruth> truth = List.of(
                new ImageGroundTruth(new float[][] {{0, 0, 224, 224}, {10, 10, 30, 40}}, new int[] {0, 1}),
                new ImageGroundTruth(new float[][] {{0, 0, 112, 112}, {5, 5, 21, 21}, {0, 0, 500, 500}},
                        new int[] {1, 1, 2}),
                new ImageGroundTruth(new float[][] {{0, 0, 150, 150}}, new int[] {0}),
                ImageGroundTruth.none());
        PyramidExperiment.LevelCounts counts = PyramidExperiment.countLevels(new LevelMapper(2, 5,
                LevelMapper.CANONICAL_LEVEL, LevelMapper.CANONICAL_SIZE), truth);
        assertArrayEquals(new int[] {2, 3, 4, 5}, counts.levels());
        assertArrayEquals(new int[] {2, 2, 1, 1}, counts.counts());
        assertEquals(6, counts.total());
        // medians: the upper of two (sorted 16, 24.5 -> 24.5; 112, 150 -> 150)
        assertArrayEquals(new double[] {Math.sqrt(600), 150, 224, 500}, counts.sides(), 1e-6);
        assertEquals("P2 2 (median 24 px) · P3 2 (median 150 px) · P4 1 (median 224 px) · P5 1 (median 500 px)",
                counts.describe());
    }

    @Test
    void aLevelWithoutLogosHasNoMedianAndASmallerCanonicalSizeMovesLogosUp() {
        List<ImageGroundTruth> truth = List.of(new ImageGroundTruth(new float[][] {{0, 0, 40, 40}}, new int[] {0}));
        PyramidExperiment.LevelCounts paper = PyramidExperiment.countLevels(LevelMapper.paper(2, 5), truth);
        assertArrayEquals(new int[] {1, 0, 0, 0}, paper.counts());
        assertTrue(Double.isNaN(paper.sides()[1]));
        assertEquals("P2 1 (median 40 px) · P3 0 · P4 0 · P5 0", paper.describe());
        // canonical 72: floor(4 + log2(40 / 72)) = floor(3.15) = 3
        PyramidExperiment.LevelCounts small = PyramidExperiment.countLevels(new LevelMapper(2, 5, 4, 72), truth);
        assertArrayEquals(new int[] {0, 1, 0, 0}, small.counts());
    }

    @Test
    void settingsShareChapter07sRecipeAndRefuseAWrongNumberOfAnchorSizes() {
        PyramidExperiment.Settings smoke = PyramidExperiment.Settings.of(Profile.SMOKE);
        assertEquals(FasterRcnnExperiment.Settings.of(Profile.SMOKE), smoke.plain());
        assertEquals(5, smoke.rpn().anchorSizes().length);
        for (float[] perLevel : smoke.rpn().anchorSizes()) {
            assertEquals(1, perLevel.length, "one anchor size per level");
        }
        assertArrayEquals(new float[] {16, 32, 64, 128, 256}, smoke.anchorSizes());
        IllegalArgumentException sizes = assertThrows(IllegalArgumentException.class, () -> new PyramidExperiment.Settings(
                smoke.plain(), "x", 16, new float[] {16, 32, 64}, 224, 0, 1, false));
        assertTrue(sizes.getMessage().contains("P2..P6"), sizes.getMessage());
        assertEquals(smoke.plain().epochs(), smoke.epochs(), "smoke: chapter 07's epochs");
        assertEquals(3, PyramidExperiment.Settings.of(Profile.FULL).epochs(), "full: trimmed to fit the chapter's time");
        assertThrows(IllegalArgumentException.class, () -> new PyramidExperiment.Settings(smoke.plain(), "x", 16,
                smoke.anchorSizes(), 224, 0, 0, false));
    }
}
