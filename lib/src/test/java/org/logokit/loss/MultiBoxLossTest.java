package org.logokit.loss;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import org.junit.jupiter.api.Test;

class MultiBoxLossTest {

    /**
     * One image, 5 anchors, classes {background, logo}. CE against background of logits (0, a) is
     * log(1 + e^a): anchor 1 ln 2, anchor 2 ln 4, anchor 3 ln(4/3); anchor 4 is ignored although
     * its loss would be the largest.
     */
    static NDList[] example(NDManager m) {
        float ln3 = (float) Math.log(3);
        NDArray logits = m.create(new float[] {0, 0, 0, 0, 0, ln3, 0, -ln3, 0, 5}, new Shape(1, 5, 2));
        NDArray deltas = m.zeros(new Shape(1, 5, 4));
        deltas.set(new ai.djl.ndarray.index.NDIndex("0, 0"), m.create(new float[] {0.5f, 0, 0, 2}));
        deltas.set(new ai.djl.ndarray.index.NDIndex("0, 1"), m.create(new float[] {9, 9, 9, 9}));
        NDArray labels = m.create(new int[] {1, 0, 0, 0, -1}, new Shape(1, 5));
        NDArray targets = m.zeros(new Shape(1, 5, 4));
        return new NDList[] {new NDList(labels, targets), new NDList(logits, deltas)};
    }

    @Test
    void oneToOneMiningKeepsOnlyTheHardestRealNegative() {
        try (NDManager m = NDManager.newBaseManager()) {
            NDList[] ex = example(m);
            NDList terms = new MultiBoxLoss(1, 1).terms(ex[1].get(0), ex[1].get(1), ex[0].get(0), ex[0].get(1));
            // positive ln 2 + hardest negative (anchor 2) ln 4; the ignored anchor 4 is never mined
            assertEquals(Math.log(2) + Math.log(4), terms.get(0).getFloat(), 1e-5);
            // smooth L1 (beta 1) of (0.5, 0, 0, 2): 0.125 + 1.5; background anchor 1's deltas do not count
            assertEquals(1.625, terms.get(1).getFloat(), 1e-5);
        }
    }

    @Test
    void threeToOneTakesAllThreeNegativesAndNormalisesByPositives() {
        try (NDManager m = NDManager.newBaseManager()) {
            NDList[] ex = example(m);
            NDArray loss = new MultiBoxLoss().evaluate(ex[0], ex[1]);
            double conf = Math.log(2) + Math.log(2) + Math.log(4) + Math.log(4.0 / 3);
            assertEquals(conf + 1.625, loss.getFloat(), 1e-5);
        }
    }

    @Test
    void imageWithoutPositivesCostsNothing() {
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray loss = new MultiBoxLoss().evaluate(
                    new NDList(m.zeros(new Shape(2, 6)), m.zeros(new Shape(2, 6, 4))),
                    new NDList(m.ones(new Shape(2, 6, 3)), m.ones(new Shape(2, 6, 4))));
            assertEquals(0f, loss.getFloat(), 1e-7f);
            assertThrows(IllegalArgumentException.class, () -> new MultiBoxLoss().terms(
                    m.zeros(new Shape(6, 3)), m.zeros(new Shape(6, 4)), m.zeros(new Shape(6)),
                    m.zeros(new Shape(6, 4))));
        }
    }
}
