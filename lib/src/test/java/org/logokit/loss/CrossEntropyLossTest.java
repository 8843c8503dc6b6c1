package org.logokit.loss;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import org.junit.jupiter.api.Test;

class CrossEntropyLossTest {

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
}
