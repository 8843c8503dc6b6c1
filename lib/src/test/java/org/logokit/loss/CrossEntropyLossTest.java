package org.logokit.loss;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import org.junit.jupiter.api.Test;

class CrossEntropyLossTest extends org.logokit.testing.NDManagerFixture {

    static NDArray logits(NDManager m) {
        // rows: softmax (0.5, 0.5), (0.75, 0.25), anything
        return m.create(new float[] {0, 0, (float) Math.log(3), 0, 9, -9}, new Shape(3, 2));
    }

    @Test
    void unweightedMeanIsTheAverageNegativeLogLikelihood() {
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray loss = new CrossEntropyLoss().evaluate(new NDList(m.create(new int[] {0, 1, 0})),
                    new NDList(logits(m)));
            double expected = (-Math.log(0.5) - Math.log(0.25) - Math.log(1 / (1 + Math.exp(-18)))) / 3;
            assertEquals(expected, loss.getFloat(), 1e-5);
        }
    }

    @Test
    void classWeightsAndIgnoredRowsFollowPyTorch() {
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray labels = m.create(new int[] {0, 1, -1});
            float[] weights = {1f, 3f};
            NDArray perRow = CrossEntropyLoss.compute(logits(m), labels, weights, -1, Reduction.NONE);
            assertArrayEquals(new float[] {(float) -Math.log(0.5), (float) (-3 * Math.log(0.25)), 0f},
                    perRow.toFloatArray(), 1e-5f);
            // weighted mean: divide by the weights of the counted rows, 1 + 3
            NDArray mean = CrossEntropyLoss.compute(logits(m), labels, weights, -1, Reduction.MEAN);
            assertEquals((-Math.log(0.5) - 3 * Math.log(0.25)) / 4, mean.getFloat(), 1e-5);
        }
    }

    @Test
    void allRowsIgnoredGivesZeroNotNaN() {
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray mean = CrossEntropyLoss.compute(logits(m), m.create(new int[] {-1, -1, -1}),
                    null, -1, Reduction.MEAN);
            assertEquals(0f, mean.getFloat());
        }
    }

    @Test
    void wrongShapesAreExplained() {
        try (NDManager m = NDManager.newBaseManager()) {
            assertThrows(IllegalArgumentException.class, () -> CrossEntropyLoss.compute(logits(m),
                    m.create(new int[] {0, 1}), null, -100, Reduction.MEAN));
            assertThrows(IllegalArgumentException.class, () -> CrossEntropyLoss.compute(logits(m),
                    m.create(new int[] {0, 1, 1}), new float[] {1, 2, 3}, -100, Reduction.MEAN));
            assertThrows(IllegalArgumentException.class,
                    () -> new CrossEntropyLoss(new float[] {-1f}, -1, Reduction.MEAN));
        }
    }

    @Test
    void labelSmoothingFollowsPyTorchByHand() {
        // logits (ln 3, 0): p = (3/4, 1/4); label 0, eps = 0.1, C = 2
        NDArray logits = manager.create(new float[] {(float) Math.log(3), 0}, new Shape(1, 2));
        NDArray label = manager.create(new long[] {0});
        double nllTrue = -Math.log(0.75);
        double nllOther = -Math.log(0.25);
        double expected = 0.9 * nllTrue + 0.05 * (nllTrue + nllOther);
        assertEquals(expected, CrossEntropyLoss.compute(logits, label, null, -100, Reduction.MEAN, 0.1)
                .getFloat(), 1e-5);
        // weights (2, 1): the row is (1 - eps) w_y nll_y + eps / C sum_c w_c nll_c, MEAN divides by w_y
        float[] w = {2, 1};
        double weightedRow = 0.9 * 2 * nllTrue + 0.05 * (2 * nllTrue + nllOther);
        assertEquals(weightedRow, CrossEntropyLoss.compute(logits, label, w, -100, Reduction.NONE, 0.1)
                .getFloat(0), 1e-5);
        assertEquals(weightedRow / 2, CrossEntropyLoss.compute(logits, label, w, -100, Reduction.MEAN, 0.1)
                .getFloat(), 1e-5);
        // eps = 1: only the uniform part is left, for a confident wrong answer too
        assertEquals(0.5 * (nllTrue + nllOther), CrossEntropyLoss.compute(logits, label, null, -100,
                Reduction.MEAN, 1).getFloat(), 1e-5);
    }

    @Test
    void labelSmoothingSkipsIgnoredRowsAndWorksAsADjlLoss() {
        NDArray logits = manager.create(new float[] {2, 0, 0, 0, 5, 1}, new Shape(2, 3));
        NDArray labels = manager.create(new long[] {0, -1});
        CrossEntropyLoss loss = new CrossEntropyLoss(null, -1, Reduction.MEAN, 0.2);
        double z = Math.exp(2) + 2;
        double nll0 = -(2 - Math.log(z));
        double uniform = -((2 - Math.log(z)) + 2 * (0 - Math.log(z))) / 3;
        double expected = 0.8 * nll0 + 0.2 * uniform;
        assertEquals(expected, loss.evaluate(new ai.djl.ndarray.NDList(labels), new ai.djl.ndarray.NDList(logits))
                .getFloat(), 1e-5);
        assertEquals(0.2, loss.labelSmoothing(), 0);
        assertThrows(IllegalArgumentException.class, () -> new CrossEntropyLoss(null, -1, Reduction.MEAN, 1.5));
    }
}
