package org.logokit.loss;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.training.loss.Loss;
import org.junit.jupiter.api.Test;

class SigmoidFocalLossTest {

    static final float LOGIT_OF_09 = (float) Math.log(9); // sigmoid(ln 9) = 0.9

    @Test
    void easyPositiveIsDownWeightedByOneMinusPtToTheGamma() {
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray loss = SigmoidFocalLoss.compute(m.create(new float[] {LOGIT_OF_09}),
                    m.create(new float[] {1f}), 0.25, 2, Reduction.NONE);
            // -alpha (1 - 0.9)^2 log 0.9
            assertEquals(-0.25 * 0.01 * Math.log(0.9), loss.getFloat(0), 1e-7);
        }
    }

    @Test
    void confidentWrongNegativeKeepsAlmostAllOfItsLoss() {
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray loss = SigmoidFocalLoss.compute(m.create(new float[] {LOGIT_OF_09}),
                    m.create(new float[] {0f}), 0.25, 2, Reduction.NONE);
            // target 0, p = 0.9 -> p_t = 0.1: -(1 - alpha) 0.9^2 log 0.1
            assertEquals(-0.75 * 0.81 * Math.log(0.1), loss.getFloat(0), 1e-5);
        }
    }

    @Test
    void gammaZeroWithoutAlphaIsBinaryCrossEntropy() {
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray logits = m.create(new float[] {LOGIT_OF_09, -2f, 0f, 30f});
            NDArray targets = m.create(new float[] {1f, 0f, 1f, 0f});
            NDArray focal = SigmoidFocalLoss.compute(logits, targets, -1, 0, Reduction.NONE);
            double[] expected = {-Math.log(0.9), -Math.log(1 - 1 / (1 + Math.exp(2))), Math.log(2), 30};
            for (int i = 0; i < expected.length; i++) {
                assertEquals(expected[i], focal.getFloat(i), 1e-5, "element " + i);
            }
            // alpha = 0.5 halves it; DJL's own BCE (which averages) agrees with the MEAN
            NDArray half = SigmoidFocalLoss.compute(logits, targets, 0.5, 0, Reduction.NONE);
            assertArrayEquals(focal.div(2).toFloatArray(), half.toFloatArray(), 1e-6f);
            float djl = Loss.sigmoidBinaryCrossEntropyLoss().evaluate(new NDList(targets),
                    new NDList(logits)).getFloat();
            float ours = SigmoidFocalLoss.compute(logits, targets, -1, 0, Reduction.MEAN).getFloat();
            assertEquals(djl, ours, 1e-5f);
        }
    }

    @Test
    void sumAndMeanReductions() {
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray logits = m.create(new float[] {LOGIT_OF_09, LOGIT_OF_09});
            NDArray targets = m.create(new float[] {1f, 0f});
            double a = -0.25 * 0.01 * Math.log(0.9);
            double b = -0.75 * 0.81 * Math.log(0.1);
            assertEquals(a + b, SigmoidFocalLoss.compute(logits, targets, 0.25, 2, Reduction.SUM).getFloat(), 1e-5);
            assertEquals((a + b) / 2, SigmoidFocalLoss.compute(logits, targets, 0.25, 2, Reduction.MEAN).getFloat(), 1e-5);
            assertEquals(a + b, new SigmoidFocalLoss().evaluate(new NDList(targets), new NDList(logits)).getFloat(), 1e-5);
        }
    }
}
