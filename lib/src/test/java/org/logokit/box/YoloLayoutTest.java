package org.logokit.box;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;
import org.junit.jupiter.api.Test;
import org.logokit.testing.NDManagerFixture;

class YoloLayoutTest extends NDManagerFixture {

    @Test
    void outputSizesOfThePapers() {
        assertEquals(1470, new YoloLayout.V1(7, 2, 20).outputSize()); // 7 x 7 x 30
        assertEquals(30, new YoloLayout.V1(7, 2, 20).valuesPerCell());
        assertEquals(125, new YoloLayout.V2(19, 5, 20).channels());
        assertEquals(19 * 19 * 125, new YoloLayout.V2(19, 5, 20).outputSize());
        assertThrows(IllegalArgumentException.class, () -> new YoloLayout.V1(0, 2, 20));
    }

    @Test
    void v1CellHoldsBBoxesThenTheSharedClassProbabilities() {
        YoloLayout.V1 layout = new YoloLayout.V1(2, 2, 3);
        float[] flat = new float[52];
        // cell (row 0, column 1) starts at (0 * 2 + 1) * 13
        float[] cell = {0.5f, 0.5f, 0.2f, 0.4f, 0.8f, 0.1f, 0.1f, 0.1f, 0.1f, 0.5f, 0.1f, 0.6f, 0.3f};
        System.arraycopy(cell, 0, flat, 13, 13);
        NDArray output = manager.create(flat, new Shape(1, 52));
        assertEquals(new Shape(1, 2, 2, 13), layout.grid(output).getShape());
        assertArrayEquals(new float[] {0.8f, 0.5f}, layout.confidence(output).get("0, 0, 1").toFloatArray(), 1e-6f);
        assertArrayEquals(new float[] {0.1f, 0.6f, 0.3f},
                layout.classProbabilities(output).get("0, 0, 1").toFloatArray(), 1e-6f);
        // class-specific confidence of box 0: 0.8 * (0.1, 0.6, 0.3)
        assertArrayEquals(new float[] {0.08f, 0.48f, 0.24f},
                layout.classConfidence(output).get("0, 0, 1, 0").toFloatArray(), 1e-6f);
        // box 0 on a 100 x 100 image: centre ((1 + 0.5) / 2, (0 + 0.5) / 2) * 100 = (75, 25), size 20 x 40
        assertArrayEquals(new float[] {65, 5, 85, 45},
                layout.boxesXyxy(output, 100, 100).get("0, 0, 1, 0").toFloatArray(), 1e-4f);
        assertThrows(IllegalArgumentException.class, () -> layout.grid(manager.ones(new Shape(1, 50))));
    }

    @Test
    void v2ChannelsAreAnchorMajorAndDecodeWithSigmoidAndSoftmax() {
        YoloLayout.V2 layout = new YoloLayout.V2(2, 2, 2);
        float[] flat = new float[14 * 2 * 2];
        // anchor 1, cell (row 1, column 0): channels 7 .. 13; tx, ty, tw, th = 0; to = 0; logits (ln 3, 0)
        int row = 1;
        int col = 0;
        float[] entries = {0, 0, 0, 0, 0, (float) Math.log(3), 0};
        for (int k = 0; k < 7; k++) {
            flat[((7 + k) * 2 + row) * 2 + col] = entries[k];
        }
        NDArray grid = layout.grid(manager.create(flat, new Shape(1, 14, 2, 2)));
        assertEquals(new Shape(1, 2, 2, 2, 7), grid.getShape());
        assertEquals(0.5f, layout.objectness(grid).getFloat(0, 1, 0, 1), 1e-6f);
        assertArrayEquals(new float[] {0.375f, 0.125f},
                layout.classConfidence(grid).get("0, 1, 0, 1").toFloatArray(), 1e-6f);
        NDArray anchors = manager.create(new float[] {1, 1, 2, 1}, new Shape(2, 2));
        // centre (0 + 0.5, 1 + 0.5) cells, size 2 x 1 cells, stride 32
        assertArrayEquals(new float[] {-16, 32, 48, 64},
                layout.boxesXyxy(grid, anchors, 32).get("0, 1, 0, 1").toFloatArray(), 1e-4f);
        assertThrows(IllegalArgumentException.class, () -> layout.grid(manager.ones(new Shape(1, 13, 2, 2))));
    }

    @Test
    void ssdCoderTakesTheMatchedGroundTruthFirstLikeTorchvision() {
        SsdBoxCoder coder = new SsdBoxCoder();
        // default box (cx .3, cy .2, w .4, h .2); matched ground truth (cx .4, cy .3, w .4, h .4)
        NDArray defaultBox = manager.create(new float[] {0.1f, 0.1f, 0.5f, 0.3f}, new Shape(1, 4));
        NDArray matchedGt = manager.create(new float[] {0.2f, 0.1f, 0.6f, 0.5f}, new Shape(1, 4));
        // dx = 0.1 / (0.1 * 0.4), dy = 0.1 / (0.1 * 0.2), dw = log 1 / 0.2, dh = log 2 / 0.2
        assertArrayEquals(new float[] {2.5f, 5, 0, (float) (Math.log(2) / 0.2)},
                coder.encode(matchedGt, defaultBox).toFloatArray(), 1e-4f);
        assertArrayEquals(matchedGt.toFloatArray(),
                coder.decode(coder.encode(matchedGt, defaultBox), defaultBox).toFloatArray(), 1e-5f);
    }
}
