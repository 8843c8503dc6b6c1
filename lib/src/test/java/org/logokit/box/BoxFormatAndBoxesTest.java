package org.logokit.box;

import org.logokit.nd.Ranking;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import org.junit.jupiter.api.Test;
import org.logokit.testing.NDManagerFixture;

class BoxFormatAndBoxesTest extends NDManagerFixture {
    private static final float TOL = 1e-5f;

    @Test
    void convertsBetweenAllFormatsWithHandValues() {
        // top-left (1, 2), size 3 x 4 -> corners (1, 2)-(4, 6), centre (2.5, 4)
        NDArray xywh = manager.create(new float[][] {{1, 2, 3, 4}});
        float[] xyxy = {1, 2, 4, 6};
        float[] cxcywh = {2.5f, 4, 3, 4};
        assertArrayEquals(xyxy, BoxFormat.convert(xywh, BoxFormat.XYWH, BoxFormat.XYXY).toFloatArray(), TOL);
        assertArrayEquals(cxcywh, BoxFormat.convert(xywh, BoxFormat.XYWH, BoxFormat.CXCYWH).toFloatArray(), TOL);
        NDArray centred = manager.create(new float[][] {cxcywh});
        assertArrayEquals(xyxy, BoxFormat.CXCYWH.toXyxy(centred).toFloatArray(), TOL);
        assertArrayEquals(new float[] {1, 2, 3, 4},
                BoxFormat.convert(centred, BoxFormat.CXCYWH, BoxFormat.XYWH).toFloatArray(), TOL);
    }

    @Test
    void everyRoundTripIsTheIdentityAndKeepsBatchShapes() {
        NDArray boxes = manager.randomUniform(0, 100, new Shape(2, 5, 4));
        for (BoxFormat from : BoxFormat.values()) {
            for (BoxFormat to : BoxFormat.values()) {
                NDArray there = BoxFormat.convert(boxes, from, to);
                assertEquals(boxes.getShape(), there.getShape());
                NDArray back = BoxFormat.convert(there, to, from);
                assertArrayEquals(boxes.toFloatArray(), back.toFloatArray(), 1e-4f, from + "->" + to);
            }
        }
    }

    @Test
    void emptyAndMisshapenBoxes() {
        NDArray none = manager.zeros(new Shape(0, 4));
        assertEquals(new Shape(0, 4), BoxFormat.convert(none, BoxFormat.XYWH, BoxFormat.CXCYWH).getShape());
        assertEquals(new Shape(0), Boxes.area(none).getShape());
        assertEquals(new Shape(0, 4), Boxes.clip(none, 10, 10).getShape());
        assertEquals(new Shape(0), Boxes.removeSmall(none, 1).getShape());
        NDArray three = manager.zeros(new Shape(2, 3));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> BoxFormat.XYWH.toXyxy(three));
        assertEquals(true, e.getMessage().contains("(..., 4)"));
    }

    @Test
    void areaIsWidthTimesHeightWithoutPlusOneAndZeroForInvertedBoxes() {
        NDArray boxes = manager.create(new float[][] {{0, 0, 2, 3}, {5, 5, 5, 9}, {4, 4, 2, 8}});
        assertArrayEquals(new float[] {6, 0, 0}, Boxes.area(boxes).toFloatArray(), TOL);
    }

    @Test
    void clipKeepsBoxesInsideTheImage() {
        NDArray boxes = manager.create(new float[][] {{-5, 3, 50, 20}, {70, 70, 90, 90}});
        assertArrayEquals(new float[] {0, 3, 40, 20, 40, 30, 40, 30},
                Boxes.clip(boxes, 40, 30).toFloatArray(), TOL);
        assertThrows(IllegalArgumentException.class, () -> Boxes.clip(boxes, -1, 3));
    }

    @Test
    void validMaskAndRemoveSmall() {
        NDArray boxes = manager.create(new float[][] {
            {0, 0, 2, 3}, {5, 5, 5, 9}, {4, 4, 2, 8}, {0, 0, 1, 0.5f}, {1, 1, 4, 4}});
        boolean[] valid = Boxes.validMask(boxes).toBooleanArray();
        assertArrayEquals(new boolean[] {true, false, false, true, true}, valid);
        NDArray keep = Boxes.removeSmall(boxes, 1);
        assertEquals(DataType.INT64, keep.getDataType());
        assertArrayEquals(new long[] {0, 4}, keep.toLongArray());
        // exactly min size is kept (>=), as in torchvision
        assertArrayEquals(new long[] {0, 4}, Boxes.removeSmall(boxes, 2).toLongArray());
        assertArrayEquals(new long[] {4}, Boxes.removeSmall(boxes, 3).toLongArray());
    }

    @Test
    void scaleMultipliesXAndYSeparately() {
        NDArray boxes = manager.create(new int[][] {{10, 20, 30, 40}});
        assertArrayEquals(new float[] {5, 40, 15, 80}, Boxes.scale(boxes, 0.5, 2).toFloatArray(), TOL);
    }

    @Test
    void rankingIsDescendingWithTiesByIndexAndRejectsNaN() {
        float[] scores = {0.5f, 0.9f, 0.5f, -1f, 0.9f, 0f, -0f, -2f};
        assertArrayEquals(new long[] {1, 4, 0, 2, 5, 6, 3, 7}, Ranking.descending(scores));
        assertArrayEquals(new long[] {1, 4, 0, 2, 5, 6, 3, 7},
                Ranking.descending(manager.create(scores)).toLongArray());
        assertThrows(IllegalArgumentException.class,
                () -> Ranking.descending(new float[] {1, Float.NaN}));
    }
}
