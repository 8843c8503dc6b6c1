package org.logokit.box;

import org.logokit.nd.EngineBuiltins;
import org.logokit.nd.Ranking;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.logokit.testing.NDManagerFixture;

class NmsTest extends NDManagerFixture {
    /**
     * 3 overlaps 0 with IoU exactly 0.5 and 1 with IoU 36/114; 0 overlaps 1 with IoU 81/119;
     * 2 is far from everything.
     */
    private NDArray boxes;
    private NDArray scores;

    @BeforeEach
    void createBoxes() {
        boxes = manager.create(new float[][] {
            {0, 0, 10, 10}, {1, 1, 11, 11}, {20, 20, 30, 30}, {0, 0, 10, 5}});
        scores = manager.create(new float[] {0.9f, 0.8f, 0.7f, 0.95f});
    }

    /**
     * NMS with the engine's built-in operator (MXNet) and with the portable block-wise pass: both
     * must keep the same boxes; returns them.
     */
    private static long[] nmsBothPaths(NDArray b, NDArray s, double threshold) {
        long[] portable = EngineBuiltins.disabledWhile(() -> Nms.nms(b, s, threshold).toLongArray());
        long[] usual = Nms.nms(b, s, threshold).toLongArray();
        assertArrayEquals(portable, usual, "the engine's NMS operator and the portable pass disagree");
        return usual;
    }

    @Test
    void keepsBoxesByDecreasingScoreAndSuppressesOnlyAboveTheThreshold() {
        // IoU(3, 0) = 0.5 is not > 0.5, so 0 survives and then suppresses 1 (IoU 0.68)
        NDArray keep = Nms.nms(boxes, scores, 0.5);
        assertEquals(DataType.INT64, keep.getDataType());
        assertArrayEquals(new long[] {3, 0, 2}, keep.toLongArray());
        assertArrayEquals(new long[] {3, 0, 2}, nmsBothPaths(boxes, scores, 0.5));
        // at 0.4, 3 suppresses 0; 1 overlaps 3 by only 0.32 and survives
        assertArrayEquals(new long[] {3, 1, 2}, nmsBothPaths(boxes, scores, 0.4));
    }

    /** Textbook greedy NMS on the host, the independent reference. */
    private static long[] referenceNms(float[][] b, float[] s, double threshold) {
        long[] order = Ranking.descending(s);
        boolean[] suppressed = new boolean[b.length];
        long[] kept = new long[b.length];
        int count = 0;
        for (int p = 0; p < order.length; p++) {
            int i = (int) order[p];
            if (suppressed[i]) {
                continue;
            }
            kept[count++] = i;
            for (int q = p + 1; q < order.length; q++) {
                int j = (int) order[q];
                float iw = Math.max(0, Math.min(b[i][2], b[j][2]) - Math.max(b[i][0], b[j][0]));
                float ih = Math.max(0, Math.min(b[i][3], b[j][3]) - Math.max(b[i][1], b[j][1]));
                float inter = iw * ih;
                float union = (b[i][2] - b[i][0]) * (b[i][3] - b[i][1])
                        + (b[j][2] - b[j][0]) * (b[j][3] - b[j][1]) - inter;
                if (inter / union > threshold) {
                    suppressed[j] = true;
                }
            }
        }
        return java.util.Arrays.copyOf(kept, count);
    }

    @Test
    void agreesWithTextbookGreedyNmsAcrossSeveralBlocks() {
        java.util.Random random = new java.util.Random(5);
        int n = 2 * Nms.BLOCK + 137;
        float[][] b = new float[n][];
        float[] s = new float[n];
        for (int i = 0; i < n; i++) {
            // crowded scene: many overlapping boxes, some tied scores
            float x = random.nextInt(200);
            float y = random.nextInt(200);
            b[i] = new float[] {x, y, x + 20 + random.nextInt(60), y + 20 + random.nextInt(60)};
            s[i] = random.nextInt(50) / 50f;
        }
        for (double threshold : new double[] {0.3, 0.5, 0.7}) {
            assertArrayEquals(referenceNms(b, s, threshold),
                    nmsBothPaths(manager.create(b), manager.create(s), threshold),
                    "threshold " + threshold);
        }
    }

    @Test
    void longSuppressionChainsKeepEveryOtherBox() {
        // sliding windows: each overlaps its neighbours (IoU 0.6) but not the next-but-one
        int n = 40;
        float[][] b = new float[n][];
        float[] s = new float[n];
        for (int i = 0; i < n; i++) {
            b[i] = new float[] {4 * i, 0, 4 * i + 16, 10};
            s[i] = 1 - i / 100f;
        }
        long[] expected = referenceNms(b, s, 0.5);
        assertEquals(20, expected.length);
        assertArrayEquals(expected, nmsBothPaths(manager.create(b), manager.create(s), 0.5));
    }

    @Test
    void equalScoresAreVisitedLowerIndexFirst() {
        NDArray same = manager.create(new float[][] {{0, 0, 4, 4}, {0, 0, 4, 4}, {10, 10, 12, 12}});
        NDArray tied = manager.create(new float[] {0.5f, 0.5f, 0.5f});
        assertArrayEquals(new long[] {0, 2}, nmsBothPaths(same, tied, 0.5));
    }

    @Test
    void identicalBoxesAreAllSuppressedButTheBest() {
        NDArray five = manager.create(new float[][] {
            {1, 1, 5, 5}, {1, 1, 5, 5}, {1, 1, 5, 5}, {1, 1, 5, 5}, {1, 1, 5, 5}});
        NDArray s = manager.create(new float[] {0.1f, 0.3f, 0.7f, 0.2f, 0.6f});
        assertArrayEquals(new long[] {2}, nmsBothPaths(five, s, 0.9));
    }

    @Test
    void noBoxesGiveAnEmptyInt64Result() {
        NDArray keep = Nms.nms(manager.zeros(new Shape(0, 4)), manager.zeros(new Shape(0)), 0.5);
        assertEquals(new Shape(0), keep.getShape());
        assertEquals(DataType.INT64, keep.getDataType());
        NDArray batched = Nms.batched(manager.zeros(new Shape(0, 4)), manager.zeros(new Shape(0)),
                manager.zeros(new Shape(0), DataType.INT64), 0.5);
        assertEquals(new Shape(0), batched.getShape());
    }

    @Test
    void batchedKeepsOverlappingBoxesOfDifferentClasses() {
        NDArray classes = manager.create(new long[] {0, 0, 0, 1});
        // 3 (class 1) no longer suppresses anything of class 0: 0 suppresses 1
        assertArrayEquals(new long[] {3, 0, 2}, Nms.batched(boxes, scores, classes, 0.4).toLongArray());
        assertArrayEquals(new long[] {3, 0, 2}, EngineBuiltins.disabledWhile(
                () -> Nms.batched(boxes, scores, classes, 0.4).toLongArray()));
        NDArray same = manager.create(new float[][] {{-8, -8, 2, 2}, {-8, -8, 2, 2}, {-8, -8, 2, 2}});
        NDArray s = manager.create(new float[] {0.2f, 0.9f, 0.5f});
        NDArray c = manager.create(new int[] {1, 1, 0});
        assertArrayEquals(new long[] {1, 2}, Nms.batched(same, s, c, 0.5).toLongArray());
    }

    @Test
    void batchedOnOneClassEqualsPlainNms() {
        NDArray random = manager.randomUniform(0, 50, new Shape(40, 2));
        NDArray rand = random.concat(random.add(manager.randomUniform(5, 20, new Shape(40, 2))), 1);
        NDArray s = manager.randomUniform(0, 1, new Shape(40));
        NDArray c = manager.zeros(new Shape(40), DataType.INT32);
        assertArrayEquals(nmsBothPaths(rand, s, 0.3),
                Nms.batched(rand, s, c, 0.3).toLongArray());
    }

    @Test
    void scoreThresholdAndTopK() {
        NDArray s = manager.create(new float[] {0.5f, 0.9f, 0.05f, 0.9f, 0.5f});
        assertArrayEquals(new long[] {0, 1, 3, 4}, Nms.aboveScore(s, 0.05).toLongArray());
        assertArrayEquals(new long[] {1, 3, 0}, Nms.topK(s, 3).toLongArray());
        assertArrayEquals(new long[] {1, 3, 0, 4, 2}, Nms.topK(s, 10).toLongArray());
        assertEquals(new Shape(0), Nms.topK(s, 0).getShape());
        assertThrows(IllegalArgumentException.class, () -> Nms.topK(s, -1));
    }

    @Test
    void mismatchedInputsAreRejected() {
        assertThrows(IllegalArgumentException.class,
                () -> Nms.nms(boxes, manager.zeros(new Shape(3)), 0.5));
        assertThrows(IllegalArgumentException.class,
                () -> Nms.nms(boxes, manager.zeros(new Shape(4, 1)), 0.5));
    }

    @Test
    void linearSoftNmsLowersOverlappingScores() {
        NDArray b = manager.create(new float[][] {{0, 0, 10, 10}, {0, 0, 10, 5}, {20, 20, 30, 30}});
        NDArray s = manager.create(new float[] {0.9f, 0.8f, 0.7f});
        SoftNms.Result result = SoftNms.linear().apply(b, s);
        // box 1 overlaps box 0 with IoU 0.5 >= 0.3: 0.8 * (1 - 0.5)
        assertArrayEquals(new long[] {0, 2, 1}, result.indices().toLongArray());
        assertArrayEquals(new float[] {0.9f, 0.7f, 0.4f}, result.scores().toFloatArray(), 1e-5f);
    }

    @Test
    void gaussianSoftNmsDecaysByExpOfSquaredIoU() {
        NDArray b = manager.create(new float[][] {{0, 0, 10, 10}, {0, 0, 10, 5}, {20, 20, 30, 30}});
        NDArray s = manager.create(new float[] {0.9f, 0.8f, 0.7f});
        SoftNms.Result result = SoftNms.gaussian().apply(b, s);
        assertArrayEquals(new long[] {0, 2, 1}, result.indices().toLongArray());
        float expected = (float) (0.8 * Math.exp(-0.25 / 0.5));
        assertArrayEquals(new float[] {0.9f, 0.7f, expected}, result.scores().toFloatArray(), 1e-5f);
    }

    @Test
    void softNmsDropsBoxesDecayedToTheScoreThresholdAndHandlesEmptyInput() {
        NDArray twins = manager.create(new float[][] {{0, 0, 4, 4}, {0, 0, 4, 4}});
        SoftNms.Result result = SoftNms.linear().apply(twins, manager.create(new float[] {0.6f, 0.6f}));
        assertArrayEquals(new long[] {0}, result.indices().toLongArray());
        SoftNms.Result none = SoftNms.gaussian().apply(manager.zeros(new Shape(0, 4)),
                manager.zeros(new Shape(0)));
        assertEquals(new Shape(0), none.indices().getShape());
        assertEquals(new Shape(0), none.scores().getShape());
    }
}
