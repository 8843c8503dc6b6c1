package org.logokit.match;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import org.junit.jupiter.api.Test;
import org.logokit.testing.NDManagerFixture;

class IoUMatcherTest extends NDManagerFixture {
    private long[] match(IoUMatcher matcher, float[][] quality) {
        NDArray result = matcher.matchQuality(manager.create(quality));
        assertEquals(DataType.INT64, result.getDataType());
        return result.toLongArray();
    }

    @Test
    void thresholdsSplitForegroundIgnoreAndBackgroundAtTheBoundaries() {
        float[][] quality = {
            {0.9f, 0.5f, 0.2f, 0.1f, 0.7f},
            {0.1f, 0.6f, 0.29f, 0.3f, 0.7f}};
        // best per anchor: 0.9 (gt 0), 0.6 (gt 1), 0.29, 0.3 (exactly low -> ignore),
        // 0.7 (exactly high -> match; tie between gts -> lower index)
        assertArrayEquals(new long[] {0, -2, -1, -2, 0}, match(new IoUMatcher(0.7, 0.3, false), quality));
        // equal thresholds leave no ignored band
        assertArrayEquals(new long[] {0, 1, -1, -1, 0}, match(new IoUMatcher(0.5, 0.5, false), quality));
    }

    @Test
    void lowQualityMatchesGiveEveryGtItsBestAnchorsIncludingTies() {
        float[][] quality = {{0.2f, 0.5f, 0.4f}, {0.1f, 0.4f, 0.4f}};
        IoUMatcher strict = new IoUMatcher(0.7, 0.3, false);
        IoUMatcher lenient = IoUMatcher.rpn();
        assertArrayEquals(new long[] {-1, -2, -2}, match(strict, quality));
        // gt 0's best is anchor 1; gt 1's best (0.4) is tied between anchors 1 and 2;
        // each claimed anchor takes its own best gt (anchor 2: tie 0.4/0.4 -> gt 0)
        assertArrayEquals(new long[] {-1, 0, 0}, match(lenient, quality));
        assertArrayEquals(new long[] {0, 0, -1}, match(lenient, new float[][] {{0.4f, 0.4f, 0.1f}}));
    }

    @Test
    void aGtOverlappingNothingClaimsNoAnchor() {
        assertArrayEquals(new long[] {-1, -1, -1}, match(IoUMatcher.rpn(), new float[][] {{0, 0, 0}}));
    }

    @Test
    void noGtBoxesMakesEveryAnchorBackgroundAndNoAnchorsGiveEmpty() {
        NDArray noGt = IoUMatcher.rpn().matchQuality(manager.zeros(new Shape(0, 4)));
        assertArrayEquals(new long[] {-1, -1, -1, -1}, noGt.toLongArray());
        assertEquals(DataType.INT64, noGt.getDataType());
        assertEquals(new Shape(0), IoUMatcher.rpn().matchQuality(manager.zeros(new Shape(3, 0))).getShape());
        NDArray anchors = manager.create(new float[][] {{0, 0, 10, 10}, {5, 5, 15, 15}});
        assertArrayEquals(new long[] {-1, -1},
                IoUMatcher.rpn().match(manager.zeros(new Shape(0, 4)), anchors).toLongArray());
    }

    @Test
    void matchesBoxesThroughIoU() {
        NDArray gt = manager.create(new float[][] {{0, 0, 10, 10}, {20, 20, 30, 30}});
        NDArray anchors = manager.create(new float[][] {
            {0, 0, 10, 10}, {21, 21, 30, 30}, {0, 0, 10, 20}, {50, 50, 60, 60}});
        // IoUs with their best gt: 1, 0.81, 0.5, 0
        assertArrayEquals(new long[] {0, 1, 0, -1},
                IoUMatcher.detectionHead().match(gt, anchors).toLongArray());
    }

    @Test
    void rejectsInconsistentThresholdsAndShapes() {
        assertThrows(IllegalArgumentException.class, () -> new IoUMatcher(0.3, 0.7, false));
        assertThrows(IllegalArgumentException.class,
                () -> IoUMatcher.rpn().matchQuality(manager.zeros(new Shape(4))));
    }
}
