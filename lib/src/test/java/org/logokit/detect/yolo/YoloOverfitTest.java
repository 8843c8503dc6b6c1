package org.logokit.detect.yolo;

import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.logokit.detect.Backbone;
import org.logokit.detect.OverfitRun;
import org.logokit.detect.TinyScenes;

/** YOLO v1 and YOLOv2 learn a few tiny scenes by heart, on the engine under test. */
class YoloOverfitTest {
    private static final int SIZE = 128; // a 4 x 4 grid of 32-pixel cells

    @Test
    void yoloV1LearnsTinyScenes() throws Exception {
        YoloV1.Config config = YoloV1.Config.defaults().withWidth(Backbone.Width.QUARTER, 64);
        OverfitRun.Result r = OverfitRun.run(YoloV1.spec("tiny-v1", TinyScenes.CLASSES, SIZE, config),
                16, 28, 48, 40, 3e-3f);
        assertTrue(r.lastLoss() < 0.3 * r.firstLoss(), r.toString());
        assertTrue(r.recall() >= 0.8, r.toString());
    }

    @Test
    void yoloV2LearnsTinyScenes() throws Exception {
        YoloV2.Config config = YoloV2.Config.defaults(new float[][] {{1, 1}, {1.4f, 1.4f}})
                .withWidth(Backbone.Width.QUARTER, 64);
        OverfitRun.Result r = OverfitRun.run(YoloV2.spec("tiny-v2", TinyScenes.CLASSES, SIZE, config),
                16, 28, 48, 40, 3e-3f);
        assertTrue(r.lastLoss() < 0.3 * r.firstLoss(), r.toString());
        assertTrue(r.recall() >= 0.8, r.toString());
    }
}
