package org.logokit.roi;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.logokit.roi.RoIAlignTest.ramp;
import static org.logokit.roi.RoIAlignTest.rois;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import org.junit.jupiter.api.Test;

class CropAndResizePoolTest {

    @Test
    void cropSpansTheBoxCornerToCorner() {
        try (NDManager m = NDManager.newBaseManager()) {
            // 4x4 crop of the box (0,0)-(3,3) samples at 0,1,2,3: exactly the ramp itself
            NDArray crop = new CropAndResizePool(2, 2, 1.0).crop(ramp(m), rois(m, new double[] {0, 0, 0, 3, 3}));
            assertArrayEquals(ramp(m).toFloatArray(), crop.toFloatArray(), 1e-5f);
        }
    }

    @Test
    void pooledOutputIsTheTwoByTwoMaximumOfTheCrop() {
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray out = new CropAndResizePool(2, 2, 1.0).apply(ramp(m), rois(m, new double[] {0, 0, 0, 3, 3}));
            assertEquals(new Shape(1, 1, 2, 2), out.getShape());
            assertArrayEquals(new float[] {5, 7, 13, 15}, out.toFloatArray(), 1e-5f);
        }
    }

    @Test
    void fractionalBoxesAreInterpolated() {
        try (NDManager m = NDManager.newBaseManager()) {
            // 2x2 crop of (0,0)-(1.5,1.5): samples 0 and 1.5 -> 0, 1.5, 6, 7.5; max 7.5
            NDArray out = new CropAndResizePool(1, 1, 1.0).apply(ramp(m), rois(m, new double[] {0, 0, 0, 1.5, 1.5}));
            assertEquals(7.5f, out.getFloat(0, 0, 0, 0), 1e-5f);
        }
    }

    @Test
    void samplesOutsideTheMapReadZero() {
        try (NDManager m = NDManager.newBaseManager()) {
            // (2,2)-(5,5): samples at 2 and 5; 5 > 3 = last pixel -> 0
            NDArray crop = new CropAndResizePool(1, 1, 1.0).crop(ramp(m), rois(m, new double[] {0, 2, 2, 5, 5}));
            assertArrayEquals(new float[] {10, 0, 0, 0}, crop.toFloatArray(), 1e-5f);
        }
    }

    @Test
    void sevenBySevenFromAFourteenCropOnARealisticMap() {
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray features = m.randomNormal(new Shape(2, 16, 38, 50));
            NDArray out = new CropAndResizePool(7, 7, 1.0 / 16).apply(features,
                    rois(m, new double[] {0, 10, 20, 300, 200}, new double[] {1, 0, 0, 799, 599}));
            assertEquals(new Shape(2, 16, 7, 7), out.getShape());
            NDArray crop = new CropAndResizePool(7, 7, 1.0 / 16).crop(features,
                    rois(m, new double[] {0, 10, 20, 300, 200}));
            assertEquals(new Shape(1, 16, 14, 14), crop.getShape());
        }
    }

    @Test
    void bandGatherPathAgreesWithTheDenseProduct() {
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray features = m.randomNormal(new Shape(2, 5, 19, 23)).toType(DataType.FLOAT64, false);
            NDArray boxes = m.create(new double[] {
                0, 10, 20, 200, 150,
                1, -30, 5, 90, 400,
                0, 300, 100, 380, 290}, new Shape(3, 5));
            CropAndResizePool pool = new CropAndResizePool(7, 7, 1.0 / 16);
            double[] dense = pool.apply(features, boxes).toDoubleArray();
            SeparableBilinear.denseFactor = 0;
            try {
                assertArrayEquals(dense, pool.apply(features, boxes).toDoubleArray(), 1e-12);
            } finally {
                SeparableBilinear.denseFactor = SeparableBilinear.DEFAULT_DENSE_FACTOR;
            }
        }
    }

    @Test
    void gradientFlowsToTheFeatures() {
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray features = ramp(m).toType(DataType.FLOAT64, false);
            features.setRequiresGradient(true);
            try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                gc.backward(new CropAndResizePool(1, 1, 1.0)
                        .apply(features, rois(m, new double[] {0, 0, 0, 1.5, 1.5})).sum());
            }
            // the max is the sample at (1.5,1.5): weights 1/4 on pixels (1,1) (1,2) (2,1) (2,2)
            double[] grad = features.getGradient().toDoubleArray();
            assertEquals(0.25, grad[5], 1e-12);
            assertEquals(0.25, grad[6], 1e-12);
            assertEquals(0.25, grad[9], 1e-12);
            assertEquals(0.25, grad[10], 1e-12);
            double total = 0;
            for (double g : grad) {
                total += g;
            }
            assertTrue(Math.abs(total - 1) < 1e-12);
        }
    }
}
