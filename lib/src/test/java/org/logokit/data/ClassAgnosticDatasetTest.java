package org.logokit.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.dataset.ArrayDataset;
import ai.djl.training.dataset.Record;
import java.io.IOException;
import org.junit.jupiter.api.Test;
import org.logokit.testing.NDManagerFixture;

class ClassAgnosticDatasetTest extends NDManagerFixture {

    @Test
    void everyLogoBecomesClassZeroAndPaddingStaysPadding() throws IOException {
        NDArray images = manager.zeros(new Shape(2, 3, 4, 4));
        NDArray boxes = manager.create(new float[] {0, 0, 2, 2, 1, 1, 3, 3, 0, 0, 1, 1, 0, 0, 0, 0}, new Shape(2, 2, 4));
        NDArray classes = manager.create(new float[][] {{7, 31}, {3, -1}});
        ArrayDataset source = new ArrayDataset.Builder().setData(images).optLabels(boxes, classes)
                .setSampling(1, false).build();
        ClassAgnosticDataset agnostic = ClassAgnosticDataset.of(source, 2, false);
        assertEquals(2, agnostic.size());
        Record first = agnostic.get(manager, 0);
        assertArrayEquals(new float[] {0, 0}, first.getLabels().get(1).toFloatArray());
        assertArrayEquals(boxes.get(0).toFloatArray(), first.getLabels().get(0).toFloatArray());
        assertArrayEquals(new float[] {0, -1}, agnostic.get(manager, 1).getLabels().get(1).toFloatArray());
    }
}
