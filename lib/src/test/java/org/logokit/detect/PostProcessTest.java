package org.logokit.detect;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;
import org.junit.jupiter.api.Test;
import org.logokit.testing.NDManagerFixture;

class PostProcessTest extends NDManagerFixture {

    @Test
    void overlappingBoxesOfOneClassAreSuppressedButOtherClassesSurvive() {
        NDArray boxes = manager.create(new float[][] {{0, 0, 10, 10}, {1, 0, 11, 10}, {30, 30, 40, 40}});
        // columns: class 0, class 1
        NDArray scores = manager.create(new float[][] {{0.9f, 0.8f}, {0.7f, 0.01f}, {0.02f, 0.6f}});
        Detections d = PostProcess.defaults().apply(boxes, scores, 100, 100);
        // class 0: box 0 (0.9) suppresses box 1 (0.7, IoU 0.82); class 1: box 0 (0.8) and box 2 (0.6)
        assertArrayEquals(new float[] {0.9f, 0.8f, 0.6f}, d.scores(), 1e-6f);
        assertArrayEquals(new int[] {0, 1, 1}, d.classes());
        assertArrayEquals(new float[] {30, 30, 40, 40}, d.boxes()[2]);
    }

    @Test
    void classAgnosticNmsLetsTheBestBoxWinAcrossClasses() {
        NDArray boxes = manager.create(new float[][] {{0, 0, 10, 10}, {1, 0, 11, 10}});
        NDArray scores = manager.create(new float[][] {{0.9f, 0.0f}, {0.0f, 0.7f}});
        Detections d = PostProcess.builder().classAgnostic(true).build().apply(boxes, scores, 100, 100);
        assertArrayEquals(new int[] {0}, d.classes());
    }

    @Test
    void classSpecificBoxesAreClippedAndTheLimitsApply() {
        // two proposals, two classes, one box per class: (N, C, 4)
        NDArray boxes = manager.create(new float[] {-5, -5, 10, 10, 50, 50, 60, 60, 20, 20, 30, 30, 90, 90, 130, 99},
                new Shape(2, 2, 4));
        NDArray scores = manager.create(new float[][] {{0.3f, 0.95f}, {0.2f, 0.5f}});
        Detections d = PostProcess.builder().maxDetections(3).build().apply(boxes, scores, 100, 100);
        assertEquals(3, d.size());
        assertArrayEquals(new float[] {50, 50, 60, 60}, d.boxes()[0]);  // proposal 0, class 1
        assertArrayEquals(new float[] {90, 90, 100, 99}, d.boxes()[1]); // proposal 1, class 1, clipped
        assertArrayEquals(new float[] {0, 0, 10, 10}, d.boxes()[2]);    // proposal 0, class 0, clipped
        assertArrayEquals(new int[] {1, 1, 0}, d.classes());
    }

    @Test
    void nothingAboveTheThresholdGivesNoDetections() {
        NDArray boxes = manager.create(new float[][] {{0, 0, 10, 10}});
        assertEquals(0, PostProcess.defaults().apply(boxes, manager.create(new float[][] {{0.01f}}), 50, 50).size());
        assertEquals(0, PostProcess.defaults().apply(manager.zeros(new Shape(0, 4)), manager.zeros(new Shape(0, 3)),
                50, 50).size());
    }

    @Test
    void preNmsTopKKeepsOnlyTheBestCandidates() {
        NDArray boxes = manager.create(new float[][] {{0, 0, 10, 10}, {20, 20, 30, 30}, {40, 40, 50, 50}});
        NDArray scores = manager.create(new float[][] {{0.5f}, {0.9f}, {0.7f}});
        Detections d = PostProcess.builder().preNmsTopK(2).build().apply(boxes, scores, 100, 100);
        assertArrayEquals(new float[] {0.9f, 0.7f}, d.scores(), 1e-6f);
    }
}
