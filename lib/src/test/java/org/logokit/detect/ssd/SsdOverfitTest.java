package org.logokit.detect.ssd;

import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.logokit.detect.Backbone;
import org.logokit.detect.OverfitRun;
import org.logokit.detect.TinyScenes;

/** SSD learns a few tiny scenes by heart with each box loss, on the engine under test. */
class SsdOverfitTest {
    private static final int SIZE = 128; // maps 16, 8, 4, 2, 1

    static Ssd.Config tiny(SsdBoxLoss loss, boolean onePerLocation) {
        float[] two = {2};
        float[] twoThree = {2, 3};
        return new Ssd.Config(Backbone.Width.QUARTER, 0, new int[] {64, 64}, 0.15, 0.9,
                new float[][] {two, twoThree, twoThree, two, two}, onePerLocation, loss, 1.0, 3, 0.5, 0.01, 0.45, 50);
    }

    @Test
    void ssdWithSmoothL1LearnsTinyScenes() throws Exception {
        OverfitRun.Result r = OverfitRun.run(Ssd.spec("tiny-ssd", TinyScenes.CLASSES, SIZE,
                tiny(SsdBoxLoss.SMOOTH_L1, false)), 16, 20, 48, 30, 3e-3f);
        assertTrue(r.lastLoss() < 0.3 * r.firstLoss(), r.toString());
        assertTrue(r.recall() >= 0.8, r.toString());
    }

    @Test
    void oneBoxSsdWithDiouLearnsTinyScenes() throws Exception {
        OverfitRun.Result r = OverfitRun.run(Ssd.spec("tiny-ssd-one", TinyScenes.CLASSES, SIZE,
                tiny(SsdBoxLoss.DIOU, true)), 16, 20, 48, 30, 3e-3f);
        assertTrue(r.lastLoss() < 0.3 * r.firstLoss(), r.toString());
        assertTrue(r.recall() >= 0.8, r.toString());
    }
}
