package org.logokit.box;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.logokit.testing.NDManagerFixture;

class NmsTraceTest extends NDManagerFixture {

    @Test
    void eachStepKeepsTheBestRemainingBoxAndSuppressesItsOverlaps() {
        float[][] boxes = {{0, 0, 10, 10}, {1, 1, 11, 11}, {20, 20, 30, 30}};
        List<NmsTrace.Step> steps = NmsTrace.run(boxes, new float[] {0.9f, 0.8f, 0.7f}, 0.5);
        assertEquals(2, steps.size());
        assertEquals(0, steps.get(0).kept());
        assertEquals(List.of(1), steps.get(0).suppressed());
        // (1,1)-(11,11) against (0,0)-(10,10): 81 / (100 + 100 - 81)
        assertEquals(81.0 / 119, steps.get(0).iouWithKept()[0], 1e-12);
        assertEquals(List.of(2), steps.get(0).remaining());
        assertEquals(2, steps.get(1).kept());
        assertTrue(steps.get(1).suppressed().isEmpty());
        assertArrayEquals(new int[] {0, 2}, NmsTrace.kept(steps));
    }

    @Test
    void keepsExactlyWhatTheVectorisedNmsKeepsOnRandomSets() {
        Random random = new Random(8);
        for (int trial = 0; trial < 20; trial++) {
            int n = 1 + random.nextInt(40);
            float[][] boxes = new float[n][];
            float[] scores = new float[n];
            for (int i = 0; i < n; i++) {
                float x = random.nextFloat() * 60;
                float y = random.nextFloat() * 60;
                boxes[i] = new float[] {x, y, x + 5 + random.nextFloat() * 30, y + 5 + random.nextFloat() * 30};
                scores[i] = Math.round(random.nextFloat() * 10) / 10f; // ties
            }
            double threshold = 0.3 + 0.4 * random.nextDouble();
            long[] expected = Nms.nms(manager.create(boxes), manager.create(scores), threshold).toLongArray();
            int[] kept = NmsTrace.kept(NmsTrace.run(boxes, scores, threshold));
            assertArrayEquals(java.util.Arrays.stream(expected).mapToInt(v -> (int) v).toArray(), kept,
                    "trial " + trial);
        }
    }
}
