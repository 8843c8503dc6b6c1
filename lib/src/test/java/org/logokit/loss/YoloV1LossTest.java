package org.logokit.loss;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import org.junit.jupiter.api.Test;

class YoloV1LossTest {

    /**
     * One cell (S = 1), B = 2, C = 2. Truth: centre (0.5, 0.5), w 0.36, h 0.25, class 0.
     * Box 1 (0.6, 0.5, 0.49, 0.25, conf 0.8): XYXY (0.355,0.375,0.845,0.625) vs truth
     * (0.32,0.375,0.68,0.625): inter 0.325*0.25 = 0.08125, union 0.09 + 0.1225 - 0.08125 = 0.13125,
     * IoU = 13/21. Box 2 (0.2, 0.2, 0.1, 0.1, conf 0.3) misses it: box 1 is responsible.
     */
    static NDArray[] toy(NDManager m) {
        NDArray pred = m.create(new float[] {
            0.6f, 0.5f, 0.49f, 0.25f, 0.8f,
            0.2f, 0.2f, 0.1f, 0.1f, 0.3f,
            0.7f, 0.2f}, new Shape(1, 1, 1, 12));
        NDArray target = m.create(new float[] {0.5f, 0.5f, 0.36f, 0.25f, 1f, 1f, 0f},
                new Shape(1, 1, 1, 7));
        return new NDArray[] {pred, target};
    }

    @Test
    void oneCellToyMatchesTheHandDerivedTerms() {
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray[] toy = toy(m);
            YoloV1Loss.Terms terms = new YoloV1Loss(1, 2, 2).terms(toy[0], toy[1]);
            double iou = 13.0 / 21;
            assertEquals(5 * 0.01, terms.center().getFloat(), 1e-5); // 5 * (0.6-0.5)^2
            assertEquals(5 * 0.01, terms.size().getFloat(), 1e-5); // 5 * (sqrt .49 - sqrt .36)^2
            assertEquals((0.8 - iou) * (0.8 - iou), terms.objectConfidence().getFloat(), 1e-5);
            assertEquals(0.5 * 0.09, terms.noObjectConfidence().getFloat(), 1e-6); // 0.5 * 0.3^2
            assertEquals(0.09 + 0.04, terms.classes().getFloat(), 1e-6); // (0.7-1)^2 + 0.2^2
            assertEquals(0.275 + (0.8 - iou) * (0.8 - iou), terms.total().getFloat(), 1e-5);
        }
    }

    @Test
    void withoutRescoringTheConfidenceTargetIsOne() {
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray[] toy = toy(m);
            YoloV1Loss.Terms terms = new YoloV1Loss(1, 2, 2, 5, 0.5, false).terms(toy[0], toy[1]);
            assertEquals(0.04, terms.objectConfidence().getFloat(), 1e-6);
        }
    }

    @Test
    void responsibilityGoesToTheBetterOverlappingPredictor() {
        try (NDManager m = NDManager.newBaseManager()) {
            // swap the two boxes: now box 2 is responsible and box 1's conf 0.3 is "no object"
            NDArray pred = m.create(new float[] {
                0.2f, 0.2f, 0.1f, 0.1f, 0.3f,
                0.6f, 0.5f, 0.49f, 0.25f, 0.8f,
                0.7f, 0.2f}, new Shape(1, 1, 1, 12));
            NDArray loss = new YoloV1Loss(1, 2, 2).evaluate(new NDList(toy(m)[1]), new NDList(pred));
            double iou = 13.0 / 21;
            assertEquals(0.275 + (0.8 - iou) * (0.8 - iou), loss.getFloat(), 1e-5);
        }
    }

    @Test
    void emptyCellsOnlyPayTheNoObjectTermAndTheBatchIsAveraged() {
        try (NDManager m = NDManager.newBaseManager()) {
            // S = 2, two images, no objects anywhere: 0.5 * sum conf^2 / N
            NDArray pred = m.zeros(new Shape(2, 2, 2, 12));
            pred.set(new ai.djl.ndarray.index.NDIndex("0, 0, 1, 4"), 0.4f);
            pred.set(new ai.djl.ndarray.index.NDIndex("1, 1, 1, 9"), 0.6f);
            pred.set(new ai.djl.ndarray.index.NDIndex("1, 1, 1, 10"), 0.9f); // class score: no penalty
            NDArray loss = new YoloV1Loss(2, 2, 2).evaluate(new NDList(m.zeros(new Shape(2, 2, 2, 7))),
                    new NDList(pred));
            assertEquals(0.5 * (0.16 + 0.36) / 2, loss.getFloat(), 1e-6);
        }
    }

    @Test
    void wrongLayoutIsExplained() {
        try (NDManager m = NDManager.newBaseManager()) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> new YoloV1Loss(7, 2, 20).terms(m.zeros(new Shape(1, 7, 7, 29)),
                            m.zeros(new Shape(1, 7, 7, 25))));
            assertEquals(true, e.getMessage().contains("B*5 + C"));
        }
    }
}
