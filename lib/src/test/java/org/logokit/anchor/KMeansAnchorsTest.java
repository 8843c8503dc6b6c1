package org.logokit.anchor;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.junit.jupiter.api.Test;

class KMeansAnchorsTest {
    /** n boxes around each of the given (w, h) shapes, +-5 % noise. */
    private static float[][] clusters(float[][] centres, int n, long seed) {
        Random random = new Random(seed);
        float[][] wh = new float[centres.length * n][];
        for (int c = 0; c < centres.length; c++) {
            for (int i = 0; i < n; i++) {
                wh[c * n + i] = new float[] {
                    centres[c][0] * (float) (1 + 0.1 * (random.nextDouble() - 0.5)),
                    centres[c][1] * (float) (1 + 0.1 * (random.nextDouble() - 0.5))};
            }
        }
        return wh;
    }

    @Test
    void alignedIoUByHand() {
        // 2x2 and 2x3 at a common centre: intersection 4, union 6
        assertEquals(4.0 / 6, KMeansAnchors.alignedIoU(2, 2, 2, 3), 1e-12);
        // 4x1 and 1x4: intersection 1, union 7
        assertEquals(1.0 / 7, KMeansAnchors.alignedIoU(4, 1, 1, 4), 1e-12);
    }

    @Test
    void recoversSyntheticClustersSortedByArea() {
        float[][] centres = {{50, 20}, {10, 10}, {20, 80}};
        KMeansAnchors.Result result = new KMeansAnchors(7, 100).fit(clusters(centres, 200, 1), 3);
        float[][] expected = {{10, 10}, {50, 20}, {20, 80}};
        for (int c = 0; c < 3; c++) {
            assertArrayEquals(expected[c], result.anchors()[c], expected[c][0] * 0.03f);
        }
        assertTrue(result.meanIoU() > 0.9, "mean IoU " + result.meanIoU());
        assertEquals(600, result.assignment().length);
        assertEquals(0, result.assignment()[200]); // a box of the (10, 10) cluster
    }

    @Test
    void kEqualToTheNumberOfDistinctBoxesFitsPerfectly() {
        float[][] wh = {{10, 10}, {30, 10}, {10, 30}, {30, 10}, {60, 60}, {10, 10}};
        KMeansAnchors.Result result = new KMeansAnchors(3, 50).fit(wh, 4);
        assertEquals(1.0, result.meanIoU(), 1e-9);
    }

    @Test
    void meanIoUCurveRisesAndFlattens() {
        float[][] centres = {{10, 10}, {50, 20}, {20, 80}, {100, 100}, {40, 40}};
        double[] curve = new KMeansAnchors(0, 100).meanIoUCurve(clusters(centres, 100, 2), 8);
        assertEquals(8, curve.length);
        for (int k = 1; k < curve.length; k++) {
            assertTrue(curve[k] >= curve[k - 1] - 0.02, "curve dropped at k=" + (k + 1));
        }
        assertTrue(curve[4] - curve[0] > 0.3, "big gain up to the true number of clusters");
        assertTrue(curve[7] - curve[4] < 0.05, "small gain beyond it");
    }

    @Test
    void sameSeedSameAnchors() {
        float[][] wh = clusters(new float[][] {{10, 10}, {50, 20}, {20, 80}}, 50, 3);
        KMeansAnchors.Result a = new KMeansAnchors(11, 100).fit(wh, 5);
        KMeansAnchors.Result b = new KMeansAnchors(11, 100).fit(wh, 5);
        for (int c = 0; c < 5; c++) {
            assertArrayEquals(a.anchors()[c], b.anchors()[c]);
        }
        assertEquals(a.meanIoU(), KMeansAnchors.meanIoU(wh, a.anchors()), 1e-9);
    }

    @Test
    void rejectsBadInput() {
        KMeansAnchors kmeans = new KMeansAnchors();
        assertThrows(IllegalArgumentException.class, () -> kmeans.fit(new float[0][], 1));
        assertThrows(IllegalArgumentException.class, () -> kmeans.fit(new float[][] {{1, 1}}, 2));
        assertThrows(IllegalArgumentException.class, () -> kmeans.fit(new float[][] {{0, 1}}, 1));
        assertArrayEquals(new float[] {3, 4},
                KMeansAnchors.widthsHeights(new float[][] {{1, 1, 4, 5}})[0]);
    }

    private static final float[][] FIVE = {{10, 10}, {12, 10}, {40, 20}, {50, 20}, {10, 40}};

    @Test
    void assignPicksTheCentroidWithTheHighestCentreAlignedIoU() {
        // (10, 40) against (10, 10): 100 / 400 = 0.25; against (45, 20): 200 / 1100 = 0.18
        assertArrayEquals(new int[] {0, 0, 1, 1, 0},
                KMeansAnchors.assign(FIVE, new float[][] {{10, 10}, {45, 20}}));
        // ties go to the lower index
        assertArrayEquals(new int[] {0}, KMeansAnchors.assign(new float[][] {{10, 10}},
                new float[][] {{10, 10}, {10, 10}}));
    }

    @Test
    void oneStepMovesEachCentroidToTheMeanOfItsBoxes() {
        KMeansAnchors.Step step = KMeansAnchors.step(FIVE, new float[][] {{10, 10}, {45, 20}});
        assertArrayEquals(new int[] {0, 0, 1, 1, 0}, step.assignment());
        assertArrayEquals(new float[] {32 / 3f, 20}, step.centroids()[0], 1e-5f);
        assertArrayEquals(new float[] {45, 20}, step.centroids()[1], 1e-5f);
    }

    @Test
    void anEmptyClusterMovesToTheWorstFittedBox() {
        // (500, 500) gets no box; the box fitted worst (best IoU 0.25) is (10, 40)
        KMeansAnchors.Step step = KMeansAnchors.step(FIVE,
                new float[][] {{10, 10}, {45, 20}, {500, 500}, {600, 600}});
        assertArrayEquals(new float[] {10, 40}, step.centroids()[2], 0f);
        // a second empty cluster takes the next worst box, (12, 10) with IoU 0.83
        assertArrayEquals(new float[] {12, 10}, step.centroids()[3], 0f);
    }

    @Test
    void fitFromGivenCentroidsRepeatsStepsUntilNothingMoves() {
        float[][] start = {{10, 10}, {45, 20}};
        float[][] centroids = start;
        int[] previous = null;
        for (int i = 0; i < 20; i++) {
            KMeansAnchors.Step step = KMeansAnchors.step(FIVE, centroids);
            if (java.util.Arrays.equals(previous, step.assignment())) {
                break;
            }
            previous = step.assignment();
            centroids = step.centroids();
        }
        KMeansAnchors.Result result = new KMeansAnchors(0, 100).fit(FIVE, start);
        // the result is sorted by area
        float[][] bySize = centroids[0][0] * centroids[0][1] <= centroids[1][0] * centroids[1][1]
                ? centroids : new float[][] {centroids[1], centroids[0]};
        assertArrayEquals(bySize[0], result.anchors()[0], 1e-5f);
        assertArrayEquals(bySize[1], result.anchors()[1], 1e-5f);
        assertEquals(KMeansAnchors.meanIoU(FIVE, result.anchors()), result.meanIoU(), 1e-6);
        assertThrows(IllegalArgumentException.class, () -> new KMeansAnchors().fit(FIVE, new float[][] {{0, 1}}));
    }
}
