package org.logokit.experiments;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;
import org.logokit.config.Profile;

class RpnExperimentSettingsTest {

    @Test
    void thePaperVariantDiffersOnlyInTheForegroundThresholdAndTheBoxWeight() {
        for (Profile profile : Profile.values()) {
            RpnExperiment.Settings course = RpnExperiment.Settings.of(profile);
            RpnExperiment.Settings paper = RpnExperiment.Settings.paper(profile);
            assertEquals(DetectorRecipe.RPN_FOREGROUND_IOU, course.rpn().foregroundIoU());
            assertEquals(0.7, paper.rpn().foregroundIoU());
            assertEquals(DetectorRecipe.RPN_BOX_WEIGHT, course.boxLossWeight());
            assertEquals(1, paper.boxLossWeight());
            assertNotEquals(course.name(), paper.name());
            assertNotEquals(course.spec(), paper.spec());
            assertEquals(course.epochs(), paper.epochs());
            assertEquals(course.rpn().backgroundIoU(), paper.rpn().backgroundIoU());
            assertArrayEquals(course.rpn().anchorSizes(), paper.rpn().anchorSizes());
            assertEquals(course.rpn().preNmsTopNTest(), paper.rpn().preNmsTopNTest());
        }
        assertEquals(RpnExperiment.EPOCHS, RpnExperiment.Settings.of(Profile.FULL).epochs());
    }

    @Test
    void fasterRcnnKeepsThePapersRpnThresholds() {
        FasterRcnnExperiment.Settings settings = FasterRcnnExperiment.Settings.of(Profile.FULL);
        assertEquals(0.7, settings.rpn().foregroundIoU());
    }

    @Test
    void aNonPositiveBoxWeightIsRejected() {
        RpnExperiment.Settings s = RpnExperiment.Settings.of(Profile.SMOKE);
        assertThrows(IllegalArgumentException.class, () -> new RpnExperiment.Settings(s.name(), s.imageSize(),
                s.batchSize(), s.epochs(), s.learningRate(), s.trainLimit(), s.testLimit(), s.frozenStages(),
                s.pretrained(), s.rpn(), 0, false));
    }
}
