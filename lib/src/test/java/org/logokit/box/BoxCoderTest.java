package org.logokit.box;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;
import org.junit.jupiter.api.Test;
import org.logokit.testing.NDManagerFixture;

class BoxCoderTest extends NDManagerFixture {
    private static final float TOL = 1e-4f;

    /** Random XYXY boxes with sides between 2 and 40 pixels. */
    private NDArray randomBoxes(int n) {
        NDArray corner = manager.randomUniform(0, 100, new Shape(n, 2));
        return corner.concat(corner.add(manager.randomUniform(2, 40, new Shape(n, 2))), 1);
    }

    @Test
    void encodesCentreOffsetsAndLogSizesByHand() {
        // reference centre (5, 5) size 10x10; target centre (7, 14) size 10x20
        NDArray reference = manager.create(new float[][] {{0, 0, 10, 10}});
        NDArray target = manager.create(new float[][] {{2, 4, 12, 24}});
        float log2 = (float) Math.log(2);
        assertArrayEquals(new float[] {0.2f, 0.9f, 0, log2},
                BoxCoder.rpn().encode(target, reference).toFloatArray(), TOL);
        assertArrayEquals(new float[] {2, 9, 0, 5 * log2},
                BoxCoder.rcnnHead().encode(target, reference).toFloatArray(), TOL);
        // SSD variances 0.1 / 0.2 give the same numbers as weights 10 / 5
        assertArrayEquals(new float[] {2, 9, 0, 5 * log2},
                new SsdBoxCoder().encode(target, reference).toFloatArray(), TOL);
    }

    @Test
    void decodeInvertsEncodeForEveryCoder() {
        NDArray reference = randomBoxes(50);
        NDArray target = randomBoxes(50);
        for (BoxCoder coder : new BoxCoder[] {BoxCoder.rpn(), BoxCoder.rcnnHead(), new SsdBoxCoder()}) {
            NDArray back = coder.decode(coder.encode(target, reference), reference);
            assertArrayEquals(target.toFloatArray(), back.toFloatArray(), 1e-3f);
        }
    }

    @Test
    void decodeClampsHugeSizeDeltasAtLog1000Over16() {
        NDArray reference = manager.create(new float[][] {{0, 0, 10, 10}});
        NDArray deltas = manager.create(new float[][] {{0, 0, 100, 0}});
        // width 10 * 1000 / 16 = 625 around centre 5; height unchanged
        assertArrayEquals(new float[] {5 - 312.5f, 0, 5 + 312.5f, 10},
                BoxCoder.rpn().decode(deltas, reference).toFloatArray(), 1e-2f);
    }

    @Test
    void perClassDeltasBroadcastAgainstOneReferencePerRow() {
        NDArray reference = randomBoxes(6).reshape(6, 1, 4);
        NDArray deltas = manager.zeros(new Shape(6, 3, 4));
        NDArray decoded = BoxCoder.rcnnHead().decode(deltas, reference);
        assertEquals(new Shape(6, 3, 4), decoded.getShape());
        // zero deltas give back the reference for every class
        assertArrayEquals(reference.broadcast(6, 3, 4).toFloatArray(), decoded.toFloatArray(), TOL);
        assertEquals(new Shape(0, 4),
                BoxCoder.rpn().decode(manager.zeros(new Shape(0, 4)), manager.zeros(new Shape(0, 4))).getShape());
    }

    @Test
    void rejectsNonPositiveWeightsAndVariances() {
        assertThrows(IllegalArgumentException.class, () -> new BoxCoder(0, 1, 1, 1));
        assertThrows(IllegalArgumentException.class, () -> new SsdBoxCoder(0.1, 0));
    }

    @Test
    void yoloDecodeAddsSigmoidOffsetsToCellsAndScalesAnchors() {
        // zero predictions: centre in the middle of each cell, size = anchor
        NDArray t = manager.zeros(new Shape(2, 3, 2, 4));
        NDArray anchors = manager.create(new float[][] {{2, 1.5f}, {0.5f, 4}});
        NDArray boxes = YoloBoxCoder.decode(t, anchors);
        assertEquals(new Shape(2, 3, 2, 4), boxes.getShape());
        // row 1, column 2, anchor 0 / anchor 1
        assertArrayEquals(new float[] {2.5f, 1.5f, 2, 1.5f}, boxes.get(1, 2, 0).toFloatArray(), TOL);
        assertArrayEquals(new float[] {2.5f, 1.5f, 0.5f, 4}, boxes.get(1, 2, 1).toFloatArray(), TOL);
        // tx = ln 3 -> sigmoid = 0.75; tw = ln 2 -> twice the anchor
        NDArray one = manager.create(new float[] {(float) Math.log(3), 0, (float) Math.log(2), 0})
                .reshape(1, 1, 1, 4);
        assertArrayEquals(new float[] {0.75f, 0.5f, 4, 1.5f},
                YoloBoxCoder.decode(one, anchors.get("0:1")).toFloatArray(), TOL);
    }

    @Test
    void yoloEncodeInvertsDecodeWithBatchAxis() {
        NDArray t = manager.randomUniform(-3, 3, new Shape(2, 4, 5, 3, 4));
        NDArray anchors = manager.create(new float[][] {{1, 1}, {2, 3}, {4, 2}});
        NDArray back = YoloBoxCoder.encode(YoloBoxCoder.decode(t, anchors), anchors);
        assertArrayEquals(t.toFloatArray(), back.toFloatArray(), 2e-3f);
    }

    @Test
    void yoloEncodeStaysFiniteForCentresOnCellEdgesAndRejectsBadShapes() {
        NDArray onEdge = manager.create(new float[] {0, 1, 1, 1}).reshape(1, 1, 1, 4);
        NDArray anchors = manager.create(new float[][] {{1, 1}});
        for (float v : YoloBoxCoder.encode(onEdge, anchors).toFloatArray()) {
            assertTrue(Float.isFinite(v));
        }
        assertThrows(IllegalArgumentException.class,
                () -> YoloBoxCoder.decode(manager.zeros(new Shape(3, 4)), anchors));
        assertThrows(IllegalArgumentException.class,
                () -> YoloBoxCoder.decode(manager.zeros(new Shape(1, 1, 2, 4)), anchors));
    }
}
