package org.logokit.roi;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.logokit.roi.RoIAlignTest.flatten;
import static org.logokit.roi.RoIAlignTest.ramp;
import static org.logokit.roi.RoIAlignTest.rois;
import static org.logokit.roi.RoIAlignTest.rois64;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.logokit.nd.EngineBuiltins;

class RoIPoolTest {

    /** A 4x4 map whose maxima are not simply bottom-right. */
    static NDArray bumpy(NDManager m) {
        return m.create(new float[] {
            1, 9, 2, 0,
            4, 3, 8, 5,
            7, 6, 0, 2,
            3, 1, 4, 11}, new Shape(1, 1, 4, 4));
    }

    @Test
    void evenBinsTakeTheMaximumOfTheirPixels() {
        try (NDManager m = NDManager.newBaseManager()) {
            // RoI covers feature pixels 0..3 -> bins rows/cols [0,2) and [2,4)
            NDArray out = new RoIPool(2, 2, 1.0).apply(bumpy(m), rois(m, new double[] {0, 0, 0, 3, 3}));
            assertArrayEquals(new float[] {9, 8, 7, 11}, out.toFloatArray());
        }
    }

    @Test
    void unevenBinsRoundOutwardsAndOverlap() {
        try (NDManager m = NDManager.newBaseManager()) {
            // RoI covers pixels 0..2 (3 wide), bins of 1.5 -> [0,2) and [1,3): they share pixel 1
            NDArray out = new RoIPool(2, 2, 1.0).apply(bumpy(m), rois(m, new double[] {0, 0, 0, 2, 2}));
            assertArrayEquals(new float[] {9, 9, 7, 8}, out.toFloatArray());
        }
    }

    @Test
    void coordinatesAreSnappedToWholeFeaturePixels() {
        try (NDManager m = NDManager.newBaseManager()) {
            // scale 1/8: (4, 4, 20, 12) -> round(0.5)=1, round(0.5)=1, round(2.5)=3, round(1.5)=2
            // (halves away from zero): columns 1..3, rows 1..2, one bin
            NDArray out = new RoIPool(1, 1, 1.0 / 8).apply(bumpy(m), rois(m, new double[] {0, 4, 4, 20, 12}));
            assertEquals(8f, out.getFloat(0, 0, 0, 0));
        }
    }

    @Test
    void binsOutsideTheMapAreZero() {
        try (NDManager m = NDManager.newBaseManager()) {
            // pixels 2..7, bins of 3: [2,5)->[2,4) and [5,8)->empty
            NDArray out = new RoIPool(2, 2, 1.0).apply(ramp(m), rois(m, new double[] {0, 2, 2, 7, 7}));
            assertArrayEquals(new float[] {15, 0, 0, 0}, out.toFloatArray());
        }
    }

    @Test
    void emptyRoiListGivesAnEmptyBatch() {
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray out = new RoIPool(7, 7, 1.0 / 16).apply(m.ones(new Shape(1, 8, 10, 10)),
                    m.zeros(new Shape(0, 5)));
            assertEquals(new Shape(0, 8, 7, 7), out.getShape());
        }
    }

    @Test
    void matchesAPlainLoopReferenceOnRandomMaps() {
        compareWithReferenceOnRandomMaps();
    }

    @Test
    void portablePathMatchesTheReferenceAndRoutesGradientsToTheArgmaxOnEveryEngine() {
        EngineBuiltins.disabledWhile(() -> {
            compareWithReferenceOnRandomMaps();
            gradientGoesToTheArgmaxPixelOfEachBin();
            return null;
        });
    }

    @Test
    void chunkedRoisGiveTheSameResult() {
        RoiInputs.chunkElements = 2000; // a few RoIs per chunk
        try {
            compareWithReferenceOnRandomMaps();
        } finally {
            RoiInputs.chunkElements = RoiInputs.DEFAULT_CHUNK_ELEMENTS;
        }
    }

    private void compareWithReferenceOnRandomMaps() {
        Random random = new Random(11);
        double[][][][] f = new double[2][3][13][10];
        for (double[][][] image : f) {
            for (double[][] channel : image) {
                for (double[] row : channel) {
                    for (int x = 0; x < row.length; x++) {
                        row[x] = random.nextGaussian();
                    }
                }
            }
        }
        double[][] rois = new double[20][];
        for (int k = 0; k < rois.length; k++) {
            double x1 = random.nextDouble() * 45 - 8;
            double y1 = random.nextDouble() * 55 - 8;
            rois[k] = new double[] {(k * 7) % 2, x1, y1, x1 + random.nextDouble() * 45,
                y1 + random.nextDouble() * 60};
        }
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray features = m.create(flatten(f), new Shape(2, 3, 13, 10));
            double[][][][] expected = RoiReference.roiPool(f, rois, 3, 5, 0.25);
            NDArray out = new RoIPool(3, 5, 0.25).apply(features, rois64(m, rois));
            assertArrayEquals(flatten(expected), out.toDoubleArray(), 1e-12);
        }
    }

    @Test
    void gradientGoesToTheArgmaxPixelOfEachBin() {
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray features = bumpy(m).toType(DataType.FLOAT64, false);
            features.setRequiresGradient(true);
            try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                gc.backward(new RoIPool(2, 2, 1.0)
                        .apply(features, rois(m, new double[] {0, 0, 0, 3, 3})).sum());
            }
            // maxima 9 (0,1), 8 (1,2), 7 (2,0), 11 (3,3) each get d(sum)/dx = 1
            assertArrayEquals(new double[] {
                0, 1, 0, 0,
                0, 0, 1, 0,
                1, 0, 0, 0,
                0, 0, 0, 1}, features.getGradient().toDoubleArray(), 1e-12);
        }
    }

    @Test
    void badSettingsAreRejected() {
        assertThrows(IllegalArgumentException.class, () -> new RoIPool(7, -1, 1.0));
        assertThrows(IllegalArgumentException.class, () -> new RoIPool(7, 7, 0));
    }
}
