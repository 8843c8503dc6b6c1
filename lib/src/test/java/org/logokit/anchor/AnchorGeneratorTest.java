package org.logokit.anchor;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.logokit.box.Boxes;
import org.logokit.testing.NDManagerFixture;

class AnchorGeneratorTest extends NDManagerFixture {
    /**
     * An independent plain-loop version of torchvision's {@code generate_anchors}: float32
     * h = sqrt(r), w = 1 / h, corners (-w s, -h s, w s, h s) / 2, round half to even.
     */
    static float[][] torchvisionBaseAnchors(float[] sizes, float[] ratios) {
        float[][] out = new float[sizes.length * ratios.length][];
        int k = 0;
        for (float r : ratios) {
            float h = (float) Math.sqrt(r);
            float w = 1f / h;
            for (float s : sizes) {
                float ws = w * s;
                float hs = h * s;
                out[k++] = new float[] {(float) Math.rint(-ws / 2), (float) Math.rint(-hs / 2),
                    (float) Math.rint(ws / 2), (float) Math.rint(hs / 2)};
            }
        }
        return out;
    }

    /** torchvision's grid: shifts (j * sx, i * sy) for every cell, location-major. */
    static float[] torchvisionGrid(float[][] base, int height, int width, int strideY, int strideX) {
        float[] out = new float[height * width * base.length * 4];
        int k = 0;
        for (int i = 0; i < height; i++) {
            for (int j = 0; j < width; j++) {
                for (float[] b : base) {
                    out[k++] = j * strideX + b[0];
                    out[k++] = i * strideY + b[1];
                    out[k++] = j * strideX + b[2];
                    out[k++] = i * strideY + b[3];
                }
            }
        }
        return out;
    }

    @Test
    void baseAnchorsAreRoundedToWholePixelsAsTorchvisionDoes() {
        // torchvision's AnchorGenerator(((32,),), ((0.5, 1.0, 2.0),)).cell_anchors, by hand:
        // ratio 0.5: w = 1 / sqrt(0.5) = 1.4142135, 32 w / 2 = 22.63 -> 23, 32 sqrt(0.5) / 2 = 11.31 -> 11
        AnchorGenerator small = AnchorGenerator.singleLevel(new float[] {32}, new float[] {0.5f, 1, 2});
        assertArrayEquals(new float[] {-23, -11, 23, 11, -16, -16, 16, 16, -11, -23, 11, 23},
                small.baseAnchors(manager, 0).toFloatArray(), 0f);
        // Faster R-CNN's 128 at ratio 0.5: 90.51 -> 91, 45.25 -> 45
        assertArrayEquals(new float[] {-91, -45, 91, 45},
                AnchorGenerator.fasterRcnn().baseAnchors(manager, 0).get(0).toFloatArray(), 0f);
        assertEquals(AnchorGenerator.Rounding.TORCHVISION, small.rounding());
    }

    @Test
    void aSize101AnchorHasHalfWidth50Not50Point5() {
        // RetinaNet's P4 sizes are 64, int(64 * 2^(1/3)) = 80, int(64 * 2^(2/3)) = 101.
        AnchorGenerator retina = AnchorGenerator.retinaNet();
        assertArrayEquals(new float[] {64, 80, 101}, retina.sizes(1), 0f);
        // ratio 1 is the second ratio: anchors 3..5 of the level; 101 / 2 = 50.5 rounds to even 50
        assertArrayEquals(new float[] {-50, -50, 50, 50},
                retina.baseAnchors(manager, 1).get(5).toFloatArray(), 0f);
        assertArrayEquals(new float[] {-50.5f, -50.5f, 50.5f, 50.5f},
                retina.withRounding(AnchorGenerator.Rounding.NONE).baseAnchors(manager, 1).get(5)
                        .toFloatArray(), 0f);
    }

    @Test
    void retinaNetCellAnchorsMatchThePlainLoopReferenceOnEveryLevel() {
        AnchorGenerator retina = AnchorGenerator.retinaNet();
        float[][] sizes = {{32, 40, 50}, {64, 80, 101}, {128, 161, 203}, {256, 322, 406},
            {512, 645, 812}};
        assertEquals(5, retina.numLevels());
        for (int level = 0; level < 5; level++) {
            assertArrayEquals(sizes[level], retina.sizes(level), 0f);
            assertEquals(9, retina.anchorsPerLocation(level));
            float[][] expected = torchvisionBaseAnchors(sizes[level], new float[] {0.5f, 1, 2});
            float[][] actual = retina.baseAnchorRows(level);
            for (int a = 0; a < 9; a++) {
                assertArrayEquals(expected[a], actual[a], 0f, "level " + level + " anchor " + a);
            }
        }
        // by hand: size 40 at ratio 0.5 is (-28, -14, 28, 14) (56.57 / 2 -> 28, 28.28 / 2 -> 14)
        assertArrayEquals(new float[] {-28, -14, 28, 14}, retina.baseAnchorRows(0)[1], 0f);
    }

    @Test
    void oneLevelGridEqualsTorchvisionsGridAnchors() {
        AnchorGenerator generator = AnchorGenerator.fasterRcnn();
        // a 600 x 1000 image with a stride-16 feature map of 37 x 62 cells (integer strides 16, 16)
        NDArray anchors = generator.anchorsForImage(manager, 600, 1000, new int[][] {{37, 62}});
        assertEquals(new Shape(37 * 62 * 9, 4), anchors.getShape());
        float[][] base = torchvisionBaseAnchors(new float[] {128, 256, 512}, new float[] {0.5f, 1, 2});
        assertArrayEquals(torchvisionGrid(base, 37, 62, 16, 16), anchors.toFloatArray(), 0f);
        assertEquals(37L * 62 * 9, generator.numAnchors(new int[][] {{37, 62}}));
    }

    @Test
    void fiveLevelFpnUsesTorchvisionsIntegerStrides() {
        AnchorGenerator fpn = AnchorGenerator.fpn();
        int[][] features = {{200, 304}, {100, 152}, {50, 76}, {25, 38}, {13, 19}};
        float[][] strides = fpn.strides(800, 1216, features);
        // 800 // 13 = 61 and 1216 // 19 = 64 on the top level, as in torchvision
        assertArrayEquals(new float[] {61, 64}, strides[4], 0f);
        assertArrayEquals(new float[] {4, 4}, strides[0], 0f);
        NDArray all = fpn.anchorsForImage(manager, 800, 1216, features);
        assertEquals(242_991, fpn.numAnchors(features));
        assertEquals(new Shape(242_991, 4), all.getShape());
        // level 4, row 1, column 1, ratio 1 (size 512): centre (64, 61)
        int index = (60_800 + 15_200 + 3_800 + 950) * 3 + (19 + 1) * 3 + 1;
        assertArrayEquals(new float[] {64 - 256, 61 - 256, 64 + 256, 61 + 256},
                all.get(index).toFloatArray(), 0f);
        // every level equals the plain-loop reference
        int offset = 0;
        float[] flat = all.toFloatArray();
        for (int level = 0; level < 5; level++) {
            float[][] base = torchvisionBaseAnchors(fpn.sizes(level), fpn.ratios(level));
            float[] expected = torchvisionGrid(base, features[level][0], features[level][1],
                    (int) strides[level][0], (int) strides[level][1]);
            float[] actual = java.util.Arrays.copyOfRange(flat, offset, offset + expected.length);
            assertArrayEquals(expected, actual, 0f, "level " + level);
            offset += expected.length;
        }
        assertThrows(IllegalArgumentException.class,
                () -> fpn.strides(100, 100, new int[][] {{200, 200}, {1, 1}, {1, 1}, {1, 1}, {1, 1}}));
    }

    @Test
    void aRepeatedGridIsLaidOutOnceAndEachCallGetsItsOwnEqualArray() {
        AnchorGenerator generator = AnchorGenerator.fasterRcnn();
        int[][] small = {{5, 7}};
        float[][] base = torchvisionBaseAnchors(new float[] {128, 256, 512}, new float[] {0.5f, 1, 2});
        float[] expected = torchvisionGrid(base, 5, 7, 16, 16);
        NDArray first = generator.anchors(manager, small, new float[][] {{16, 16}});
        assertArrayEquals(expected, first.toFloatArray(), 0f);
        first.close(); // the next call must not depend on this array
        NDArray again = generator.anchors(manager, small, new float[][] {{16, 16}});
        assertArrayEquals(expected, again.toFloatArray(), 0f);
        // other sizes or strides are other grids, not the remembered one
        NDArray otherStride = generator.anchors(manager, small, new float[][] {{16, 8}});
        assertArrayEquals(torchvisionGrid(base, 5, 7, 16, 8), otherStride.toFloatArray(), 0f);
        NDArray otherSize = generator.anchors(manager, new int[][] {{7, 5}}, new float[][] {{16, 16}});
        assertArrayEquals(torchvisionGrid(base, 7, 5, 16, 16), otherSize.toFloatArray(), 0f);
        // a changed copy does not change what later calls get
        again.subi(1000f);
        assertArrayEquals(expected, generator.anchors(manager, small, new float[][] {{16, 16}}).toFloatArray(), 0f);
        // more grids than are kept: every one still right
        for (int h = 1; h <= 20; h++) {
            NDArray grid = generator.anchors(manager, new int[][] {{h, 2}}, new float[][] {{16, 16}});
            assertArrayEquals(torchvisionGrid(base, h, 2, 16, 16), grid.toFloatArray(), 0f, "height " + h);
        }
        assertArrayEquals(expected, generator.anchors(manager, small, new float[][] {{16, 16}}).toFloatArray(), 0f);
    }

    @Test
    void unroundedAnchorsKeepExactCornersWhenAskedFor() {
        AnchorGenerator generator = AnchorGenerator.fasterRcnn()
                .withRounding(AnchorGenerator.Rounding.NONE);
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
        AnchorGenerator fpn = AnchorGenerator.fpn().withRounding(AnchorGenerator.Rounding.NONE);
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

    /** Plain-loop torchvision DefaultBoxGenerator for ssd300_vgg16, normalised CXCYWH. */
    static float[] torchvisionSsd300Reference() {
        int[] maps = {38, 19, 10, 5, 3, 1};
        double[] scales = {0.07, 0.15, 0.33, 0.51, 0.69, 0.87, 1.05};
        double[] steps = {8, 16, 32, 64, 100, 300};
        double[][] ratios = {{2}, {2, 3}, {2, 3}, {2, 3}, {2}, {2}};
        float[] out = new float[8732 * 4];
        int k = 0;
        for (int m = 0; m < 6; m++) {
            java.util.List<double[]> wh = new java.util.ArrayList<>();
            wh.add(new double[] {scales[m], scales[m]});
            double prime = Math.sqrt(scales[m] * scales[m + 1]);
            wh.add(new double[] {prime, prime});
            for (double ar : ratios[m]) {
                wh.add(new double[] {scales[m] * Math.sqrt(ar), scales[m] / Math.sqrt(ar)});
                wh.add(new double[] {scales[m] / Math.sqrt(ar), scales[m] * Math.sqrt(ar)});
            }
            float fk = (float) (300 / steps[m]);
            for (int i = 0; i < maps[m]; i++) {
                for (int j = 0; j < maps[m]; j++) {
                    for (double[] pair : wh) {
                        out[k++] = (j + 0.5f) / fk;
                        out[k++] = (i + 0.5f) / fk;
                        out[k++] = (float) Math.min(1, Math.max(0, pair[0]));
                        out[k++] = (float) Math.min(1, Math.max(0, pair[1]));
                    }
                }
            }
        }
        return out;
    }

    @Test
    void torchvisionSsd300PutsTheFirstCentreAt0_013333() {
        SsdDefaultBoxes tv = SsdDefaultBoxes.torchvisionSsd300();
        assertEquals(8732, tv.numBoxes());
        NDArray boxes = tv.cxcywh(manager);
        assertEquals(new Shape(8732, 4), boxes.getShape());
        float first = 0.5f / 37.5f; // 300 / step 8 = 37.5 cells per side
        assertEquals(0.013333f, first, 1e-6f);
        float extra = (float) Math.sqrt(0.07 * 0.15);
        float r2 = (float) Math.sqrt(2);
        assertArrayEquals(new float[] {first, first, 0.07f, 0.07f, first, first, extra, extra,
            first, first, 0.07f * r2, 0.07f / r2, first, first, 0.07f / r2, 0.07f * r2},
                boxes.get("0:4").toFloatArray(), 1e-6f);
        // the 1x1 map: its 2:1 box 0.87 * sqrt 2 = 1.23 wide is clipped to 1 (the last box is 1:2)
        assertArrayEquals(new float[] {0.5f, 0.5f, 0.87f / r2, 1f}, boxes.get(8731).toFloatArray(), 1e-6f);
        assertArrayEquals(torchvisionSsd300Reference(), boxes.toFloatArray(), 1e-6f);
    }

    @Test
    void torchvisionSsd300InPixelsIsXyxyOnA300PixelImage() {
        NDArray pixels = SsdDefaultBoxes.torchvisionSsd300().pixelXyxy(manager);
        // centre 0.013333 * 300 = 4, size 0.07 * 300 = 21
        assertArrayEquals(new float[] {4 - 10.5f, 4 - 10.5f, 4 + 10.5f, 4 + 10.5f},
                pixels.get(0).toFloatArray(), 1e-4f);
        // map 3 (5 x 5) has step 64: its first centre is 0.5 / (300 / 64) * 300 = 32
        int map3 = 38 * 38 * 4 + 19 * 19 * 6 + 10 * 10 * 6;
        assertEquals(32f, (pixels.get(map3).getFloat(0) + pixels.get(map3).getFloat(2)) / 2, 1e-4f);
    }

    @Test
    void bothSsd300ConfigurationsGive8732BoxesWithTheirOwnScalesAndCentres() {
        SsdDefaultBoxes paper = SsdDefaultBoxes.paperSsd300();
        SsdDefaultBoxes tv = SsdDefaultBoxes.torchvisionSsd300();
        assertEquals(8732, paper.numBoxes());
        assertEquals(8732, tv.numBoxes());
        assertEquals(8732, paper.cxcywh(manager).getShape().get(0));
        assertArrayEquals(new double[] {0.2, 0.34, 0.48, 0.62, 0.76, 0.9, 1.04}, paper.scales(), 1e-9);
        assertArrayEquals(new double[] {0.07, 0.15, 0.33, 0.51, 0.69, 0.87, 1.05}, tv.scales(), 0);
        // paper: first centre 0.5 / 38; torchvision: 0.5 / 37.5
        assertEquals(0.5f / 38, paper.cxcywh(manager).getFloat(0, 0), 1e-7f);
        assertEquals(false, paper.clipsSizes());
        assertEquals(true, tv.clipsSizes());
        assertEquals(SsdDefaultBoxes.ssd300().toString(), paper.toString());
    }

    @Test
    void ssdBuilderExplainsBadSettings() {
        SsdDefaultBoxes.Builder builder = SsdDefaultBoxes.builder().featureMapSizes(4, 2)
                .extraRatios(new float[] {2}, new float[] {2});
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> builder.scales(0.2, 0.5).build());
        assertTrue(e.getMessage().contains("need 3 scales"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> builder.scales(0.2, 0.5, 0.9).steps(8).build());
        assertThrows(IllegalArgumentException.class,
                () -> builder.scales(0.2, 0.5, 0.9).steps(8, 16).imageSize(0).build());
        assertEquals(4 * 4 * 4 + 2 * 2 * 4,
                builder.scales(0.2, 0.5, 0.9).steps(8, 16).imageSize(32).build().numBoxes());
    }
}
