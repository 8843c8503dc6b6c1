package org.logokit.detect.fpn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import org.junit.jupiter.api.Test;
import org.logokit.roi.RoIAlign;
import org.logokit.testing.NDManagerFixture;

class MultiScaleRoIAlignTest extends NDManagerFixture {

    @Test
    void levelFollowsThePaperFormulaAndIsClampedToTheLevelsPresent() {
        LevelMapper mapper = LevelMapper.paper(2, 5);
        // sqrt(wh): 224 -> 4, 112 -> 3 (exactly on the boundary), 111 -> 2, 448 -> 5, 56 -> 2,
        // 1000 -> 6 clamped to 5, 10 -> 0 clamped to 2, 224 x 56 (sqrt 112) -> 3, empty -> 2
        float[][] boxes = {{0, 0, 224, 224}, {10, 10, 122, 122}, {0, 0, 111, 111}, {0, 0, 448, 448}, {0, 0, 56, 56},
            {0, 0, 1000, 1000}, {5, 5, 15, 15}, {0, 0, 224, 56}, {3, 3, 3, 9}};
        int[] expected = {4, 3, 2, 5, 2, 5, 2, 3, 2};
        int[] got = mapper.levels(manager.create(boxes)).toIntArray();
        assertArrayEquals(expected, got);
        for (int i = 0; i < boxes.length; i++) {
            assertEquals(expected[i], mapper.level(boxes[i][2] - boxes[i][0], boxes[i][3] - boxes[i][1]), "box " + i);
        }
        assertEquals(3, new LevelMapper(3, 7, 4, 224).level(10, 10));
    }

    @Test
    void eachRoiIsPooledFromItsOwnLevelAndKeepsItsPlace() {
        NDList maps = new NDList(manager.randomUniform(-1, 1, new Shape(2, 3, 32, 32)),
                manager.randomUniform(-1, 1, new Shape(2, 3, 16, 16)),
                manager.randomUniform(-1, 1, new Shape(2, 3, 8, 8)),
                manager.randomUniform(-1, 1, new Shape(2, 3, 4, 4)));
        MultiScaleRoIAlign pooler = new MultiScaleRoIAlign(new int[] {4, 8, 16, 32}, 3, 2, false, 56);
        // s0 = 56 so that a 128-pixel image uses all four levels: sqrt(wh) 110 -> floor(4 + log2(110 / 56)) = 4,
        // 16 -> 2, 29 -> 3, 127 -> 5, 6 -> 2 (clamped)
        float[][] rois = {{0, 10, 10, 120, 120}, {1, 4, 4, 20, 20}, {0, 30, 30, 60, 58}, {1, 0, 0, 127, 127},
            {0, 8, 8, 14, 14}};
        NDArray roiArray = manager.create(rois);
        NDArray pooled = pooler.apply(maps, roiArray);
        assertEquals(new Shape(5, 3, 3, 3), pooled.getShape());
        int[] levels = pooler.mapper().levels(roiArray.get(":, 1:5")).toIntArray();
        assertArrayEquals(new int[] {4, 2, 3, 5, 2}, levels);
        for (int i = 0; i < rois.length; i++) {
            int level = levels[i];
            RoIAlign single = new RoIAlign(3, 3, 1.0 / (1 << level), 2, false);
            NDArray reference = single.apply(maps.get(level - 2), manager.create(new float[][] {rois[i]}));
            assertArrayEquals(reference.toFloatArray(), pooled.get(i).toFloatArray(), 1e-5f, "RoI " + i);
        }
    }

    @Test
    void gradientsFlowToTheLevelsThatWerePooled() {
        NDList maps = new NDList(manager.randomUniform(-1, 1, new Shape(1, 2, 16, 16)),
                manager.randomUniform(-1, 1, new Shape(1, 2, 8, 8)));
        for (NDArray m : maps) {
            m.setRequiresGradient(true);
        }
        MultiScaleRoIAlign pooler = new MultiScaleRoIAlign(new int[] {4, 8}, 2, 2, true, 224);
        // sqrt(wh) 20 -> P2 (clamped), 60 -> P2; both levels only when one box is >= 112
        NDArray rois = manager.create(new float[][] {{0, 0, 0, 20, 20}, {0, 0, 0, 63, 63}});
        try (GradientCollector collector = Engine.getInstance().newGradientCollector()) {
            collector.backward(pooler.apply(maps, rois).sum());
        }
        assertTrue(maps.get(0).getGradient().abs().sum().getFloat() > 0);
        assertEquals(0f, maps.get(1).getGradient().abs().sum().getFloat(), 0f);
    }

    @Test
    void noRoisGiveAnEmptyResultAndBadInputsSayWhatIsWrong() {
        NDList maps = new NDList(manager.zeros(new Shape(1, 4, 8, 8)), manager.zeros(new Shape(1, 4, 4, 4)));
        MultiScaleRoIAlign pooler = new MultiScaleRoIAlign(new int[] {8, 16}, 7, 2, false, 224);
        assertEquals(new Shape(0, 4, 7, 7), pooler.apply(maps, manager.zeros(new Shape(0, 5))).getShape());
        IllegalArgumentException few = assertThrows(IllegalArgumentException.class,
                () -> pooler.apply(new NDList(maps.get(0)), manager.zeros(new Shape(1, 5))));
        assertTrue(few.getMessage().contains("2 levels"), few.getMessage());
        IllegalArgumentException strides = assertThrows(IllegalArgumentException.class,
                () -> new MultiScaleRoIAlign(new int[] {4, 16}, 7, 2, false, 224));
        assertTrue(strides.getMessage().contains("consecutive"), strides.getMessage());
        IllegalArgumentException shape = assertThrows(IllegalArgumentException.class,
                () -> pooler.apply(maps, manager.zeros(new Shape(3, 4))));
        assertTrue(shape.getMessage().contains("batchIndex"), shape.getMessage());
    }
}
