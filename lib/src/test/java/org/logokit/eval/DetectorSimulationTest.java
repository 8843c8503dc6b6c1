package org.logokit.eval;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.logokit.data.FlickrLogos32;
import org.logokit.data.Fixture;
import org.logokit.data.Split;

class DetectorSimulationTest {
    @TempDir
    Path dir;

    /** No errors at all: every object detected exactly once, no false alarm. */
    static DetectorSimulation.Settings perfect(Split split) {
        return new DetectorSimulation.Settings(split, Integer.MAX_VALUE, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0.5);
    }

    @Test
    void aDetectorWithoutErrorsScoresOneTheVocAndTheCocoWay() {
        FlickrLogos32 data = FlickrLogos32.open(Fixture.copy(dir));
        DetectorSimulation.Result r = DetectorSimulation.run(data, perfect(Split.TEST));
        // test split: adidas 104 and HP 204 with one box each, then four no-logo images
        assertEquals(6, r.images().size());
        assertEquals(1.0, r.voc().mean(), 1e-12);
        assertEquals(1.0, r.coco().mean(), 1e-12);
        assertEquals(1.0, r.coco().meanAverageRecall(1, AreaRange.ALL), 1e-12);
        assertArrayEquals(r.groundTruth().get(0).boxes()[0], r.detections().get(0).boxes()[0], 0f);
        // both boxes are small (16 x 16 and 10 x 10 pixels)
        assertArrayEquals(new int[] {2, 0, 0}, r.groundTruthPerArea());
    }

    @Test
    void exactDuplicatesCostApUntilNmsRemovesThem() {
        FlickrLogos32 data = FlickrLogos32.open(Fixture.copy(dir));
        DetectorSimulation.Settings duplicates = new DetectorSimulation.Settings(Split.TEST,
                Integer.MAX_VALUE, 1, 0, 0, 3, 0, 0, 0, 0, 0, 0.5);
        DetectorSimulation.Result r = DetectorSimulation.run(data, duplicates);
        ImageDetections raw = r.raw().get(0);
        assertTrue(raw.size() > 1, "duplicates were made");
        // every copy after the first is a false positive of the same object
        assertEquals(raw.size() - 1, ImageMatch.of(raw, r.groundTruth().get(0), 0.5, MatchingRule.COCO)
                .falsePositives());
        assertEquals(1.0, r.coco().mean(), 1e-12);
        assertEquals(1, r.detections().get(0).size());
    }

    @Test
    void theSameSeedGivesTheSameDetectionsAndSmallObjectsAreMissedMore() {
        ImageGroundTruth gt = new ImageGroundTruth(new float[][] {{0, 0, 10, 10}, {40, 40, 140, 140}},
                new int[] {3, 3});
        DetectorSimulation.Settings s = new DetectorSimulation.Settings(Split.TEST, 10, 1, 0, 1, 0,
                0.05, 1, 0.1, 0, 0.5, 0.5);
        ImageDetections a = DetectorSimulation.simulate(gt, 200, 200, s, new Random(5));
        ImageDetections b = DetectorSimulation.simulate(gt, 200, 200, s, new Random(5));
        assertArrayEquals(a.scores(), b.scores(), 0f);
        for (int trial = 0; trial < 50; trial++) {
            ImageDetections d = DetectorSimulation.simulate(gt, 200, 200, s, new Random(trial));
            for (int i = 0; i < d.size(); i++) {
                // the 10 x 10 object (small miss rate 1) is never detected
                assertTrue(BoxArrays.iou(d.boxes()[i], gt.boxes()[0]) < 0.1 || d.labels()[i] != 3,
                        "trial " + trial);
            }
        }
        assertThrows(IllegalArgumentException.class, () -> new DetectorSimulation.Settings(Split.TEST,
                10, 1, 1.5, 0, 0, 0, 0, 0, 0, 0, 0.5));
    }
}
