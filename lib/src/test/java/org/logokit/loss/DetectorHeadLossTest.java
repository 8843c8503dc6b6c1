package org.logokit.loss;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import org.junit.jupiter.api.Test;

/** RPN and R-CNN head losses on hand-sized examples. */
class DetectorHeadLossTest {

    @Test
    void rpnLossCountsOnlySampledAnchorsAndBoxesOfPositives() {
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray labels = m.create(new float[] {1, 0, -1, 0}, new Shape(1, 4));
            NDArray logits = m.create(new float[] {0, 0, 5, (float) Math.log(1.0 / 3)}, new Shape(1, 4));
            NDArray deltas = m.create(new float[] {
                0.05f, 0, 0, 0.5f,
                9, 9, 9, 9,
                9, 9, 9, 9,
                9, 9, 9, 9}, new Shape(1, 4, 4));
            NDArray targets = m.zeros(new Shape(1, 4, 4));
            NDList terms = RpnLoss.terms(logits, deltas, labels, targets, 1.0 / 9);
            // BCE: ln2 (positive, p=.5), ln2 (negative, p=.5), -ln(.75) (negative, p=.25); anchor 2 not sampled
            double objectness = (2 * Math.log(2) - Math.log(0.75)) / 3;
            assertEquals(objectness, terms.get(0).getFloat(), 1e-5);
            // smooth L1 (beta 1/9): 0.05 -> 0.5*0.0025*9; 0.5 -> 0.5 - 1/18; over 3 sampled anchors
            double box = (0.5 * 0.0025 * 9 + 0.5 - 1.0 / 18) / 3;
            assertEquals(box, terms.get(1).getFloat(), 1e-5);
            NDArray total = new RpnLoss().evaluate(new NDList(labels, targets), new NDList(logits, deltas));
            assertEquals(objectness + box, total.getFloat(), 1e-5);
        }
    }

    @Test
    void rpnLossWithNothingSampledIsZero() {
        try (NDManager m = NDManager.newBaseManager()) {
            NDList terms = RpnLoss.terms(m.zeros(new Shape(2, 3)), m.ones(new Shape(2, 3, 4)),
                    m.full(new Shape(2, 3), -1f), m.zeros(new Shape(2, 3, 4)), 1.0 / 9);
            assertEquals(0f, terms.get(0).getFloat());
            assertEquals(0f, terms.get(1).getFloat());
            assertThrows(IllegalArgumentException.class, () -> RpnLoss.terms(m.zeros(new Shape(3)),
                    m.zeros(new Shape(3, 4)), m.zeros(new Shape(4)), m.zeros(new Shape(3, 4)), 1));
        }
    }

    @Test
    void fastRcnnLossUsesTheDeltasOfTheTrueClassOnly() {
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray logits = m.zeros(new Shape(2, 3)); // CE = ln 3 per RoI
            NDArray deltas = m.full(new Shape(2, 12), 7f);
            deltas.set(new ai.djl.ndarray.index.NDIndex("0, 8:12"), m.create(new float[] {1, 0, 0, 0}));
            NDArray labels = m.create(new int[] {2, 0}); // RoI 1 is background: no box loss
            NDArray targets = m.zeros(new Shape(2, 4));
            NDList terms = FastRcnnLoss.terms(logits, deltas, labels, targets, 1.0 / 9);
            assertEquals(Math.log(3), terms.get(0).getFloat(), 1e-5);
            assertEquals((1 - 1.0 / 18) / 2, terms.get(1).getFloat(), 1e-5);
            NDArray total = new FastRcnnLoss().evaluate(new NDList(labels, targets), new NDList(logits, deltas));
            assertEquals(Math.log(3) + (1 - 1.0 / 18) / 2, total.getFloat(), 1e-5);
            assertThrows(IllegalArgumentException.class, () -> FastRcnnLoss.terms(logits,
                    m.zeros(new Shape(2, 8)), labels, targets, 1.0 / 9));
        }
    }
}
