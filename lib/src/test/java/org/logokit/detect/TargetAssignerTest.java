package org.logokit.detect;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.logokit.box.BoxCoder;
import org.logokit.match.BalancedSampler;
import org.logokit.match.IoUMatcher;
import org.logokit.testing.NDManagerFixture;

class TargetAssignerTest extends NDManagerFixture {
    private final TargetAssigner rpn = new TargetAssigner(new IoUMatcher(0.7, 0.3, false), null, BoxCoder.rpn());

    /** Anchors whose IoU with the box (0, 0, 10, 10) is exactly 1, 0.7, 0.5, 0.3, 0.2 and 0. */
    private NDArray anchors() {
        return manager.create(new float[][] {
            {0, 0, 10, 10},   // IoU 1
            {0, 0, 10, 7},    // 70 / 100 = 0.7 exactly
            {0, 0, 10, 5},    // 0.5
            {0, 0, 10, 3},    // 0.3
            {0, 0, 10, 2},    // 0.2
            {50, 50, 60, 60}, // 0
        });
    }

    @Test
    void anchorAtExactlyTheHighThresholdIsPositiveAndTheBandBetweenIsIgnored() {
        NDArray gt = manager.create(new float[][] {{0, 0, 10, 10}});
        TargetAssigner.Targets t = rpn.assign(anchors(), gt, manager.create(new long[] {5}));
        assertArrayEquals(new int[] {1, 1, -1, -1, 0, 0}, t.matchLabel().toIntArray());
        assertArrayEquals(new long[] {0, 0, -1, -1, -1, -1}, t.matchedIndex().toLongArray());
        // class target = gtClass + 1 for positives, 0 background, -1 ignored
        assertArrayEquals(new long[] {6, 6, -1, -1, 0, 0}, t.classTarget().toLongArray());
        assertEquals(2, t.positives());
        assertEquals(2, t.negatives());
    }

    @Test
    void boxTargetsAreTheMatchedBoxEncodedAgainstItsAnchorAndZeroElsewhere() {
        NDArray gt = manager.create(new float[][] {{0, 0, 10, 10}});
        TargetAssigner.Targets t = rpn.assign(anchors(), gt, manager.create(new long[] {0}));
        float[] box = t.boxTarget().toFloatArray();
        // anchor 1 (0,0,10,7): centre y 3.5, h 7 -> dy = (5 - 3.5) / 7, dh = log(10 / 7)
        assertArrayEquals(new float[] {0, 1.5f / 7, 0, (float) Math.log(10.0 / 7)},
                java.util.Arrays.copyOfRange(box, 4, 8), 1e-6f);
        assertArrayEquals(new float[4], java.util.Arrays.copyOfRange(box, 0, 4), 1e-6f);
        for (int i = 8; i < box.length; i++) {
            assertEquals(0f, box[i], 0f, "non-positive anchors have zero box targets");
        }
    }

    @Test
    void imageWithoutLogosMakesEveryAnchorBackground() {
        TargetAssigner.Targets t = rpn.assign(anchors(), manager.zeros(new Shape(0, 4)),
                manager.zeros(new Shape(0), ai.djl.ndarray.types.DataType.INT64));
        assertArrayEquals(new int[] {0, 0, 0, 0, 0, 0}, t.matchLabel().toIntArray());
        assertArrayEquals(new long[] {0, 0, 0, 0, 0, 0}, t.classTarget().toLongArray());
        assertArrayEquals(new float[24], t.boxTarget().toFloatArray(), 0f);
    }

    @Test
    void manyLogosEachGetTheirOwnAnchorsAndClasses() {
        NDArray anchors = manager.create(new float[][] {{0, 0, 10, 10}, {20, 0, 30, 10}, {40, 0, 50, 10},
            {60, 0, 70, 10}});
        NDArray gt = manager.create(new float[][] {{41, 0, 50, 10}, {0, 0, 10, 9}, {61, 1, 70, 10}});
        TargetAssigner.Targets t = rpn.assign(anchors, gt, manager.create(new long[] {7, 3, 9}));
        assertArrayEquals(new long[] {1, -1, 0, 2}, t.matchedIndex().toLongArray());
        assertArrayEquals(new long[] {4, 0, 8, 10}, t.classTarget().toLongArray());
    }

    @Test
    void sampledMinibatchHasAtMostHalfPositivesAndTheRestNegatives() {
        // 100 anchors: 10 positives on the box, 90 far away
        float[][] boxes = new float[100][];
        for (int i = 0; i < 100; i++) {
            boxes[i] = i < 10 ? new float[] {0, 0, 10, 10} : new float[] {100 + i, 100, 110 + i, 110};
        }
        TargetAssigner sampled = new TargetAssigner(IoUMatcher.rpn(), new BalancedSampler(16, 0.25, 3),
                BoxCoder.rpn());
        TargetAssigner.Targets t = sampled.assign(manager.create(boxes), manager.create(new float[][] {{0, 0, 10, 10}}),
                manager.create(new long[] {0}));
        assertEquals(4, t.positives(), "16 * 0.25 positives");
        assertEquals(12, t.negatives(), "the rest of the 16 are negatives");
        int[] labels = t.matchLabel().toIntArray();
        for (int i = 10; i < 100; i++) {
            assertTrue(labels[i] != 1, "a far anchor is never positive");
        }
    }

    @Test
    void batchAssignmentStacksPerImageTargets() {
        DetectionBatch batch = DetectionBatch.of(manager,
                List.of(new float[][] {{0, 0, 10, 10}}, new float[0][]), List.of(new int[] {2}, new int[0]));
        TargetAssigner.Targets t = rpn.assign(anchors(), batch);
        assertEquals(new Shape(2, 6), t.matchLabel().getShape());
        assertEquals(new Shape(2, 6, 4), t.boxTarget().getShape());
        assertArrayEquals(new long[] {3, 3, -1, -1, 0, 0, 0, 0, 0, 0, 0, 0}, t.classTarget().toLongArray());
    }

    @Test
    void matchWithoutSamplingGivesIndexAndLabelAsTwoArrays() {
        TargetAssigner.Match m = rpn.match(anchors(), manager.create(new float[][] {{0, 0, 10, 10}}));
        assertArrayEquals(new int[] {1, 1, -1, -1, 0, 0}, m.matchLabel().toIntArray());
        assertArrayEquals(new long[] {0, 0, -1, -1, -1, -1}, m.matchedIndex().toLongArray());
    }
}
