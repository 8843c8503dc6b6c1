package org.logokit.detect.rcnn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import org.junit.jupiter.api.Test;
import org.logokit.roi.CropAndResizePool;
import org.logokit.roi.RoIAlign;
import org.logokit.roi.RoIPool;
import org.logokit.testing.NDManagerFixture;

class SingleLevelPoolerTest extends NDManagerFixture {

    @Test
    void eachKindIsTheRoiOpOfThatNameAtOneOverTheStride() {
        NDArray map = manager.arange(0f, 2 * 3 * 16 * 16f).reshape(2, 3, 16, 16);
        NDArray rois = manager.create(new float[][] {{0, 8, 8, 100, 60}, {1, 0, 0, 255, 255}});
        NDList features = new NDList(map);
        int[] strides = {16};
        assertArrayEquals(new RoIPool(7, 7, 1 / 16.0).apply(map, rois).toFloatArray(),
                new SingleLevelPooler(PoolerKind.ROI_POOL, 7).pool(features, strides, rois).toFloatArray());
        assertArrayEquals(new CropAndResizePool(7, 7, 1 / 16.0).apply(map, rois).toFloatArray(),
                new SingleLevelPooler(PoolerKind.CROP_AND_RESIZE, 7).pool(features, strides, rois).toFloatArray());
        NDArray aligned = new SingleLevelPooler(PoolerKind.ROI_ALIGN, 7).pool(features, strides, rois);
        assertArrayEquals(new RoIAlign(7, 7, 1 / 16.0, 2, true).apply(map, rois).toFloatArray(),
                aligned.toFloatArray());
        assertEquals(new Shape(2, 3, 7, 7), aligned.getShape());
    }

    @Test
    void severalLevelsNeedAMultiScalePooler() {
        NDList two = new NDList(manager.zeros(new Shape(1, 4, 8, 8)), manager.zeros(new Shape(1, 4, 4, 4)));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () ->
                new SingleLevelPooler(PoolerKind.ROI_ALIGN, 7).pool(two, new int[] {8, 16},
                        manager.create(new float[][] {{0, 0, 0, 10, 10}})));
        assertEquals(true, e.getMessage().contains("multi-scale"), e.getMessage());
    }
}
