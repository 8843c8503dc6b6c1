package org.logokit.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.loss.Loss;
import java.util.List;
import org.junit.jupiter.api.Test;

class LossAndConfusionTest {

    @Test
    void weightedCrossEntropyMatchesHandComputedValue() {
        try (NDManager m = NDManager.newBaseManager()) {
            NDList logits = new NDList(m.create(new float[] {2, 0, 0, 0}, new Shape(2, 2)));
            NDList labels = new NDList(m.create(new float[] {0, 1}));
            // ce0 = log(1 + e^-2) = 0.126928, ce1 = log 2 = 0.693147; weights 1 and 3
            float weighted = new WeightedSoftmaxCrossEntropyLoss(new float[] {1, 3}).evaluate(labels, logits).getFloat();
            assertEquals((0.126928 + 3 * 0.693147) / 4, weighted, 1e-5);
            // equal weights give DJL's ordinary softmax cross-entropy
            float plain = new WeightedSoftmaxCrossEntropyLoss(new float[] {1, 1}).evaluate(labels, logits).getFloat();
            assertEquals(Loss.softmaxCrossEntropyLoss().evaluate(labels, logits).getFloat(), plain, 1e-5);
            assertThrows(IllegalArgumentException.class,
                    () -> new WeightedSoftmaxCrossEntropyLoss(new float[] {1, 2, 3}).evaluate(labels, logits));
            assertThrows(IllegalArgumentException.class, () -> new WeightedSoftmaxCrossEntropyLoss(new float[] {0, 0}));
            assertThrows(IllegalArgumentException.class,
                    () -> new WeightedSoftmaxCrossEntropyLoss(new float[] {1, Float.NaN}));
        }
    }

    @Test
    void confusionMatrixCountsRowsAsTruthAndComputesPerClassAccuracy() {
        ConfusionMatrix cm = ConfusionMatrix.of(List.of("a", "b", "none"),
                new int[] {0, 0, 1, 2, 2, 2}, new int[] {0, 2, 1, 2, 2, 0});
        assertEquals(1, cm.count(0, 2));
        assertEquals(4.0 / 6, cm.accuracy(), 1e-12);
        assertArrayEquals(new double[] {0.5, 1.0, 2.0 / 3}, cm.perClassAccuracy(), 1e-12);
        assertEquals((0.5 + 1.0 + 2.0 / 3) / 3, cm.balancedAccuracy(), 1e-12);
        assertEquals(4, cm.toTable().columnCount());
        assertEquals(2, cm.toTable().intColumn("none").get(2));
        assertThrows(IllegalArgumentException.class,
                () -> ConfusionMatrix.of(List.of("a"), new int[] {0}, new int[] {1}));
    }
}
