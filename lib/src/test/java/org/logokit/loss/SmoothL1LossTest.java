package org.logokit.loss;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.training.GradientCollector;
import org.junit.jupiter.api.Test;

class SmoothL1LossTest {

    @Test
    void quadraticInsideBetaLinearOutsideAndContinuousAtBeta() {
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray x = m.create(new float[] {0f, 0.5f, 1f, 3f, -3f});
            NDArray loss = SmoothL1Loss.compute(x, x.zerosLike(), 1.0);
            // 0.5 x²/beta: 0, 0.125, 0.5 ; |x| - beta/2: 2.5, 2.5 ; at |x| = beta both give 0.5
            assertArrayEquals(new float[] {0f, 0.125f, 0.5f, 2.5f, 2.5f}, loss.toFloatArray(), 1e-6f);
            NDArray small = SmoothL1Loss.compute(m.create(new float[] {0.25f, 2f}),
                    m.create(new float[] {0f, 0f}), 0.5);
            assertArrayEquals(new float[] {0.0625f, 1.75f}, small.toFloatArray(), 1e-6f);
        }
    }

    @Test
    void betaZeroIsPlainL1() {
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray loss = SmoothL1Loss.compute(m.create(new float[] {1.5f, -0.2f}),
                    m.create(new float[] {0.5f, 0.3f}), 0);
            assertArrayEquals(new float[] {1f, 0.5f}, loss.toFloatArray(), 1e-6f);
        }
    }

    @Test
    void asDjlLossItAveragesOrSums() {
        try (NDManager m = NDManager.newBaseManager()) {
            NDList pred = new NDList(m.create(new float[] {0.5f, 3f}));
            NDList label = new NDList(m.create(new float[] {0f, 0f}));
            assertEquals(1.3125f, new SmoothL1Loss().evaluate(label, pred).getFloat(), 1e-6f);
            assertEquals(2.625f, new SmoothL1Loss(1, Reduction.SUM).evaluate(label, pred).getFloat(), 1e-6f);
            assertThrows(IllegalArgumentException.class, () -> new SmoothL1Loss(-1, Reduction.SUM));
        }
    }

    /** Seed 004: "why is smooth L1 less sensitive to outliers than L2?" - look at the gradients. */
    @Test
    void outlierGradientIsBoundedUnderSmoothL1ButGrowsUnderSquaredError() {
        try (NDManager m = NDManager.newBaseManager()) {
            float[] errors = {0.5f, 1f, 10f, 100f};
            NDArray forSmooth = m.create(errors);
            NDArray forSquared = m.create(errors);
            forSmooth.setRequiresGradient(true);
            forSquared.setRequiresGradient(true);
            try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                gc.backward(SmoothL1Loss.compute(forSmooth, forSmooth.zerosLike(), 1.0).sum()
                        .add(SquaredErrorLoss.compute(forSquared, forSquared.zerosLike()).sum()));
            }
            float[] smooth = forSmooth.getGradient().toFloatArray();
            float[] squared = forSquared.getGradient().toFloatArray();
            // smooth L1: x/beta inside, then never more than 1
            assertArrayEquals(new float[] {0.5f, 1f, 1f, 1f}, smooth, 1e-6f);
            // squared error: 2x, a 100-pixel outlier pulls 200 times harder than a 1-pixel error
            assertArrayEquals(new float[] {1f, 2f, 20f, 200f}, squared, 1e-4f);
            assertTrue(squared[3] / smooth[3] == 200f);
        }
    }
}
