package org.logokit.detect;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.logokit.testing.NDManagerFixture;

class DetectionBatchTest extends NDManagerFixture {

    @Test
    void paddingRowsAreDroppedPerImageAndAnImageWithoutLogosHasNone() {
        DetectionBatch batch = DetectionBatch.of(manager, List.of(
                new float[][] {{1, 2, 3, 4}, {5, 6, 7, 8}}, new float[0][]), List.of(new int[] {4, 0}, new int[0]));
        assertEquals(2, batch.size());
        assertEquals(new Shape(2, 2, 4), batch.paddedBoxes().getShape());
        assertArrayEquals(new float[] {1, 2, 3, 4, 5, 6, 7, 8}, batch.boxes(0).toFloatArray());
        assertArrayEquals(new long[] {4, 0}, batch.classes(0).toLongArray());
        assertEquals(new Shape(0, 4), batch.boxes(1).getShape());
        assertEquals(0, batch.count(1));
    }

    @Test
    void readsLabelsAsTheDatasetMakesThem() {
        NDList labels = new NDList(manager.create(new float[] {0, 0, 4, 4, 0, 0, 0, 0}, new Shape(1, 2, 4)),
                manager.create(new float[] {2, -1}, new Shape(1, 2)));
        DetectionBatch batch = DetectionBatch.of(labels);
        assertEquals(1, batch.count(0));
        assertArrayEquals(new long[] {2}, batch.classes(0).toLongArray());
    }

    @Test
    void wrongLabelsNameTheExpectedShapes() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> DetectionBatch.of(new NDList(manager.zeros(new Shape(2, 3)))));
        assertTrue(e.getMessage().contains("boxes (B, M, 4)"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> DetectionBatch.of(
                new NDList(manager.zeros(new Shape(2, 3, 4)), manager.zeros(new Shape(2, 2)))));
    }
}
