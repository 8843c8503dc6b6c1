package org.logokit.eval;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class MeanAveragePrecisionTest {

    static float[] box(float x1, float y1, float x2, float y2) {
        return new float[] {x1, y1, x2, y2};
    }

    /**
     * Two objects A, B of class 0. Detections by score: 0.9 hits A exactly (TP), 0.8 hits A again
     * with IoU 0.81 (duplicate: FP), 0.7 hits B with IoU 0.9 (TP).
     * recall 1/2, 1/2, 1; precision 1, 1/2, 2/3; envelope 1, 2/3, 2/3.
     */
    static MeanAveragePrecision threeDetections(MeanAveragePrecision map) {
        ImageGroundTruth gt = new ImageGroundTruth(
                new float[][] {box(0, 0, 10, 10), box(20, 20, 30, 30)}, new int[] {0, 0});
        ImageDetections det = new ImageDetections(
                new float[][] {box(1, 1, 10, 10), box(20, 20, 30, 29), box(0, 0, 10, 10)},
                new float[] {0.8f, 0.7f, 0.9f}, new int[] {0, 0, 0});
        map.add(det, gt);
        return map;
    }

    @Test
    void vocAllPointApOfThreeDetectionsByHand() {
        DetectionMetrics m = threeDetections(MeanAveragePrecision.voc(1)).compute();
        // area under the envelope: 0.5 * 1 + 0.5 * 2/3
        assertEquals(0.5 + 0.5 * 2 / 3.0, m.averagePrecision(0, 0.5), 1e-12);
        assertEquals(m.averagePrecision(0, 0.5), m.mean(), 1e-12);
        PrecisionRecallCurve curve = m.curve(0, 0.5);
        assertArrayEquals(new double[] {0.5, 0.5, 1}, curve.recall(), 1e-12);
        assertArrayEquals(new double[] {1, 0.5, 2 / 3.0}, curve.precision(), 1e-12);
        assertArrayEquals(new double[] {1, 2 / 3.0, 2 / 3.0}, curve.interpolatedPrecision(), 1e-12);
        assertArrayEquals(new double[] {0.9, 0.8, 0.7}, curve.scores(), 1e-6);
    }

    @Test
    void coco101PointApOfThreeDetectionsByHand() {
        MeanAveragePrecision map = new MeanAveragePrecision(1, new double[] {0.5},
                ApInterpolation.COCO_101_POINTS, 100);
        DetectionMetrics m = threeDetections(map).compute();
        // recall points 0.00..0.50 (51 of them) read precision 1, 0.51..1.00 (50) read 2/3
        assertEquals((51 + 50 * 2 / 3.0) / 101, m.mean(), 1e-12);
    }

    @Test
    void apAtStricterThresholdsLikeTheSeedTable() {
        double[] thresholds = {0.75, 0.8, 0.85, 0.9, 0.95, 0.99};
        DetectionMetrics m = threeDetections(new MeanAveragePrecision(1, thresholds,
                ApInterpolation.VOC_ALL_POINTS, 0)).compute();
        // 0.75, 0.8: as at 0.5 (the duplicate's IoU 0.81 does not matter, A is taken);
        // 0.85, 0.9: still (B's IoU is exactly 0.9); 0.95, 0.99: only the exact hit on A counts -> 0.5
        double asAtHalf = 0.5 + 0.5 * 2 / 3.0;
        assertEquals(asAtHalf, m.meanAt(0.75), 1e-12);
        assertEquals(asAtHalf, m.meanAt(0.8), 1e-12);
        assertEquals(asAtHalf, m.meanAt(0.9), 1e-12);
        assertEquals(0.5, m.meanAt(0.95), 1e-12);
        assertEquals(0.5, m.meanAt(0.99), 1e-12);
        assertThrows(IllegalArgumentException.class, () -> m.meanAt(0.5));
    }

    @Test
    void perfectDetectionsScoreOneAndNoDetectionsScoreZero() {
        ImageGroundTruth gt = new ImageGroundTruth(
                new float[][] {box(0, 0, 5, 5), box(10, 10, 20, 30)}, new int[] {0, 1});
        ImageDetections perfect = new ImageDetections(gt.boxes(), new float[] {0.6f, 0.9f}, gt.labels());
        for (MeanAveragePrecision map : new MeanAveragePrecision[] {
            MeanAveragePrecision.voc(2), MeanAveragePrecision.coco(2)}) {
            map.add(perfect, gt);
            assertEquals(1.0, map.compute().mean(), 1e-12);
        }
        MeanAveragePrecision none = MeanAveragePrecision.coco(2);
        none.add(ImageDetections.none(), gt);
        assertEquals(0.0, none.compute().mean(), 1e-12);
    }

    @Test
    void classesWithoutGroundTruthAreLeftOutOfTheMean() {
        MeanAveragePrecision map = MeanAveragePrecision.voc(3);
        map.add(new ImageDetections(new float[][] {box(0, 0, 5, 5), box(50, 50, 60, 60)},
                new float[] {0.9f, 0.8f}, new int[] {0, 2}),
                new ImageGroundTruth(new float[][] {box(0, 0, 5, 5)}, new int[] {0}));
        map.add(ImageDetections.none(), ImageGroundTruth.none()); // a no-logo image
        DetectionMetrics m = map.compute();
        // COCO's convention: a class without ground truth is absent (-1), not NaN
        assertEquals(DetectionMetrics.ABSENT, m.averagePrecision(1, 0.5), 0);
        assertEquals(DetectionMetrics.ABSENT, m.averagePrecision(2, 0.5), 0);
        assertEquals(-1, m.averagePrecision(2), 0);
        assertEquals(-1, m.averageRecall(1), 0);
        assertEquals(1.0, m.mean(), 1e-12);
        assertEquals(2, m.images());
    }

    @Test
    void onlyTheTopHundredDetectionsPerImageCountForCoco() {
        float[][] boxes = new float[101][];
        float[] scores = new float[101];
        int[] labels = new int[101];
        for (int i = 0; i < 100; i++) {
            boxes[i] = box(100 + i, 100, 101 + i, 101); // misses
            scores[i] = 0.9f;
        }
        boxes[100] = box(0, 0, 10, 10); // the hit, lowest score: cut off at 100 per image
        scores[100] = 0.1f;
        ImageGroundTruth gt = new ImageGroundTruth(new float[][] {box(0, 0, 10, 10)}, new int[] {0});
        MeanAveragePrecision coco = MeanAveragePrecision.coco(1);
        coco.add(new ImageDetections(boxes, scores, labels), gt);
        assertEquals(0.0, coco.compute().mean(), 1e-12);
        MeanAveragePrecision voc = MeanAveragePrecision.voc(1);
        voc.add(new ImageDetections(boxes, scores, labels), gt);
        assertEquals(1 / 101.0, voc.compute().mean(), 1e-12);
    }

    @Test
    void matchesAStraightforwardReferenceOnRandomScenes() {
        Random random = new Random(5);
        int classes = 3;
        double[] thresholds = {0.5, 0.75};
        MeanAveragePrecision voc = new MeanAveragePrecision(classes, thresholds, ApInterpolation.VOC_ALL_POINTS, 0);
        MeanAveragePrecision coco = new MeanAveragePrecision(classes, thresholds, ApInterpolation.COCO_101_POINTS, 0);
        List<ImageDetections> dets = new ArrayList<>();
        List<ImageGroundTruth> gts = new ArrayList<>();
        for (int image = 0; image < 25; image++) {
            int g = random.nextInt(4);
            float[][] gb = new float[g][];
            int[] gl = new int[g];
            for (int j = 0; j < g; j++) {
                float x = random.nextFloat() * 80;
                float y = random.nextFloat() * 80;
                gb[j] = box(x, y, x + 10 + random.nextFloat() * 20, y + 10 + random.nextFloat() * 20);
                gl[j] = random.nextInt(classes);
            }
            int d = random.nextInt(6);
            float[][] db = new float[d][];
            float[] ds = new float[d];
            int[] dl = new int[d];
            for (int i = 0; i < d; i++) {
                if (g > 0 && random.nextBoolean()) {
                    float[] t = gb[random.nextInt(g)];
                    float jitter = random.nextFloat() * 4;
                    db[i] = box(t[0] + jitter, t[1] - jitter / 2, t[2] + jitter, t[3]);
                    dl[i] = random.nextInt(4) == 0 ? random.nextInt(classes) : gl[Arrays.asList(gb).indexOf(t)];
                } else {
                    float x = random.nextFloat() * 90;
                    db[i] = box(x, x, x + 15, x + 12);
                    dl[i] = random.nextInt(classes);
                }
                ds[i] = Math.round(random.nextFloat() * 20) / 20f; // coarse scores: many ties
            }
            ImageDetections det = new ImageDetections(db, ds, dl);
            ImageGroundTruth gt = new ImageGroundTruth(gb, gl);
            voc.add(det, gt);
            coco.add(det, gt);
            dets.add(det);
            gts.add(gt);
        }
        DetectionMetrics mv = voc.compute();
        DetectionMetrics mc = coco.compute();
        for (int c = 0; c < classes; c++) {
            for (double t : thresholds) {
                double[] ref = ReferenceAp.ap(dets, gts, c, t);
                assertEquals(ref[0], mv.averagePrecision(c, t), 1e-12, "VOC class " + c + " @" + t);
                assertEquals(ref[1], mc.averagePrecision(c, t), 1e-12, "COCO class " + c + " @" + t);
            }
        }
    }

    @Test
    void badInputIsExplained() {
        MeanAveragePrecision map = MeanAveragePrecision.voc(2);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> map.add(new ImageDetections(new float[][] {box(0, 0, 1, 1)}, new float[] {1}, new int[] {5}),
                        ImageGroundTruth.none()));
        assertTrue(e.getMessage().contains("outside 0..1"));
        assertThrows(IllegalArgumentException.class,
                () -> new ImageDetections(new float[][] {box(0, 0, 1, 1)}, new float[0], new int[] {0}));
        assertThrows(IllegalArgumentException.class,
                () -> new MeanAveragePrecision(2, new double[] {1.5}, ApInterpolation.VOC_ALL_POINTS, 0));
    }

    @Test
    void detectionsAndGroundTruthCanComeFromNDArrays() {
        try (NDManager m = NDManager.newBaseManager()) {
            ImageDetections det = ImageDetections.of(m.create(new float[] {0, 0, 4, 4}, new Shape(1, 4)),
                    m.create(new float[] {0.7f}), m.create(new long[] {1}));
            ImageGroundTruth gt = ImageGroundTruth.of(m.create(new float[] {0, 0, 4, 4}, new Shape(1, 4)),
                    m.create(new int[] {1}));
            MeanAveragePrecision map = MeanAveragePrecision.voc(2);
            map.add(det, gt);
            assertEquals(1.0, map.compute().mean(), 1e-12);
        }
    }
}
