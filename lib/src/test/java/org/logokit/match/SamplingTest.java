package org.logokit.match;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import org.junit.jupiter.api.Test;
import org.logokit.testing.NDManagerFixture;

class SamplingTest extends NDManagerFixture {
    /** Labels: p positives (gt index 0), n negatives, i ignored, interleaved. */
    private NDArray labels(int p, int n, int i) {
        long[] values = new long[p + n + i];
        int k = 0;
        for (int j = 0; j < Math.max(p, Math.max(n, i)); j++) {
            if (j < p) {
                values[k++] = 0;
            }
            if (j < n) {
                values[k++] = -1;
            }
            if (j < i) {
                values[k++] = -2;
            }
        }
        return manager.create(values);
    }

    private static int count(NDArray mask) {
        int c = 0;
        for (boolean b : mask.toBooleanArray()) {
            c += b ? 1 : 0;
        }
        return c;
    }

    @Test
    void moreThanEnoughPositivesAreCappedAtTheQuota() {
        NDArray matches = labels(300, 1000, 50);
        BalancedSampler.Selection s = new BalancedSampler(256, 0.5, 1).sample(matches);
        assertEquals(128, count(s.positive()));
        assertEquals(128, count(s.negative()));
        long[] m = matches.toLongArray();
        boolean[] pos = s.positive().toBooleanArray();
        boolean[] neg = s.negative().toBooleanArray();
        for (int a = 0; a < m.length; a++) {
            assertTrue(!pos[a] || m[a] >= 0, "sampled positive must be a positive");
            assertTrue(!neg[a] || m[a] == -1, "sampled negative must be background, never ignored");
        }
    }

    @Test
    void fewPositivesAreFilledUpWithNegativesAndSmallImagesTakeEverything() {
        BalancedSampler.Selection s = new BalancedSampler(256, 0.5, 1).sample(labels(10, 1000, 0));
        assertEquals(10, count(s.positive()));
        assertEquals(246, count(s.negative()));
        BalancedSampler.Selection all = new BalancedSampler(256, 0.5, 1).sample(labels(3, 20, 5));
        assertEquals(3, count(all.positive()));
        assertEquals(20, count(all.negative()));
        BalancedSampler.Selection none = new BalancedSampler(256, 0.5, 1).sample(labels(0, 0, 0));
        assertEquals(new Shape(0), none.positive().getShape());
    }

    @Test
    void sameSeedSameSampleAndSubsetsVary() {
        NDArray matches = labels(300, 1000, 0);
        BalancedSampler a = new BalancedSampler(64, 0.25, 42);
        BalancedSampler b = new BalancedSampler(64, 0.25, 42);
        boolean[] first = a.sample(matches).positive().toBooleanArray();
        assertArrayEquals(first, b.sample(matches).positive().toBooleanArray());
        assertEquals(16, count(manager.create(first)));
        boolean[] second = a.sample(matches).positive().toBooleanArray();
        assertTrue(!java.util.Arrays.equals(first, second), "a new call draws a new subset");
    }

    @Test
    void samplerRejectsBadSettings() {
        assertThrows(IllegalArgumentException.class, () -> new BalancedSampler(0, 0.5, 1));
        assertThrows(IllegalArgumentException.class, () -> new BalancedSampler(256, 1.5, 1));
        assertThrows(IllegalArgumentException.class,
                () -> new BalancedSampler(256, 0.5, 1).sample(manager.zeros(new Shape(2, 3))));
    }

    @Test
    void hardNegativesAreTheHighestLossNegativesThreePerPositive() {
        NDArray loss = manager.create(new float[] {0.1f, 0.9f, 0.5f, 0.3f, 0.7f, 0.2f});
        NDArray positive = manager.create(new boolean[] {false, true, false, false, false, false});
        // the positive (0.9) is never a negative; top 3 of the rest: 0.7, 0.5, 0.3
        assertArrayEquals(new boolean[] {false, false, true, true, true, false},
                new HardNegativeMiner().mine(loss, positive).toBooleanArray());
    }

    @Test
    void tiedLossesArePickedLowerIndexFirst() {
        NDArray loss = manager.zeros(new Shape(8));
        NDArray positive = manager.create(new boolean[] {false, false, true, false, false, false, false, false});
        assertArrayEquals(new boolean[] {true, true, false, true, false, false, false, false},
                new HardNegativeMiner().mine(loss, positive).toBooleanArray());
    }

    @Test
    void minesEachImageOfABatchWithItsOwnPositiveCount() {
        NDArray loss = manager.create(new float[][] {
            {0.5f, 0.4f, 0.3f, 0.2f, 0.1f, 0.6f},
            {0.5f, 0.4f, 0.3f, 0.2f, 0.1f, 0.6f}});
        NDArray positive = manager.create(new boolean[][] {
            {false, false, false, false, false, false},
            {true, true, false, false, false, false}});
        NDArray mined = new HardNegativeMiner(1).mine(loss, positive);
        assertEquals(new Shape(2, 6), mined.getShape());
        // image 0 has no positives -> no negatives; image 1: 2 positives -> 2 hardest negatives
        assertArrayEquals(new boolean[] {false, false, false, false, false, false,
            false, false, true, false, false, true}, mined.toBooleanArray());
        // asking for more negatives than exist takes them all
        NDArray greedy = new HardNegativeMiner(10).mine(loss.get(1), positive.get(1));
        assertArrayEquals(new boolean[] {false, false, true, true, true, true}, greedy.toBooleanArray());
        assertThrows(IllegalArgumentException.class,
                () -> new HardNegativeMiner().mine(loss, positive.get(0)));
        assertEquals(new Shape(0, 5), new HardNegativeMiner().mine(
                manager.zeros(new Shape(0, 5)), manager.zeros(new Shape(0, 5), DataType.BOOLEAN)).getShape());
    }
}
