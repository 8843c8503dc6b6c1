package org.logokit.loss;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.training.GradientCollector;
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

    /** torchvision's definition, written out per element in double precision. */
    static double reference(double x, double t, double alpha, double gamma) {
        double p = 1 / (1 + Math.exp(-x));
        double ce = Math.max(x, 0) - x * t + Math.log1p(Math.exp(-Math.abs(x)));
        double pt = p * t + (1 - p) * (1 - t);
        double loss = ce * Math.pow(1 - pt, gamma);
        if (alpha >= 0) {
            loss *= alpha * t + (1 - alpha) * (1 - t);
        }
        return loss;
    }

    @Test
    void softTargetsLargeLogitsAndAnyGammaMatchTorchvisionsFormula() {
        float[] x = {-40f, -3f, -0.5f, 0f, 0.7f, 2.5f, 40f, 1.2f};
        float[] t = {0f, 1f, 0.3f, 0.5f, 1f, 0f, 1f, 0.9f};
        try (NDManager m = NDManager.newBaseManager()) {
            for (double gamma : new double[] {0, 1, 1.5, 2, 3}) {
                for (double alpha : new double[] {-1, 0.25, 0.8}) {
                    float[] got = SigmoidFocalLoss.compute(m.create(x), m.create(t), alpha, gamma,
                            Reduction.NONE).toFloatArray();
                    for (int i = 0; i < x.length; i++) {
                        double want = reference(x[i], t[i], alpha, gamma);
                        assertEquals(want, got[i], 1e-5 + 1e-5 * Math.abs(want),
                                "x=" + x[i] + " t=" + t[i] + " alpha=" + alpha + " gamma=" + gamma);
                    }
                }
            }
        }
    }

    @Test
    void inputsStayUsableAndIntegerTargetsAreAccepted() {
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray logits = m.create(new float[] {1f, -1f});
            NDArray targets = m.create(new int[] {1, 0});
            float sum = SigmoidFocalLoss.compute(logits, targets, 0.25, 2, Reduction.SUM).getFloat();
            assertEquals(reference(1, 1, 0.25, 2) + reference(-1, 0, 0.25, 2), sum, 1e-6);
            // the caller's arrays are not closed by the loss
            assertArrayEquals(new float[] {1f, -1f}, logits.toFloatArray());
            assertArrayEquals(new int[] {1, 0}, targets.toIntArray());
        }
    }

    @Test
    void gradientMatchesFiniteDifferencesOnEveryEngine() {
        double[] x = {-2.0, -0.3, 0.4, 1.7, 3.0};
        double[] t = {0, 1, 0, 1, 0.6};
        double h = 1e-5;
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray logits = m.create(x);
            logits.setRequiresGradient(true);
            NDArray targets = m.create(t);
            try (GradientCollector collector = Engine.getInstance().newGradientCollector()) {
                collector.backward(SigmoidFocalLoss.compute(logits, targets, 0.25, 2, Reduction.SUM));
            }
            double[] grad = logits.getGradient().toDoubleArray();
            for (int i = 0; i < x.length; i++) {
                double numeric = (reference(x[i] + h, t[i], 0.25, 2) - reference(x[i] - h, t[i], 0.25, 2)) / (2 * h);
                assertEquals(numeric, grad[i], 1e-6, "d loss / d x[" + i + "]");
            }
        }
    }
}
