package org.logokit.roi;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.logokit.nd.EngineBuiltins;

class RoIAlignTest {

    /** 4x4 ramp F[y][x] = 4y + x: bilinear samples of a linear map are the map at the sample. */
    static NDArray ramp(NDManager m) {
        return m.arange(16f).reshape(1, 1, 4, 4);
    }

    static NDArray rois(NDManager m, double[]... rows) {
        return rois64(m, rows).toType(DataType.FLOAT32, false);
    }

    static NDArray rois64(NDManager m, double[]... rows) {
        double[] flat = new double[rows.length * 5];
        for (int i = 0; i < rows.length; i++) {
            System.arraycopy(rows[i], 0, flat, i * 5, 5);
        }
        return m.create(flat, new Shape(rows.length, 5));
    }

    @Test
    void binValueIsTheRampAtTheBinCentreWhenAllSamplesAreInside() {
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray out = new RoIAlign(2, 2, 1.0, 2, false)
                    .apply(ramp(m), rois(m, new double[] {0, 0, 0, 2, 2}));
            assertEquals(new Shape(1, 1, 2, 2), out.getShape());
            // bin centres (0.5,0.5) (0.5,1.5) (1.5,0.5) (1.5,1.5) -> 4y + x
            assertArrayEquals(new float[] {2.5f, 3.5f, 6.5f, 7.5f}, out.toFloatArray(), 1e-5f);
        }
    }

    @Test
    void alignedShiftsSamplesByHalfAPixel() {
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray roi = rois(m, new double[] {0, 1, 1, 3, 3});
            NDArray plain = new RoIAlign(2, 2, 1.0, 2, false).apply(ramp(m), roi);
            NDArray aligned = new RoIAlign(2, 2, 1.0, 2, true).apply(ramp(m), roi);
            // not aligned: bin centres at 1.5 and 2.5; aligned: at 1 and 2 (pixel centres)
            assertArrayEquals(new float[] {7.5f, 8.5f, 11.5f, 12.5f}, plain.toFloatArray(), 1e-5f);
            assertArrayEquals(new float[] {5f, 6f, 9f, 10f}, aligned.toFloatArray(), 1e-5f);
        }
    }

    @Test
    void adaptiveSamplingClampsSamplesNearTheBorder() {
        try (NDManager m = NDManager.newBaseManager()) {
            // bins of 2 pixels -> ceil(4/2) = 2 samples per axis at 0.5,1.5 and 2.5,3.5;
            // 3.5 lies within a pixel of the border and is clamped to 3, so the mean is 2.75
            NDArray out = new RoIAlign(2, 2, 1.0, 0, false)
                    .apply(ramp(m), rois(m, new double[] {0, 0, 0, 4, 4}));
            assertArrayEquals(new float[] {5f, 6.75f, 12f, 13.75f}, out.toFloatArray(), 1e-5f);
        }
    }

    @Test
    void samplesFarOutsideTheMapReadZero() {
        try (NDManager m = NDManager.newBaseManager()) {
            // one bin [2,6]^2, samples at 3 and 5: (3,3) reads F[3][3] = 15, the other three are
            // beyond the map (5 > 4) and read 0 -> 15 / 4
            NDArray out = new RoIAlign(1, 1, 1.0, 2, false)
                    .apply(ramp(m), rois(m, new double[] {0, 2, 2, 6, 6}));
            assertEquals(3.75f, out.getFloat(0, 0, 0, 0), 1e-5f);
        }
    }

    @Test
    void spatialScaleMapsImagePixelsOntoTheFeatureMap() {
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray direct = new RoIAlign(2, 2, 1.0, 2, true)
                    .apply(ramp(m), rois(m, new double[] {0, 1, 1, 3, 3}));
            NDArray scaled = new RoIAlign(2, 2, 1.0 / 16, 2, true)
                    .apply(ramp(m), rois(m, new double[] {0, 16, 16, 48, 48}));
            assertArrayEquals(direct.toFloatArray(), scaled.toFloatArray(), 1e-5f);
        }
    }

    @Test
    void emptyRoiListGivesAnEmptyBatch() {
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray features = m.ones(new Shape(2, 3, 5, 5));
            NDArray out = new RoIAlign(7, 7, 0.5, 2, true).apply(features, m.zeros(new Shape(0, 5)));
            assertEquals(new Shape(0, 3, 7, 7), out.getShape());
        }
    }

    @Test
    void roisOfSeveralImagesInAnyOrderReadTheirOwnImage() {
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray two = ramp(m).concat(ramp(m).mul(10), 0);
            NDArray out = new RoIAlign(2, 2, 1.0, 2, false).apply(two,
                    rois(m, new double[] {1, 0, 0, 2, 2}, new double[] {0, 0, 0, 2, 2},
                            new double[] {1, 1, 1, 3, 3}));
            assertArrayEquals(new float[] {25, 35, 65, 75}, out.get(0).toFloatArray(), 1e-4f);
            assertArrayEquals(new float[] {2.5f, 3.5f, 6.5f, 7.5f}, out.get(1).toFloatArray(), 1e-5f);
            assertArrayEquals(new float[] {75, 85, 115, 125}, out.get(2).toFloatArray(), 1e-4f);
        }
    }

    @Test
    void matchesAPlainLoopReferenceOnRandomMaps() {
        compareWithReferenceOnRandomMaps();
        // without the degenerate RoI, aligned=true runs the engine's kernel too (MXNet)
        compareWithReferenceOnRandomMaps(false);
    }

    @Test
    void portablePathMatchesTheReferenceAndFiniteDifferencesOnEveryEngine() {
        EngineBuiltins.disabledWhile(() -> {
            compareWithReferenceOnRandomMaps(false);
            compareWithReferenceOnRandomMaps(true);
            gradientWithRespectToFeaturesMatchesFiniteDifferences();
            return null;
        });
    }

    @Test
    void chunkedRoisGiveTheSameResult() {
        RoiInputs.chunkElements = 500; // a few RoIs per chunk
        try {
            compareWithReferenceOnRandomMaps();
        } finally {
            RoiInputs.chunkElements = RoiInputs.DEFAULT_CHUNK_ELEMENTS;
        }
    }

    @Test
    void bandGatherPathGivesTheSameResultAsTheDenseProduct() {
        SeparableBilinear.denseFactor = 0; // always gather bands, as on large feature maps
        RoiInputs.chunkElements = 2000;
        try {
            compareWithReferenceOnRandomMaps();
            gradientWithRespectToFeaturesMatchesFiniteDifferences();
        } finally {
            SeparableBilinear.denseFactor = SeparableBilinear.DEFAULT_DENSE_FACTOR;
            RoiInputs.chunkElements = RoiInputs.DEFAULT_CHUNK_ELEMENTS;
        }
    }

    private void compareWithReferenceOnRandomMaps() {
        compareWithReferenceOnRandomMaps(true);
    }

    private void compareWithReferenceOnRandomMaps(boolean withDegenerateRoi) {
        Random random = new Random(7);
        double[][][][] f = new double[2][3][9][11];
        for (double[][][] image : f) {
            for (double[][] channel : image) {
                for (double[] row : channel) {
                    for (int x = 0; x < row.length; x++) {
                        row[x] = random.nextGaussian();
                    }
                }
            }
        }
        double[][] rois = new double[12][];
        for (int k = 0; k < rois.length; k++) {
            double x1 = random.nextDouble() * 50 - 10;
            double y1 = random.nextDouble() * 40 - 10;
            rois[k] = new double[] {k % 2, x1, y1, x1 + random.nextDouble() * 40,
                y1 + random.nextDouble() * 30};
        }
        if (withDegenerateRoi) {
            rois[3] = new double[] {1, 5, 5, 5, 5}; // a degenerate (zero-size) RoI
        }
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray features = m.create(flatten(f), new Shape(2, 3, 9, 11));
            NDArray roiArray = rois64(m, rois);
            for (boolean aligned : new boolean[] {false, true}) {
                for (int ratio : new int[] {0, 2}) {
                    double[][][][] expected =
                            RoiReference.roiAlign(f, rois, 3, 4, 0.25, ratio, aligned);
                    NDArray out = new RoIAlign(3, 4, 0.25, ratio, aligned).apply(features, roiArray);
                    assertArrayEquals(flatten(expected), out.toDoubleArray(), 1e-9,
                            "aligned=" + aligned + " ratio=" + ratio);
                }
            }
        }
    }

    @Test
    void gradientWithRespectToFeaturesMatchesFiniteDifferences() {
        Random random = new Random(3);
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray features = m.randomNormal(new Shape(1, 2, 6, 7)).toType(DataType.FLOAT64, false);
            NDArray roi = rois(m, new double[] {0, 0.7, 1.3, 5.2, 4.9}, new double[] {0, 2, 0.5, 6.5, 6})
                    .toType(DataType.FLOAT64, false);
            NDArray weights = m.randomNormal(new Shape(2, 2, 3, 3)).toType(DataType.FLOAT64, false);
            RoIAlign align = new RoIAlign(3, 3, 1.0, 2, true);
            features.setRequiresGradient(true);
            try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                gc.backward(align.apply(features, roi).mul(weights).sum());
            }
            double[] grad = features.getGradient().toDoubleArray();
            double[] base = features.toDoubleArray();
            double h = 1e-6;
            int checked = 0;
            for (int trial = 0; trial < 12; trial++) {
                int i = random.nextInt(base.length);
                double[] plus = base.clone();
                double[] minus = base.clone();
                plus[i] += h;
                minus[i] -= h;
                double fPlus = align.apply(m.create(plus, features.getShape()), roi)
                        .mul(weights).sum().getDouble();
                double fMinus = align.apply(m.create(minus, features.getShape()), roi)
                        .mul(weights).sum().getDouble();
                double numeric = (fPlus - fMinus) / (2 * h);
                assertEquals(numeric, grad[i], 1e-6, "element " + i);
                checked += Math.abs(grad[i]) > 1e-8 ? 1 : 0;
            }
            assertTrue(checked > 0, "at least one checked element must receive gradient");
        }
    }

    @Test
    void badInputsGetClearMessages() {
        try (NDManager m = NDManager.newBaseManager()) {
            RoIAlign align = new RoIAlign(2, 2, 1.0, 2, true);
            IllegalArgumentException noBatch = assertThrows(IllegalArgumentException.class,
                    () -> align.apply(m.ones(new Shape(1, 4, 4)), m.zeros(new Shape(1, 5))));
            assertTrue(noBatch.getMessage().contains("(N,C,H,W)"));
            IllegalArgumentException fourColumns = assertThrows(IllegalArgumentException.class,
                    () -> align.apply(ramp(m), m.zeros(new Shape(1, 4))));
            assertTrue(fourColumns.getMessage().contains("batch index"));
            IllegalArgumentException badImage = assertThrows(IllegalArgumentException.class,
                    () -> align.apply(ramp(m), rois(m, new double[] {3, 0, 0, 1, 1})));
            assertTrue(badImage.getMessage().contains("batch index 3.0"));
            assertThrows(IllegalArgumentException.class, () -> new RoIAlign(0, 7, 1, 2, true));
            assertThrows(IllegalArgumentException.class, () -> new RoIAlign(7, 7, -1, 2, true));
        }
    }

    static double[] flatten(double[][][][] a) {
        int n = a.length * a[0].length * a[0][0].length * a[0][0][0].length;
        double[] out = new double[n];
        int i = 0;
        for (double[][][] x : a) {
            for (double[][] y : x) {
                for (double[] z : y) {
                    for (double v : z) {
                        out[i++] = v;
                    }
                }
            }
        }
        return out;
    }

    static double[] flatten(double[][] a) {
        double[] out = new double[a.length * a[0].length];
        for (int i = 0; i < a.length; i++) {
            System.arraycopy(a[i], 0, out, i * a[0].length, a[0].length);
        }
        return out;
    }
}
