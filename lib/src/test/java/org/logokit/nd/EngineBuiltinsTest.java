package org.logokit.nd;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;
import org.junit.jupiter.api.Test;
import org.logokit.testing.NDManagerFixture;

class EngineBuiltinsTest extends NDManagerFixture {

    private static final boolean MXNET = Engine.getDefaultEngineName().equals("MXNet");

    @Test
    void mxnetOffersNativeNmsAndRoiKernelsAndPyTorchNone() {
        // boxes 0 and 1 overlap with IoU 81/119 > 0.5; box 2 is apart
        NDArray ordered = manager.create(new float[][] {{0, 0, 10, 10}, {1, 1, 11, 11}, {20, 20, 30, 30}});
        long[] kept = EngineBuiltins.greedyNmsInOrder(ordered, 0.5);
        NDArray features = manager.randomNormal(new Shape(1, 2, 8, 8));
        NDArray rois = manager.create(new float[][] {{0, 1, 1, 6, 7}});
        float[] host = rois.toFloatArray();
        NDArray aligned = EngineBuiltins.roiAlign(features, rois, host, 2, 2, 1.0, 2, true);
        NDArray pooled = EngineBuiltins.roiPool(features, rois, 2, 2, 1.0);
        assertEquals(MXNET, EngineBuiltins.offersRoiOps(features));
        if (MXNET) {
            assertArrayEquals(new long[] {0, 2}, kept);
            assertNotNull(aligned);
            assertEquals(new Shape(1, 2, 2, 2), aligned.getShape());
            assertEquals(new Shape(1, 2, 2, 2), pooled.getShape());
        } else {
            assertNull(kept);
            assertNull(aligned);
            assertNull(pooled);
        }
    }

    @Test
    void inputsTheNativeKernelsTreatDifferentlyGoToThePortablePath() {
        NDArray features = manager.randomNormal(new Shape(1, 2, 8, 8));
        NDArray flat = manager.create(new float[][] {{0, 2, 2, 2, 6}}); // zero width
        assertNull(EngineBuiltins.roiAlign(features, flat, flat.toFloatArray(), 2, 2, 1.0, 2, true),
                "MXNet rejects RoIs without area when aligned");
        NDArray rois = manager.create(new float[][] {{0, 1, 1, 3, 3}});
        assertNull(EngineBuiltins.roiAlign(features, rois, rois.toFloatArray(), 2, 2, 2.0, 2, false),
                "MXNet's operator takes spatial scales up to 1 only");
        assertNull(EngineBuiltins.roiPool(features, rois, 2, 2, 2.0));
        assertNull(EngineBuiltins.roiPool(features, rois.toType(ai.djl.ndarray.types.DataType.FLOAT64, false),
                2, 2, 1.0), "features and RoIs of different types");
    }

    @Test
    void disabledWhileTurnsThemOffOnThisThreadOnly() {
        NDArray ordered = manager.create(new float[][] {{0, 0, 10, 10}});
        assertTrue(EngineBuiltins.enabled());
        Object inside = EngineBuiltins.disabledWhile(() -> {
            assertFalse(EngineBuiltins.enabled());
            return EngineBuiltins.greedyNmsInOrder(ordered, 0.5);
        });
        assertNull(inside);
        assertTrue(EngineBuiltins.enabled());
    }

    @Test
    void mxnetPairwiseIouEqualsThePortableFormulaBitForBit() {
        // hand cases: overlap, identical, a point inside a box, an inverted box, two empty boxes, apart
        float[][] hand = {{0, 0, 2, 2}, {1, 1, 3, 3}, {1, 1, 1, 1}, {3, 3, 1, 1}, {0, 0, 0, 0}, {5, 5, 6, 6}};
        NDArray a = manager.create(hand);
        NDArray corner = manager.randomUniform(0, 200, new Shape(300, 2));
        NDArray random = ai.djl.ndarray.NDArrays.concat(new ai.djl.ndarray.NDList(corner,
                corner.add(manager.randomUniform(1, 60, new Shape(300, 2)))), 1);
        for (NDArray boxes : new NDArray[] {a, random}) {
            NDArray fast = EngineBuiltins.pairwiseIou(boxes, boxes.flip(0), org.logokit.box.IoU.EPS);
            NDArray portable = EngineBuiltins.disabledWhile(() -> org.logokit.box.IoU.pairwise(boxes, boxes.flip(0)));
            if (MXNET) {
                assertNotNull(fast);
                assertArrayEquals(portable.toFloatArray(), fast.toFloatArray(), 0f);
            } else {
                assertNull(fast);
            }
        }
        // (0,0,2,2) with (1,1,3,3): 1 / 7, whichever path ran
        assertEquals(1f / 7f, org.logokit.box.IoU.pairwise(a, a).getFloat(0, 1), 1e-6f);
    }

    @Test
    void pairwiseIouWithSpecksOrGradientsGoesToThePortablePath() {
        NDArray speck = manager.create(new float[][] {{0, 0, 1e-4f, 1e-4f}, {0, 0, 2, 2}}); // area 1e-8
        assertNull(EngineBuiltins.pairwiseIou(speck, speck, org.logokit.box.IoU.EPS),
                "the kit clamps tiny unions at EPS; the operator does not");
        NDArray boxes = manager.create(new float[][] {{0, 0, 2, 2}, {1, 1, 3, 3}});
        boxes.setRequiresGradient(true);
        assertNull(EngineBuiltins.pairwiseIou(boxes, boxes, org.logokit.box.IoU.EPS), "box_iou has no gradient");
    }
}
