package org.logokit.box;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.training.GradientCollector;
import ai.djl.engine.Engine;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.logokit.anchor.KMeansAnchors;
import org.logokit.data.PixelBox;
import org.logokit.testing.NDManagerFixture;

/** One IoU core: the plain-Java and NDArray versions agree, degenerate boxes are decided, one validator. */
class OneIoUCoreTest extends NDManagerFixture {

    @Test
    void plainJavaIoUOfTheSeedExerciseIsOneNinthWithoutAManager() {
        // a 2x2 and a 2x3 box overlapping in 1x1: intersection 1, union 9
        assertEquals(1.0 / 9, IoU.of(new double[] {0, 0, 2, 2}, new double[] {1, 1, 3, 4}), 1e-15);
        // GIoU of a disjoint pair: (0,0,1,1) and (2,0,3,1): IoU 0, enclosing 3, union 2 -> -1/3
        assertEquals(-1.0 / 3, IoU.of(new double[] {0, 0, 1, 1}, new double[] {2, 0, 3, 1}, IoUKind.GIOU),
                1e-15);
    }

    @Test
    void plainJavaAndNDArrayVersionsAgreeOnRandomAndDegenerateBoxes() {
        Random random = new Random(3);
        int n = 60;
        float[][] a = new float[n][];
        float[][] b = new float[n][];
        for (int i = 0; i < n; i++) {
            a[i] = randomBox(random, i % 7 == 0);
            b[i] = randomBox(random, i % 5 == 0);
        }
        b[0] = a[0].clone(); // identical (possibly zero-area) pair
        a[1] = new float[] {3, 3, 3, 3};
        b[1] = new float[] {3, 3, 3, 3}; // identical points
        for (IoUKind kind : IoUKind.values()) {
            float[] tensor = IoU.pairwise(manager.create(a), manager.create(b), kind).toFloatArray();
            double[][] plain = IoU.pairwise(a, b, kind);
            for (int i = 0; i < n; i++) {
                for (int j = 0; j < n; j++) {
                    assertEquals(plain[i][j], tensor[i * n + j], 2e-5, kind + " pair " + i + "," + j);
                    assertTrue(Double.isFinite(plain[i][j]));
                }
            }
        }
    }

    private static float[] randomBox(Random random, boolean degenerate) {
        float x = random.nextFloat() * 50;
        float y = random.nextFloat() * 50;
        float w = degenerate && random.nextBoolean() ? 0 : random.nextFloat() * 30;
        float h = degenerate ? 0 : random.nextFloat() * 30;
        return new float[] {x, y, x + w, y + h};
    }

    @Test
    void identicalZeroAreaBoxesScoreZeroForEveryKindNotNaN() {
        double[] point = {1, 1, 1, 1};
        double[] line = {0, 5, 4, 5};
        for (IoUKind kind : IoUKind.values()) {
            assertEquals(0.0, IoU.of(point, point, kind), 0, kind.name());
            assertEquals(0.0, IoU.of(line, line, kind), 0, kind.name());
            NDArray p = manager.create(new float[][] {{1, 1, 1, 1}});
            assertEquals(0f, IoU.elementwise(p, p, kind).getFloat(0), 0f, kind.name());
        }
    }

    @Test
    void aPointBoxInCIoUHasAspectAngleZeroSoCIoUStaysFinite() {
        // point (1,1) at the centre of (0,0,2,2): IoU 0, centres equal, v = 4/pi^2 (pi/4)^2 = 1/4,
        // alpha = v / (1 - 0 + v) = 0.2, CIoU = 0 - 0.2 * 0.25 = -0.05
        double[] point = {1, 1, 1, 1};
        double[] square = {0, 0, 2, 2};
        assertEquals(-0.05, IoU.of(point, square, IoUKind.CIOU), 1e-12);
        NDArray p = manager.create(new float[][] {{1, 1, 1, 1}});
        NDArray s = manager.create(new float[][] {{0, 0, 2, 2}});
        assertEquals(-0.05f, IoU.elementwise(p, s, IoUKind.CIOU).getFloat(0), 1e-6f);
        // its gradient is finite (large, through atan(w / eps)) on every engine
        try (GradientCollector collector = Engine.getInstance().newGradientCollector()) {
            p.setRequiresGradient(true);
            NDArray loss = IoU.elementwise(p, s, IoUKind.CIOU).neg().add(1).sum();
            collector.backward(loss);
            for (float g : p.getGradient().toFloatArray()) {
                assertTrue(Float.isFinite(g), "gradient " + g);
            }
        }
    }

    @Test
    void everyOtherOverlapInTheKitGoesThroughTheCore() {
        // k-means' centre-aligned IoU, PixelBox.iou and the core agree
        assertEquals(IoU.of(new double[] {0, 0, 2, 2}, new double[] {0, 0, 2, 3}),
                KMeansAnchors.alignedIoU(2, 2, 2, 3), 0);
        PixelBox p = new PixelBox(0, 0, 2, 2);
        PixelBox q = new PixelBox(1, 1, 3, 4);
        assertEquals((float) (1.0 / 9), p.iou(q), 0);
        assertEquals(0f, new PixelBox(1, 1, 1, 1).iou(new PixelBox(1, 1, 1, 1)), 0f);
    }

    @Test
    void oneValidatorGivesTheSameMessageEverywhere() {
        assertNull(BoxCheck.problem(new double[] {0, 0, 0, 0}));
        assertTrue(BoxCheck.problem(new double[] {5, 0, 1, 1}).startsWith("x2 < x1"));
        assertTrue(BoxCheck.problem(0, 0, 1, Double.NaN, true).contains("finite"));
        assertEquals("zero width or height", BoxCheck.problem(0, 0, 0, 3, false));
        IllegalArgumentException fromIoU = assertThrows(IllegalArgumentException.class,
                () -> IoU.of(new double[] {5, 0, 1, 1}, new double[] {0, 0, 1, 1}));
        IllegalArgumentException fromEval = assertThrows(IllegalArgumentException.class,
                () -> new org.logokit.eval.ImageGroundTruth(new float[][] {{5, 0, 1, 1}}, new int[] {0}));
        IllegalArgumentException fromViz = assertThrows(IllegalArgumentException.class,
                () -> org.logokit.viz.LabeledBox.ofXyxy(5, 0, 1, 1, "x"));
        for (IllegalArgumentException e : new IllegalArgumentException[] {fromIoU, fromEval, fromViz}) {
            assertTrue(e.getMessage().contains("is not a valid XYXY box (x1, y1, x2, y2): x2 < x1"),
                    e.getMessage());
        }
        IllegalArgumentException shape = assertThrows(IllegalArgumentException.class,
                () -> IoU.pairwise(manager.ones(new ai.djl.ndarray.types.Shape(2, 5)), manager.ones(
                        new ai.djl.ndarray.types.Shape(2, 4))));
        assertTrue(shape.getMessage().contains("must be (N, 4) XYXY boxes"), shape.getMessage());
        assertThrows(IllegalArgumentException.class,
                () -> Nms.nms(manager.ones(new ai.djl.ndarray.types.Shape(2, 5)), manager.ones(
                        new ai.djl.ndarray.types.Shape(2)), 0.5));
    }

    @Test
    void plainBoxMathConvertsFormatsAndMeasuresAreas() {
        double[] xywh = {10, 20, 30, 40};
        assertArrayEquals(new double[] {10, 20, 40, 60}, BoxFormat.XYWH.toXyxy(xywh), 0);
        assertArrayEquals(new double[] {25, 40, 30, 40},
                BoxFormat.convert(xywh, BoxFormat.XYWH, BoxFormat.CXCYWH), 0);
        assertArrayEquals(xywh, BoxFormat.convert(BoxFormat.convert(xywh, BoxFormat.XYWH,
                BoxFormat.CXCYWH), BoxFormat.CXCYWH, BoxFormat.XYWH), 1e-12);
        assertEquals(1200, Boxes.area(new double[] {10, 20, 40, 60}), 0);
        assertEquals(0, Boxes.area(new double[] {10, 20, 5, 60}), 0);
        float[][] many = BoxFormat.convert(new float[][] {{1, 2, 3, 4}}, BoxFormat.XYWH, BoxFormat.XYXY);
        assertArrayEquals(new float[] {1, 2, 4, 6}, many[0], 0f);
        assertThrows(IllegalArgumentException.class, () -> BoxFormat.XYXY.toXyxy(new double[3]));
    }
}
