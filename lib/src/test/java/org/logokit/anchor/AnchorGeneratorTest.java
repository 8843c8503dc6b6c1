package org.logokit.anchor;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.logokit.box.Boxes;
import org.logokit.testing.NDManagerFixture;

class AnchorGeneratorTest extends NDManagerFixture {
    @Test
    void fasterRcnnHasNineAnchorsPerLocationWithHandComputedCorners() {
        AnchorGenerator generator = AnchorGenerator.fasterRcnn();
        assertEquals(9, generator.anchorsPerLocation(0));
        NDArray base = generator.baseAnchors(manager, 0);
        assertEquals(new Shape(9, 4), base.getShape());
        double r2 = Math.sqrt(2);
        // ratio 0.5 (h/w): w = s * sqrt2, h = s / sqrt2; ratio-major, then size
        float[] expected = new float[36];
        double[][] halfWh = {
            {64 * r2, 64 / r2}, {128 * r2, 128 / r2}, {256 * r2, 256 / r2},
            {64, 64}, {128, 128}, {256, 256},
            {64 / r2, 64 * r2}, {128 / r2, 128 * r2}, {256 / r2, 256 * r2}};
        for (int a = 0; a < 9; a++) {
            expected[4 * a] = (float) -halfWh[a][0];
            expected[4 * a + 1] = (float) -halfWh[a][1];
            expected[4 * a + 2] = (float) halfWh[a][0];
            expected[4 * a + 3] = (float) halfWh[a][1];
        }
        assertArrayEquals(expected, base.toFloatArray(), 1e-3f);
        // every ratio keeps the area s^2
        assertArrayEquals(new float[] {16384, 65536, 262144, 16384, 65536, 262144, 16384, 65536, 262144},
                Boxes.area(base).toFloatArray(), 1f);
    }

    @Test
    void gridAnchorsAreLocationMajorAndCentredAtStrideTimesIndex() {
        NDArray anchors = AnchorGenerator.fasterRcnn().anchors(manager, 0, 2, 3, 16, 16);
        assertEquals(new Shape(2 * 3 * 9, 4), anchors.getShape());
        // row 1, column 2, anchor 4 (ratio 1, size 256): centre (32, 16)
        assertArrayEquals(new float[] {32 - 128, 16 - 128, 32 + 128, 16 + 128},
                anchors.get((1 * 3 + 2) * 9 + 4).toFloatArray(), 1e-3f);
        // first anchor is centred on the image origin
        assertArrayEquals(AnchorGenerator.fasterRcnn().baseAnchors(manager, 0).get(0).toFloatArray(),
                anchors.get(0).toFloatArray(), 1e-4f);
    }

    @Test
    void multiLevelAnchorsConcatenateLevelsInOrder() {
        AnchorGenerator fpn = AnchorGenerator.fpn();
        int[][] sizes = {{8, 8}, {4, 4}, {2, 2}, {1, 1}, {1, 1}};
        float[][] strides = {{4, 4}, {8, 8}, {16, 16}, {32, 32}, {64, 64}};
        NDArray all = fpn.anchors(manager, sizes, strides);
        assertEquals(new Shape((64 + 16 + 4 + 1 + 1) * 3, 4), all.getShape());
        // first anchor of level 1 (size 64, ratio 0.5) comes right after level 0's 192 anchors
        double r2 = Math.sqrt(2);
        assertArrayEquals(new float[] {(float) (-32 * r2), (float) (-32 / r2), (float) (32 * r2), (float) (32 / r2)},
                all.get(192).toFloatArray(), 1e-3f);
    }

    @Test
    void emptyFeatureMapsAndBadConfigurations() {
        AnchorGenerator generator = AnchorGenerator.singleLevel(new float[] {32}, new float[] {1});
        assertEquals(new Shape(0, 4), generator.anchors(manager, 0, 0, 5, 8, 8).getShape());
        assertEquals(new Shape(0, 4), generator.anchors(manager, new int[][] {{0, 0}},
                new float[][] {{8, 8}}).getShape());
        assertThrows(IllegalArgumentException.class,
                () -> new AnchorGenerator(List.of(new float[] {32}), List.of()));
        assertThrows(IllegalArgumentException.class,
                () -> AnchorGenerator.singleLevel(new float[] {-1}, new float[] {1}));
        assertThrows(IllegalArgumentException.class, () -> generator.anchors(manager, 0, 2, 2, 0, 8));
    }

    @Test
    void ssd300HasExactly8732DefaultBoxes() {
        SsdDefaultBoxes ssd = SsdDefaultBoxes.ssd300();
        assertEquals(8732, ssd.numBoxes());
        int[] perLocation = new int[6];
        for (int k = 0; k < 6; k++) {
            perLocation[k] = ssd.boxesPerLocation(k);
        }
        assertArrayEquals(new int[] {4, 6, 6, 6, 4, 4}, perLocation);
        assertArrayEquals(new double[] {0.2, 0.34, 0.48, 0.62, 0.76, 0.9},
                new double[] {ssd.scale(0), ssd.scale(1), ssd.scale(2), ssd.scale(3), ssd.scale(4), ssd.scale(5)},
                1e-9);
        assertEquals(new Shape(8732, 4), ssd.cxcywh(manager).getShape());
    }

    @Test
    void ssdBoxesFollowThePaperFormulasInTheDocumentedOrder() {
        NDArray boxes = SsdDefaultBoxes.ssd300().cxcywh(manager);
        float c = 0.5f / 38;
        float extra = (float) Math.sqrt(0.2 * 0.34);
        float r2 = (float) Math.sqrt(2);
        assertArrayEquals(new float[] {c, c, 0.2f, 0.2f, c, c, extra, extra,
            c, c, 0.2f * r2, 0.2f / r2, c, c, 0.2f / r2, 0.2f * r2},
                boxes.get("0:4").toFloatArray(), 1e-5f);
        // second location of the first map: column 1
        assertEquals(1.5f / 38, boxes.get(4).getFloat(0), 1e-6f);
        // last map (1x1): centre (0.5, 0.5); extra box sqrt(0.9 * 1.04); last box ratio 1/2
        float lastExtra = (float) Math.sqrt(0.9 * 1.04);
        assertArrayEquals(new float[] {0.5f, 0.5f, lastExtra, lastExtra},
                boxes.get(8729).toFloatArray(), 1e-5f);
        assertArrayEquals(new float[] {0.5f, 0.5f, 0.9f / r2, 0.9f * r2},
                boxes.get(8731).toFloatArray(), 1e-5f);
    }

    @Test
    void ssdCornerBoxesCanBeClippedToTheImage() {
        NDArray clipped = SsdDefaultBoxes.ssd300().xyxy(manager, true);
        assertEquals(new Shape(8732, 4), clipped.getShape());
        assertEquals(0f, clipped.min().getFloat(), 0f);
        assertEquals(1f, clipped.max().getFloat(), 0f);
        NDArray raw = SsdDefaultBoxes.ssd300().xyxy(manager, false);
        assertEquals(true, raw.max().getFloat() > 1f);
    }
}
