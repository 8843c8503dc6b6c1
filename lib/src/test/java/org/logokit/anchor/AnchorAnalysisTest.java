package org.logokit.anchor;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.djl.ndarray.NDArray;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.logokit.data.FlickrLogos32;
import org.logokit.data.Fixture;
import org.logokit.data.LogoClasses;
import org.logokit.data.Split;
import org.logokit.testing.NDManagerFixture;

/** Box shapes, coverage and the new-brand experiment on the hand-made fixture (64 x 48 images). */
class AnchorAnalysisTest extends NDManagerFixture {
    @TempDir
    Path dir;

    static double aligned(double w1, double h1, double w2, double h2) {
        double inter = Math.min(w1, w2) * Math.min(h1, h2);
        return inter / (w1 * h1 + w2 * h2 - inter);
    }

    @Test
    void boxesAreScaledToTheNetworkInput() {
        BoxShapes train = BoxShapes.of(FlickrLogos32.open(Fixture.copy(dir)), Split.TRAIN, 64);
        // adidas 101, 102; HP 201, 202 (two boxes): five boxes; 48-pixel heights scale by 64 / 48
        assertEquals(5, train.size());
        assertArrayEquals(new float[] {10, 8 * 4 / 3f, 30, 24 * 4 / 3f}, train.xyxy()[0], 1e-4f);
        assertEquals(3, train.ofClass(LogoClasses.idOf("HP")).size());
        assertEquals(2, train.without(LogoClasses.idOf("HP")).size());
    }

    @Test
    void explicitShapesArePlacedOnTheGridLikeOtherAnchors() {
        AnchorGenerator shapes = AnchorGenerator.ofShapes(new float[][] {{20, 10}, {7, 7}});
        assertEquals(2, shapes.anchorsPerLocation(0));
        // 7 / 2 = 3.5 rounds to even 4
        assertArrayEquals(new float[] {-10, -5, 10, 5, -4, -4, 4, 4},
                shapes.baseAnchors(manager, 0).toFloatArray(), 0f);
        NDArray grid = shapes.anchorsForImage(manager, 32, 32, new int[][] {{2, 2}});
        // cell (row 1, column 0), first shape: centre (0, 16)
        assertArrayEquals(new float[] {-10, 11, 10, 21}, grid.get(4).toFloatArray(), 0f);
    }

    @Test
    void coverageIsTheBestAnchorIoUOfEveryBox() {
        BoxShapes boxes = new BoxShapes(new float[][] {{8, 8, 24, 24}, {0, 0, 32, 8}}, new int[] {0, 1},
                java.util.Collections.nCopies(2, null), 32);
        AnchorCoverage shapes = AnchorCoverage.ofShapes(boxes, new float[][] {{16, 16}, {8, 8}});
        assertArrayEquals(new double[] {1, aligned(32, 8, 16, 16)}, shapes.bestIoU(), 1e-12);
        assertEquals(0.5, shapes.fractionAtLeast(0.9), 0);
        // on a stride-16 grid anchors sit at 0 and 16 (torchvision): the 16 x 16 anchor at (16, 16)
        // is exactly (8, 8, 24, 24); a box between grid points, (0, 0, 16, 16), reaches only 64 / 448
        AnchorGenerator one = AnchorGenerator.ofShapes(new float[][] {{16, 16}});
        AnchorCoverage grid = AnchorCoverage.ofGrid(manager, boxes, one, new int[][] {{2, 2}});
        assertEquals(1.0, grid.bestIoU()[0], 1e-6);
        assertEquals(2, grid.perClass(String::valueOf).size());
        BoxShapes between = new BoxShapes(new float[][] {{0, 0, 16, 16}}, new int[] {0},
                java.util.Collections.nCopies(1, null), 32);
        assertEquals(64 / 448.0, AnchorCoverage.ofGrid(manager, between, one, new int[][] {{2, 2}})
                .bestIoU()[0], 1e-6);
    }

    @Test
    void newBrandExperimentByHandOnTheFixture() {
        NewBrandAnchors.Result r = NewBrandAnchors.run(FlickrLogos32.open(Fixture.copy(dir)),
                new NewBrandAnchors.Settings(64, 1, null, 16, 0));
        // HP's boxes (3 of 4, 0.6 of 0.75 wide as high) are farther from square than adidas'
        assertEquals("HP", r.newBrand());
        float h = 4 / 3f;
        // old anchor = mean adidas box (25, 18 * 4/3 = 24); HP's test box 204 is 10 x 13.33
        assertArrayEquals(new float[] {25, (16 + 20) * h / 2}, r.sets().get(0).anchors()[0], 1e-4f);
        assertEquals(aligned(10, 10 * h, 25, 18 * h), r.sets().get(0).newBrand().mean(), 1e-6);
        // HP only: the mean HP box
        float[] hp = {(24 + 12 + 16) / 3f, (24 + 12 + 20) * h / 3};
        assertArrayEquals(hp, r.sets().get(2).anchors()[0], 1e-4f);
        assertEquals(aligned(10, 10 * h, hp[0], hp[1]), r.sets().get(2).newBrand().mean(), 1e-6);
        // the decoding lesson: encode 204 (30, 32)-(40, 45.3) against the mean of all five boxes at
        // the grid point (32, 32), decode with the old anchor (25, 24) there
        double tw = (20 + 30 + 24 + 12 + 16) / 5.0;
        double th = (16 + 20 + 24 + 12 + 20) * h / 5.0;
        double cx = 32 + 25 * (35 - 32) / tw;
        double cy = 32 + 18 * h * (38 + 2 / 3.0 - 32) / th;
        double w = 25 * 10 / tw;
        double hh = 18 * h * (10 * h) / th;
        double[] decoded = {cx - w / 2, cy - hh / 2, cx + w / 2, cy + hh / 2};
        assertArrayEquals(decoded, new double[] {r.mismatch().decoded()[0], r.mismatch().decoded()[1],
            r.mismatch().decoded()[2], r.mismatch().decoded()[3]}, 1e-3);
        assertEquals(org.logokit.box.IoU.of(decoded, new double[] {30, 32, 40, 34 * h}),
                r.mismatch().iou(), 1e-4);
        assertEquals(4, r.sets().size());
        assertEquals(2, r.sets().get(3).anchors().length);
    }
}
