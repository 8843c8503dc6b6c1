package org.logokit.detect.rcnn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.logokit.detect.DetectionBatch;
import org.logokit.detect.Detections;
import org.logokit.testing.NDManagerFixture;

/** RoI sampling with the ground truth added, and the detections of the head's raw outputs. */
class RoiHeadsTest extends NDManagerFixture {

    private RoiHeads heads(int perImage) {
        RoiConfig config = RoiConfig.defaults(PoolerKind.ROI_ALIGN).withSample(perImage, 0.25);
        return new RoiHeads(config, 3, new SingleLevelPooler(PoolerKind.ROI_ALIGN, 7), new int[] {16});
    }

    @Test
    void theGroundTruthIsAddedToTheProposalsAsForeground() {
        // no proposal comes near the logo: only the ground truth itself can be foreground
        NDArray proposals = manager.create(new float[][] {{200, 200, 240, 240}, {150, 10, 190, 40}});
        DetectionBatch truth = DetectionBatch.of(manager, List.<float[][]>of(new float[][] {{10, 20, 60, 50}}),
                List.of(new int[] {2}));
        RoiHeads.Samples s = heads(512).sample(List.of(proposals), truth);
        assertEquals(3, s.size(), "two proposals and the logo");
        assertEquals(1, s.foreground());
        long[] classes = s.classTargets().toLongArray();
        float[] rois = s.rois().toFloatArray();
        int row = -1;
        for (int i = 0; i < classes.length; i++) {
            if (classes[i] > 0) {
                row = i;
            }
        }
        assertEquals(3, classes[row], "brand 2 + 1 (background is 0)");
        assertArrayEquals(new float[] {0, 10, 20, 60, 50}, java.util.Arrays.copyOfRange(rois, 5 * row, 5 * row + 5));
        assertArrayEquals(new float[4], s.boxTargets().get(row).toFloatArray(), 1e-6f,
                "a perfect box needs no correction");
    }

    @Test
    void aSampleHasAtMostAQuarterForegroundAndIsFilledWithBackground() {
        // 300 proposals on the logo (IoU > 0.5) and 700 far from it
        float[][] boxes = new float[1000][];
        for (int i = 0; i < 300; i++) {
            boxes[i] = new float[] {10 + i % 3, 20, 60, 50};
        }
        for (int i = 300; i < 1000; i++) {
            float x = 100 + (i % 20) * 5;
            boxes[i] = new float[] {x, 150, x + 30, 190};
        }
        DetectionBatch truth = DetectionBatch.of(manager, List.<float[][]>of(new float[][] {{10, 20, 60, 50}}),
                List.of(new int[] {0}));
        RoiHeads.Samples s = heads(512).sample(List.of(manager.create(boxes)), truth);
        assertEquals(512, s.size());
        assertEquals(128, s.foreground(), "25 % of 512");
    }

    @Test
    void everyImageSamplesOnItsOwnAndAnImageWithoutLogosGivesBackgroundOnly() {
        NDArray a = manager.create(new float[][] {{10, 20, 60, 50}, {100, 100, 150, 150}});
        NDArray b = manager.create(new float[][] {{0, 0, 30, 30}});
        DetectionBatch truth = DetectionBatch.of(manager, List.of(new float[][] {{10, 20, 60, 50}}, new float[0][]),
                List.of(new int[] {1}, new int[0]));
        RoiHeads.Samples s = heads(8).sample(List.of(a, b), truth);
        float[] batchColumn = s.rois().get(":, 0").toFloatArray();
        long[] classes = s.classTargets().toLongArray();
        int fromB = 0;
        for (int i = 0; i < batchColumn.length; i++) {
            if (batchColumn[i] == 1f) {
                fromB++;
                assertEquals(0, classes[i], "image 1 has no logo");
            }
        }
        assertEquals(1, fromB);
        assertEquals(4, s.size(), "image 0: two proposals + its logo; image 1: its proposal");
        assertEquals(2, s.foreground(), "the proposal on the logo and the logo itself");
    }

    @Test
    void detectionsAreSplitPerImageThresholdedAndSuppressedPerClass() {
        RoiHeads h = heads(8);
        // 3 rows: image 0 has two, image 1 none, image 2 one; 3 classes
        NDArray boxes = manager.create(new float[] {
            0, 0, 10, 10, 0, 0, 10, 10, 0, 0, 10, 10,
            1, 0, 11, 10, 1, 0, 11, 10, 1, 0, 11, 10,
            20, 20, 40, 40, 20, 20, 40, 40, 20, 20, 40, 40}, new Shape(3, 3, 4));
        NDArray scores = manager.create(new float[][] {{0.9f, 0.02f, 0.6f}, {0.8f, 0.01f, 0.01f}, {0.01f, 0.3f, 0.04f}});
        NDArray rows = manager.create(new long[] {2, 0, 1});
        List<Detections> d = h.detections(new NDList(boxes, scores, rows), 100);
        assertEquals(3, d.size());
        // image 0: class 0 at 0.9 suppresses its 0.8 twin (IoU 0.82); class 2 at 0.6 survives
        assertArrayEquals(new float[] {0.9f, 0.6f}, d.get(0).scores(), 1e-6f);
        assertArrayEquals(new int[] {0, 2}, d.get(0).classes());
        assertTrue(d.get(1).isEmpty());
        assertArrayEquals(new int[] {1}, d.get(2).classes(), "scores at or below 0.05 are dropped");
    }

    @Test
    void aPoolerOfAnotherSizeIsRejected() {
        RoiConfig config = RoiConfig.defaults(PoolerKind.ROI_POOL);
        assertThrows(IllegalArgumentException.class,
                () -> new RoiHeads(config, 3, new SingleLevelPooler(PoolerKind.ROI_POOL, 5), new int[] {16}));
    }

    @Test
    void theHeadGivesOneLogitPerClassPlusBackgroundAndFourDeltasEach() {
        RoiHeads h = heads(8);
        h.initialize(manager, DataType.FLOAT32, new Shape(1, 16, 7, 7));
        NDList features = new NDList(manager.randomUniform(0, 1, new Shape(1, 16, 8, 8)));
        NDArray rois = manager.create(new float[][] {{0, 0, 0, 64, 64}, {0, 10, 10, 40, 30}});
        NDList out = h.heads(new ai.djl.training.ParameterStore(manager, false), features, rois, false, null);
        assertEquals(new Shape(2, 4), out.get(0).getShape());
        assertEquals(new Shape(2, 16), out.get(1).getShape());
    }
}
