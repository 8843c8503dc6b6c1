package org.logokit.eval;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** pycocotools' area ranges, recall at 1 / 10 / 100, absent classes, any ids, the VOC devkit rule. */
class CocoConventionsTest {

    static float[] box(float x1, float y1, float x2, float y2) {
        return new float[] {x1, y1, x2, y2};
    }

    /**
     * A small object A (10 x 10) and a large one B (100 x 100). Detections by score: a small false
     * alarm (area 25), an exact hit on A, an exact hit on B, a medium false alarm (area 2,500).
     */
    static MeanAveragePrecision smallAndLarge(MeanAveragePrecision map) {
        ImageGroundTruth gt = new ImageGroundTruth(
                new float[][] {box(0, 0, 10, 10), box(100, 100, 200, 200)}, new int[] {0, 0});
        ImageDetections det = new ImageDetections(new float[][] {
            box(300, 300, 305, 305), box(0, 0, 10, 10), box(100, 100, 200, 200), box(400, 0, 450, 50)},
                new float[] {0.95f, 0.9f, 0.8f, 0.6f}, new int[] {0, 0, 0, 0});
        map.add(det, gt);
        return map;
    }

    @Test
    void areaRangesIgnoreBoxesOutsideThemAsPycocotoolsDoes() {
        DetectionMetrics m = smallAndLarge(MeanAveragePrecision.coco(1)).compute();
        // all: FP, TP, TP, FP -> precision envelope 2/3 at every recall point
        assertEquals(2 / 3.0, m.mean(AreaRange.ALL), 1e-12);
        // small: B and its hit are ignored, so is the medium false alarm: FP, TP -> 0.5
        assertEquals(0.5, m.mean(AreaRange.SMALL), 1e-12);
        // medium: no ground truth of that size -> absent
        assertEquals(DetectionMetrics.ABSENT, m.mean(AreaRange.MEDIUM), 0);
        // large: only B and its hit count -> 1
        assertEquals(1.0, m.mean(AreaRange.LARGE), 1e-12);
        assertEquals(1, m.numGroundTruth(0, AreaRange.SMALL));
        assertEquals(0, m.numGroundTruth(0, AreaRange.MEDIUM));
    }

    @Test
    void recallAtOneTenAndHundredDetections() {
        DetectionMetrics m = smallAndLarge(MeanAveragePrecision.coco(1)).compute();
        // with one detection per image only the false alarm is left
        assertEquals(0.0, m.meanAverageRecall(1, AreaRange.ALL), 1e-12);
        assertEquals(1.0, m.meanAverageRecall(10, AreaRange.ALL), 1e-12);
        assertEquals(1.0, m.meanAverageRecall(100, AreaRange.ALL), 1e-12);
        DetectionMetrics.CocoSummary s = m.cocoSummary();
        assertArrayEquals(new double[] {2 / 3.0, 2 / 3.0, 2 / 3.0, 0.5, -1, 1, 0, 1, 1, 1, -1, 1},
                s.toArray(), 1e-12);
        assertThrows(IllegalStateException.class, () -> smallAndLarge(MeanAveragePrecision.voc(1))
                .compute().cocoSummary());
    }

    @Test
    void thirtyTwoSquaredIsBothSmallAndMedium() {
        MeanAveragePrecision map = MeanAveragePrecision.coco(1);
        map.add(new ImageDetections(new float[][] {box(0, 0, 32, 32)}, new float[] {1}, new int[] {0}),
                new ImageGroundTruth(new float[][] {box(0, 0, 32, 32)}, new int[] {0}));
        DetectionMetrics m = map.compute();
        assertEquals(1.0, m.mean(AreaRange.SMALL), 1e-12);
        assertEquals(1.0, m.mean(AreaRange.MEDIUM), 1e-12);
        assertEquals(DetectionMetrics.ABSENT, m.mean(AreaRange.LARGE), 0);
    }

    @Test
    void perClassAccessorsAndAbsentClassesWithAnyIds() {
        // class ids 7 and 42 (no dense numbering); class 3 is evaluated but never annotated
        MeanAveragePrecision map = MeanAveragePrecision.builder().classIds(3, 7, 42).build();
        map.add(new ImageDetections(new float[][] {box(0, 0, 10, 10), box(20, 20, 30, 30),
            box(50, 50, 60, 60)}, new float[] {0.9f, 0.8f, 0.7f}, new int[] {7, 42, 3}),
                new ImageGroundTruth(new float[][] {box(0, 0, 10, 10), box(20, 20, 30, 26)},
                        new int[] {7, 42}));
        DetectionMetrics m = map.compute();
        assertArrayEquals(new int[] {3, 7, 42}, m.classIds());
        assertEquals(DetectionMetrics.ABSENT, m.averagePrecision(3), 0);
        assertEquals(1.0, m.averagePrecision(7), 1e-12);
        // class 42: IoU 0.6 -> found at 0.50..0.60, missed from 0.65: AP@[.5:.95] = 3 / 10
        assertEquals(0.3, m.averagePrecision(42), 1e-12);
        assertEquals(1.0, m.averagePrecision(42, 0.5), 1e-12);
        assertEquals(0.0, m.averagePrecision(42, 0.75), 1e-12);
        assertEquals(0.3, m.averageRecall(42), 1e-12);
        assertEquals((1.0 + 0.3) / 2, m.mean(), 1e-12);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> map.add(new ImageDetections(new float[][] {box(0, 0, 1, 1)}, new float[] {1},
                        new int[] {5}), ImageGroundTruth.none()));
        assertTrue(e.getMessage().contains("[3, 7, 42]"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> m.averagePrecision(5));
    }

    @Test
    void withoutAClassListEveryIdSeenIsAClass() {
        MeanAveragePrecision map = MeanAveragePrecision.builder().iouThresholds(0.5)
                .interpolation(ApInterpolation.VOC_ALL_POINTS).build();
        map.add(new ImageDetections(new float[][] {box(0, 0, 10, 10)}, new float[] {0.9f}, new int[] {1001}),
                new ImageGroundTruth(new float[][] {box(0, 0, 10, 10)}, new int[] {1001}));
        map.add(new ImageDetections(new float[][] {box(0, 0, 10, 10)}, new float[] {0.9f}, new int[] {-5}),
                ImageGroundTruth.none());
        DetectionMetrics m = map.compute();
        assertArrayEquals(new int[] {-5, 1001}, m.classIds());
        assertEquals(DetectionMetrics.ABSENT, m.averagePrecision(-5, 0.5), 0);
        assertEquals(1.0, m.mean(), 1e-12);
    }

    @Test
    void vocDevkitRuleLooksOnlyAtTheBestOverlappingBox() {
        // Two objects side by side. The second detection overlaps the first (taken) object most
        // (IoU 0.905) and the second object enough (0.739).
        ImageGroundTruth gt = new ImageGroundTruth(new float[][] {box(0, 0, 10, 10), box(2, 0, 12, 10)},
                new int[] {0, 0});
        ImageDetections det = new ImageDetections(new float[][] {box(0, 0, 10, 10), box(0.5f, 0, 10.5f, 10)},
                new float[] {0.9f, 0.8f}, new int[] {0, 0});
        for (MatchingRule rule : MatchingRule.values()) {
            MeanAveragePrecision map = MeanAveragePrecision.builder().classes(1).iouThresholds(0.5)
                    .interpolation(ApInterpolation.VOC_ALL_POINTS).maxDetections(0).matching(rule).build();
            map.add(det, gt);
            // COCO: the second detection takes the free object -> AP 1; VOC devkit: a duplicate -> 0.5
            assertEquals(rule == MatchingRule.COCO ? 1.0 : 0.5, map.compute().mean(), 1e-12, rule.name());
        }
        ImageMatch coco = ImageMatch.of(det, gt, 0.5, MatchingRule.COCO);
        ImageMatch voc = ImageMatch.of(det, gt, 0.5, MatchingRule.VOC_DEVKIT);
        assertArrayEquals(new int[] {0, 1}, coco.matchedGroundTruth());
        assertArrayEquals(new int[] {0, -1}, voc.matchedGroundTruth());
        assertEquals(1, voc.missed());
        assertEquals(1, voc.falsePositives());
    }

    @Test
    void vocDevkitNeedsStrictlyMoreThanTheThreshold() {
        // IoU exactly 0.5: a match for COCO (>=), not for the VOC devkit (>)
        ImageGroundTruth gt = new ImageGroundTruth(new float[][] {box(0, 0, 10, 20)}, new int[] {0});
        ImageDetections det = new ImageDetections(new float[][] {box(0, 0, 10, 10)}, new float[] {1}, new int[] {0});
        assertEquals(1, ImageMatch.of(det, gt, 0.5, MatchingRule.COCO).truePositives());
        assertEquals(0, ImageMatch.of(det, gt, 0.5, MatchingRule.VOC_DEVKIT).truePositives());
    }

    @Test
    void matchesALiteralPycocotoolsTranscriptionOnRandomScenes() {
        Random random = new Random(11);
        int classes = 3;
        List<ImageDetections> dets = new ArrayList<>();
        List<ImageGroundTruth> gts = new ArrayList<>();
        MeanAveragePrecision map = MeanAveragePrecision.coco(classes);
        for (int image = 0; image < 40; image++) {
            int g = random.nextInt(5);
            float[][] gb = new float[g][];
            int[] gl = new int[g];
            for (int j = 0; j < g; j++) {
                float x = random.nextFloat() * 200;
                float y = random.nextFloat() * 200;
                float side = 8 + random.nextFloat() * 140; // small, medium and large objects
                gb[j] = box(x, y, x + side, y + side * (0.5f + random.nextFloat()));
                gl[j] = random.nextInt(classes);
            }
            int d = random.nextInt(15);
            float[][] db = new float[d][];
            float[] ds = new float[d];
            int[] dl = new int[d];
            for (int i = 0; i < d; i++) {
                if (g > 0 && random.nextInt(3) > 0) {
                    int t = random.nextInt(g);
                    float w = gb[t][2] - gb[t][0];
                    float jitter = (random.nextFloat() - 0.5f) * w * 0.4f;
                    db[i] = box(gb[t][0] + jitter, gb[t][1], gb[t][2] + jitter, gb[t][3] - jitter / 2);
                    dl[i] = random.nextInt(5) == 0 ? random.nextInt(classes) : gl[t];
                } else {
                    float x = random.nextFloat() * 250;
                    float side = 3 + random.nextFloat() * 120;
                    db[i] = box(x, x / 2, x + side, x / 2 + side);
                    dl[i] = random.nextInt(classes);
                }
                ds[i] = Math.round(random.nextFloat() * 10) / 10f; // ties across images
            }
            ImageDetections det = new ImageDetections(db, ds, dl);
            ImageGroundTruth gt = new ImageGroundTruth(gb, gl);
            map.add(det, gt);
            dets.add(det);
            gts.add(gt);
        }
        DetectionMetrics m = map.compute();
        double[][] ranges = {{0, 1e10}, {0, 1024}, {1024, 9216}, {9216, 1e10}};
        for (int c = 0; c < classes; c++) {
            for (double t : MeanAveragePrecision.COCO_THRESHOLDS) {
                for (int a = 0; a < 4; a++) {
                    double[] ref = CocoReference.apAndRecall(dets, gts, c, t, ranges[a][0], ranges[a][1], 100);
                    AreaRange range = AreaRange.COCO[a];
                    double ap = m.averagePrecision(c, t, range);
                    assertEquals(ref[0], ap, 1e-9, "AP class " + c + " @" + t + " " + range.name());
                }
                for (int maxDet : new int[] {1, 10, 100}) {
                    double[] ref = CocoReference.apAndRecall(dets, gts, c, t, 0, 1e10, maxDet);
                    assertEquals(ref[1], m.recall(c, t, maxDet, AreaRange.ALL), 1e-9, "recall class " + c + " @" + t
                            + " maxDet " + maxDet);
                }
            }
        }
    }
}
