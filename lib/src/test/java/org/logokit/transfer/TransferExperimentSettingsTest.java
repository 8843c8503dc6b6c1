package org.logokit.transfer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.logokit.config.Profile;

/** Chapter 03's settings per profile, and the settings the experiment refuses. */
class TransferExperimentSettingsTest {

    @Test
    void theFullProfileTrainsFiveHeadAndFifteenFineTuningEpochsAt128Pixels() {
        TransferExperiment.Settings full = TransferExperiment.Settings.of(Profile.FULL);
        assertEquals(128, full.imageSize());
        assertEquals(32, full.batchSize());
        assertEquals(Integer.MAX_VALUE, full.limit());
        assertEquals(20, full.pretrainEpochs());
        assertEquals(5, full.headEpochs());
        assertEquals(15, full.fineEpochs());
        assertEquals(0.1f, full.backboneMultiplier());
        assertTrue(full.scratchRun());
    }

    @Test
    void theSmokeProfileIsTinyButTrainsBothPhases() {
        TransferExperiment.Settings smoke = TransferExperiment.Settings.of(Profile.SMOKE);
        assertEquals(64, smoke.imageSize());
        assertEquals(200, smoke.limit());
        assertEquals(1, smoke.headEpochs());
        assertEquals(1, smoke.fineEpochs());
    }

    @Test
    void settingsWithoutAnyTargetEpochOrWithABadLearningRateAreRefusedWithTheValues() {
        IllegalArgumentException noEpochs = assertThrows(IllegalArgumentException.class,
                () -> new TransferExperiment.Settings(128, 32, 100, 20, 0, 0, 0.1f, 0.05f, 0.1f, 0.05f, true));
        assertTrue(noEpochs.getMessage().contains("0 + 0"), noEpochs.getMessage());
        assertThrows(IllegalArgumentException.class,
                () -> new TransferExperiment.Settings(16, 32, 100, 20, 1, 1, 0.1f, 0.05f, 0.1f, 0.05f, true));
        assertThrows(IllegalArgumentException.class,
                () -> new TransferExperiment.Settings(128, 32, 100, 20, 1, 1, 0f, 0.05f, 0.1f, 0.05f, true));
        assertThrows(IllegalArgumentException.class,
                () -> new TransferExperiment.Settings(128, 32, 100, 20, 1, 1, 0.1f, Float.NaN, 0.1f, 0.05f, true));
    }

    @Test
    void theCourseBackboneRefusesATinyImageSizeBeforeTouchingAnyData() {
        assertThrows(IllegalArgumentException.class, () -> SourceBrandPretraining.courseBackbone(8, 2, System.out));
        assertThrows(IllegalArgumentException.class, () -> SourceBrandPretraining.courseBackbone(64, 0, System.out));
    }
}
