package org.logokit.detect.yolo;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.logokit.detect.DetectionBatch;
import org.logokit.loss.YoloV1Loss;
import org.logokit.testing.NDManagerFixture;

/** Which cell, predictor and anchor answer for which object, on cases worked out by hand. */
class YoloTargetsTest extends NDManagerFixture {
    private static final int IMAGE = 256;
    private static final int GRID = 8; // 32-pixel cells

    private DetectionBatch batch(float[][] boxes, int[] classes) {
        return DetectionBatch.of(manager, List.<float[][]>of(boxes), List.of(classes));
    }

    @Test
    void theCellHoldingTheCentreOwnsTheObjectWithOffsetsInCellUnits() {
        // centre (80, 48): column 2 (64..96), row 1 (32..64), offsets (0.5, 0.5); size 40 x 32
        YoloV1Targets.Encoded e = YoloV1Targets.encode(batch(new float[][] {{60, 32, 100, 64}}, new int[] {2}),
                IMAGE, GRID, 3);
        assertEquals(new Shape(1, GRID, GRID, 8), e.targets().getShape());
        assertEquals(1 * GRID + 2, e.ownerCell().getInt(0, 0));
        assertArrayEquals(new float[] {0.5f, 0.5f, 40f / 256, 32f / 256, 1, 0, 0, 1},
                e.targets().get(0, 1, 2).toFloatArray(), 1e-6f);
        assertEquals(1f, e.targets().get(":, :, :, 4").sum().getFloat(), 0f, "one responsible cell");
    }

    @Test
    void aCentreOnACellEdgeBelongsToTheRightAndLowerCellWithOffsetZero() {
        // centre (64, 96) lies on the edge between columns 1|2 and rows 2|3
        YoloV1Targets.Encoded e = YoloV1Targets.encode(batch(new float[][] {{44, 76, 84, 116}}, new int[] {0}),
                IMAGE, GRID, 3);
        assertEquals(3 * GRID + 2, e.ownerCell().getInt(0, 0));
        assertArrayEquals(new float[] {0, 0}, e.targets().get(0, 3, 2).get("0:2").toFloatArray(), 1e-6f);
        // a centre on the image's far edge (a box running past it) stays in the last cell, offset 1
        YoloV1Targets.Encoded edge = YoloV1Targets.encode(batch(new float[][] {{250, 250, 262, 262}}, new int[] {1}),
                IMAGE, GRID, 3);
        assertEquals(7 * GRID + 7, edge.ownerCell().getInt(0, 0));
        assertArrayEquals(new float[] {1, 1}, edge.targets().get(0, 7, 7).get("0:2").toFloatArray(), 1e-6f);
    }

    @Test
    void twoLogosInOneCellTheLargerOwnsItAndTheOtherIsLeftOut() {
        // both centres in cell (row 2, column 2) = pixels 64..96; the second box is larger
        float[][] boxes = {{66, 66, 86, 86}, {60, 60, 100, 100}, {200, 200, 240, 240}};
        YoloV1Targets.Encoded e = YoloV1Targets.encode(batch(boxes, new int[] {0, 1, 2}), IMAGE, GRID, 3);
        assertArrayEquals(new int[] {-1, 2 * GRID + 2, 6 * GRID + 6}, e.ownerCell().toIntArray());
        assertEquals(2, e.owners());
        assertArrayEquals(new float[] {0, 1, 0}, e.targets().get(0, 2, 2).get("5:").toFloatArray(), 0f,
                "the cell's class is the larger logo's");
        assertEquals(40f / 256, e.targets().getFloat(0, 2, 2, 2), 1e-6f);
        // equal sizes: the first row wins
        YoloV1Targets.Encoded tie = YoloV1Targets.encode(batch(new float[][] {{66, 66, 86, 86}, {70, 70, 90, 90}},
                new int[] {0, 1}), IMAGE, GRID, 3);
        assertArrayEquals(new int[] {2 * GRID + 2, -1}, tie.ownerCell().toIntArray());
    }

    @Test
    void paddingRowsClaimNothing() {
        DetectionBatch two = DetectionBatch.of(manager, List.<float[][]>of(new float[][] {{10, 10, 50, 50}}, new float[0][]),
                List.of(new int[] {1}, new int[0]));
        YoloV1Targets.Encoded e = YoloV1Targets.encode(two, IMAGE, GRID, 3);
        assertEquals(1, e.owners());
        assertEquals(0f, e.targets().get(1).sum().getFloat(), 0f);
    }

    @Test
    void ofTheCellsPredictorsTheBestOverlappingOneIsResponsible() {
        // one object in cell (2, 2); predictor 0 is far off, predictor 1 nearly right
        YoloV1Targets.Encoded e = YoloV1Targets.encode(batch(new float[][] {{60, 60, 100, 100}}, new int[] {0}),
                IMAGE, GRID, 3);
        float[] volume = new float[GRID * GRID * 13];
        int cell = (2 * GRID + 2) * 13;
        System.arraycopy(new float[] {0.1f, 0.1f, 0.05f, 0.05f, 0.5f, 0.5f, 0.5f, 0.15f, 0.15f, 0.5f}, 0, volume, cell, 10);
        NDArray predictions = manager.create(volume, new Shape(1, GRID, GRID, 13));
        YoloV1Loss loss = new YoloV1Loss(GRID, 2, 3);
        NDArray responsible = loss.responsible(predictions, e.targets());
        assertArrayEquals(new float[] {0, 1}, responsible.get(0, 2, 2).toFloatArray(), 0f);
        assertEquals(1f, responsible.sum().getFloat(), 0f, "no predictor is responsible in empty cells");
        // swap the two predictors: responsibility follows the better box
        System.arraycopy(new float[] {0.5f, 0.5f, 0.15f, 0.15f, 0.5f, 0.1f, 0.1f, 0.05f, 0.05f, 0.5f}, 0, volume, cell, 10);
        NDArray swapped = loss.responsible(manager.create(volume, new Shape(1, GRID, GRID, 13)), e.targets());
        assertArrayEquals(new float[] {1, 0}, swapped.get(0, 2, 2).toFloatArray(), 0f);
    }

    @Test
    void yoloV2AssignsTheCentresCellAndTheBestShapedAnchor() {
        // anchors in cells: a wide one and a tall one
        NDArray anchors = manager.create(new float[] {3, 1, 1, 3}, new Shape(2, 2));
        // a tall 32 x 96 box centred at (112, 144): column 3, row 4, offsets (0.5, 0.5): anchor 1
        float[][] boxes = {{96, 96, 128, 192}, {0, 0, 96, 32}};
        YoloV2Targets.Targets t = YoloV2Targets.assign(batch(boxes, new int[] {4, 7}), IMAGE, GRID, anchors);
        int tallSlot = (4 * GRID + 3) * 2 + 1;
        int wideSlot = (0 * GRID + 1) * 2; // centre (48, 16): column 1, row 0, anchor 0
        assertArrayEquals(new int[] {tallSlot, wideSlot}, t.ownerSlot().toIntArray());
        assertEquals(2f, t.responsible().sum().getFloat(), 0f);
        assertArrayEquals(new float[] {0.5f, 0.5f, 0, 0}, t.offsets().get(0, tallSlot).toFloatArray(), 1e-6f,
                "the box has exactly the anchor's shape: log(w / pw) = 0");
        assertEquals(4L, t.classes().getLong(0, tallSlot));
        assertEquals(-1L, t.classes().getLong(0, tallSlot - 1));
        assertEquals(2 - (32f * 96) / (256 * 256), t.boxWeight().getFloat(0, tallSlot), 1e-6f);
        assertArrayEquals(boxes[0], t.gtBoxes().get(0, tallSlot).toFloatArray(), 1e-4f);
        // the same shape at twice the anchor's size: log(2)
        YoloV2Targets.Targets big = YoloV2Targets.assign(batch(new float[][] {{80, 48, 144, 240}}, new int[] {0}),
                IMAGE, GRID, anchors);
        int slot = big.ownerSlot().getInt(0, 0);
        assertEquals(1, slot % 2, "still the tall anchor");
        assertArrayEquals(new float[] {(float) Math.log(2), (float) Math.log(2)},
                big.offsets().get(0, slot).get("2:4").toFloatArray(), 1e-5f);
    }

    @Test
    void yoloV2LetsTwoObjectsShareACellWhenTheyFitDifferentAnchors() {
        NDArray anchors = manager.create(new float[] {3, 1, 1, 3}, new Shape(2, 2));
        // a wide and a tall box, both centred in cell (row 2, column 2)
        float[][] boxes = {{32, 72, 128, 88}, {72, 32, 88, 128}};
        YoloV2Targets.Targets t = YoloV2Targets.assign(batch(boxes, new int[] {0, 1}), IMAGE, GRID, anchors);
        int cell = 2 * GRID + 2;
        assertArrayEquals(new int[] {cell * 2, cell * 2 + 1}, t.ownerSlot().toIntArray());
    }

    @Test
    void badAnchorsAreExplained() {
        assertThrows(IllegalArgumentException.class, () -> YoloV2Targets.assign(
                batch(new float[][] {{0, 0, 10, 10}}, new int[] {0}), IMAGE, GRID, manager.ones(new Shape(3))));
    }
}
