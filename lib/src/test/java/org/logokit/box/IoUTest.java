package org.logokit.box;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import org.junit.jupiter.api.Test;
import org.logokit.testing.NDManagerFixture;

class IoUTest extends NDManagerFixture {
    private static final float TOL = 1e-5f;
    /** The seed-004 exercise: a 2x2 box and a 2x3 box that overlap in a 1x1 square. */
    private static final float[] TWO_BY_TWO = {0, 0, 2, 2};
    private static final float[] TWO_BY_THREE = {1, 1, 3, 4};

    private NDArray boxes(float[]... rows) {
        return manager.create(rows);
    }

    private float single(float[] a, float[] b, IoUKind kind) {
        return IoU.pairwise(boxes(a), boxes(b), kind).getFloat(0, 0);
    }

    @Test
    void twoByTwoAndTwoByThreeOverlappingInOneSquareHaveIoUOneNinth() {
        // intersection 1, union 4 + 6 - 1 = 9
        assertEquals(1.0 / 9, single(TWO_BY_TWO, TWO_BY_THREE, IoUKind.IOU), TOL);
    }

    @Test
    void giouSubtractsTheUncoveredShareOfTheEnclosingBox() {
        // enclosing box (0,0)-(3,4) has area 12; union 9 -> 1/9 - 3/12 = -5/36
        assertEquals(-5.0 / 36, single(TWO_BY_TWO, TWO_BY_THREE, IoUKind.GIOU), TOL);
        // box inside another: enclosing box is the outer one, GIoU = IoU = 4/16
        assertEquals(0.25, single(new float[] {0, 0, 4, 4}, new float[] {1, 1, 3, 3}, IoUKind.GIOU), TOL);
    }

    @Test
    void diouSubtractsSquaredCentreDistanceOverSquaredEnclosingDiagonal() {
        // centres (1,1) and (2,2.5): rho^2 = 1 + 2.25; enclosing 3x4: c^2 = 25
        assertEquals(1.0 / 9 - 3.25 / 25, single(TWO_BY_TWO, TWO_BY_THREE, IoUKind.DIOU), TOL);
        // concentric boxes: no distance penalty
        assertEquals(0.25, single(new float[] {0, 0, 4, 4}, new float[] {1, 1, 3, 3}, IoUKind.DIOU), TOL);
    }

    @Test
    void ciouAddsTheAspectRatioTermWithAlphaFromThePaper() {
        double iou = 1.0 / 9;
        double v = 4 / (Math.PI * Math.PI) * Math.pow(Math.atan(2.0 / 3) - Math.atan(1.0), 2);
        double alpha = v / ((1 - iou) + v);
        double expected = iou - 3.25 / 25 - alpha * v;
        assertEquals(expected, single(TWO_BY_TWO, TWO_BY_THREE, IoUKind.CIOU), TOL);
        // same aspect ratio and centre: CIoU = IoU
        assertEquals(0.25, single(new float[] {0, 0, 4, 4}, new float[] {1, 1, 3, 3}, IoUKind.CIOU), TOL);
    }

    @Test
    void identicalBoxesScoreOneForEveryKind() {
        float[] box = {3, 5, 10, 9};
        for (IoUKind kind : IoUKind.values()) {
            assertEquals(1.0, single(box, box, kind), TOL, kind.name());
        }
    }

    @Test
    void disjointBoxesHaveIoUZeroAndNegativeGiouAndDiou() {
        float[] left = {0, 0, 1, 1};
        float[] right = {2, 0, 3, 1};
        assertEquals(0, single(left, right, IoUKind.IOU), TOL);
        // enclosing (0,0)-(3,1): area 3, union 2 -> -1/3
        assertEquals(-1.0 / 3, single(left, right, IoUKind.GIOU), TOL);
        // rho^2 = 4, c^2 = 9 + 1
        assertEquals(-0.4, single(left, right, IoUKind.DIOU), TOL);
        // touching edges share no area
        assertEquals(0, single(left, new float[] {1, 0, 2, 1}, IoUKind.IOU), TOL);
    }

    @Test
    void zeroAreaBoxesGiveZeroNotNaN() {
        NDArray degenerate = boxes(new float[] {1, 1, 1, 3}, new float[] {2, 2, 2, 2});
        for (IoUKind kind : IoUKind.values()) {
            NDArray result = IoU.pairwise(degenerate, degenerate, kind);
            for (float value : result.toFloatArray()) {
                assertTrue(Float.isFinite(value), kind + " produced " + value);
            }
        }
        assertArrayEquals(new float[] {0, 0, 0, 0},
                IoU.pairwise(degenerate, degenerate, IoUKind.IOU).toFloatArray(), TOL);
        assertEquals(0, single(new float[] {1, 1, 1, 3}, new float[] {0, 0, 4, 4}, IoUKind.IOU), TOL);
    }

    @Test
    void pairwiseGivesAnNByMMatrixInRowColumnOrder() {
        NDArray a = boxes(TWO_BY_TWO, new float[] {0, 0, 1, 1});
        NDArray b = boxes(TWO_BY_TWO, TWO_BY_THREE, new float[] {10, 10, 11, 11});
        NDArray iou = IoU.pairwise(a, b);
        assertEquals(new Shape(2, 3), iou.getShape());
        assertArrayEquals(new float[] {1, 1f / 9, 0, 0.25f, 0, 0}, iou.toFloatArray(), TOL);
    }

    @Test
    void elementwiseEqualsTheDiagonalOfPairwise() {
        NDArray a = boxes(TWO_BY_TWO, new float[] {0, 0, 4, 4}, new float[] {0, 0, 1, 1});
        NDArray b = boxes(TWO_BY_THREE, new float[] {1, 1, 3, 3}, new float[] {2, 0, 3, 1});
        for (IoUKind kind : IoUKind.values()) {
            float[] diagonal = new float[3];
            NDArray full = IoU.pairwise(a, b, kind);
            for (int i = 0; i < 3; i++) {
                diagonal[i] = full.getFloat(i, i);
            }
            assertArrayEquals(diagonal, IoU.elementwise(a, b, kind).toFloatArray(), TOL, kind.name());
        }
    }

    @Test
    void emptySetsGiveCorrectlyShapedEmptyResults() {
        NDArray none = manager.zeros(new Shape(0, 4));
        NDArray three = boxes(TWO_BY_TWO, TWO_BY_THREE, TWO_BY_TWO);
        assertEquals(new Shape(0, 3), IoU.pairwise(none, three, IoUKind.GIOU).getShape());
        assertEquals(new Shape(3, 0), IoU.pairwise(three, none, IoUKind.CIOU).getShape());
        assertEquals(new Shape(0), IoU.elementwise(none, none, IoUKind.DIOU).getShape());
    }

    @Test
    void integerBoxesArePromotedToFloat() {
        NDArray a = manager.create(new int[][] {{0, 0, 2, 2}});
        NDArray b = manager.create(new int[][] {{1, 1, 3, 4}});
        assertEquals(1.0 / 9, IoU.pairwise(a, b).getFloat(0, 0), TOL);
    }

    @Test
    void badShapesAreRejectedWithAClearMessage() {
        NDArray wrong = manager.zeros(new Shape(3, 5));
        NDArray ok = manager.zeros(new Shape(3, 4));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> IoU.pairwise(wrong, ok));
        assertTrue(e.getMessage().contains("(N, 4)"), e.getMessage());
        assertThrows(IllegalArgumentException.class,
                () -> IoU.elementwise(ok, manager.zeros(new Shape(2, 4)), IoUKind.IOU));
    }

    @Test
    void iouGradientMatchesTheHandDerivative() {
        // IoU = inter / union with d inter / d ax2 = 1 (height 1) and d union / d ax2 = 2 - 1,
        // so d IoU / d ax2 = (1 * 9 - 1 * 1) / 81 = 8 / 81.
        NDArray a = boxes(TWO_BY_TWO);
        NDArray b = boxes(TWO_BY_THREE);
        a.setRequiresGradient(true);
        try (GradientCollector collector = Engine.getInstance().newGradientCollector()) {
            collector.backward(IoU.elementwise(a, b, IoUKind.IOU).sum());
        }
        assertEquals(8.0 / 81, a.getGradient().getFloat(0, 2), TOL);
    }

    @Test
    void lossGradientsAreFiniteAndNonZeroForDisjointAndIdenticalBoxes() {
        NDArray a = boxes(new float[] {0, 0, 1, 1}, new float[] {3, 5, 10, 9});
        NDArray b = boxes(new float[] {2, 0, 3, 1}, new float[] {3, 5, 10, 9});
        for (IoUKind kind : new IoUKind[] {IoUKind.GIOU, IoUKind.DIOU, IoUKind.CIOU}) {
            NDArray pred = a.duplicate();
            pred.setRequiresGradient(true);
            try (GradientCollector collector = Engine.getInstance().newGradientCollector()) {
                collector.backward(IoU.elementwise(pred, b, kind).neg().add(1).sum());
            }
            NDArray grad = pred.getGradient();
            for (float value : grad.toFloatArray()) {
                assertTrue(Float.isFinite(value), kind + " gradient has " + value);
            }
            // disjoint boxes: IoU has no gradient, but GIoU/DIoU/CIoU pull the box to the target
            assertTrue(grad.get(0).abs().sum().getFloat() > 0, kind + " gives no gradient");
        }
    }
}
