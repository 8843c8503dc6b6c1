package org.logokit.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The benchmark's steps are repeatable: a timed step runs many times on the same inputs, so a
 * step must not close them (a DJL {@code Batch} closes its data and labels with its manager).
 */
class EngineWorkloadsTest {

    @Test
    void resnetTrainingStepRunsAgainOnTheSameInputs(@TempDir Path inputs) throws Exception {
        BenchInputs.write(inputs, 42);
        try (NDManager manager = NDManager.newBaseManager()) {
            EngineWorkloads.Prepared prepared = EngineWorkloads.prepare(Workload.RESNET18_TRAIN, manager, inputs);
            double first = prepared.step().run();
            double second = prepared.step().run();
            assertTrue(Double.isFinite(first) && Double.isFinite(second), first + ", " + second);
            assertFalse(first == second, "the SGD step changes the head's weights");
        }
    }

    @Test
    void detectorTrainingStepRunsAgainOnTheSameInputs() throws Exception {
        try (NDManager manager = NDManager.newBaseManager()) {
            EngineWorkloads.Prepared prepared = EngineWorkloads.prepare(Workload.FASTER_RCNN_TRAIN, manager, null);
            double first = prepared.step().run();
            double second = prepared.step().run();
            assertTrue(Double.isFinite(first) && Double.isFinite(second), first + ", " + second);
        }
    }

    @Test
    void detectorInferenceStepSurvivesGarbageCollectionBetweenSteps() throws Exception {
        try (NDManager manager = NDManager.newBaseManager();
                EngineWorkloads.Prepared prepared = EngineWorkloads.prepare(Workload.YOLO_INFER, manager, null)) {
            assertNotNull(prepared.owner(), "the prepared step holds its model");
            double first = prepared.step().run();
            for (int i = 0; i < 3; i++) {
                System.gc();
                System.runFinalization(); // without the owner, DJL's finaliser closed the model here
            }
            double second = prepared.step().run();
            assertTrue(first >= 0 && second >= 0, first + ", " + second);
        }
    }

    @Test
    void copiesOutliveTheOriginalsManager() {
        try (NDManager manager = NDManager.newBaseManager()) {
            NDArray original = manager.create(new float[] {1, 2, 3});
            NDList copy;
            try (NDManager scratch = manager.newSubManager()) {
                copy = EngineWorkloads.copies(new NDList(original));
                copy.attach(scratch);
                assertEquals(6f, copy.head().sum().getFloat(), 1e-6);
            }
            assertEquals(6f, original.sum().getFloat(), 1e-6, "closing the copies leaves the original open");
        }
    }

    @Test
    void detectorRowsHaveNoPythonTwinAndTheOpRowsHaveOne() {
        assertFalse(Workload.YOLO_TRAIN.hasPythonTwin());
        assertEquals(Workload.NO_PYTHON_TWIN, Workload.SSD_INFER.reference());
        assertTrue(Workload.NMS_10K.hasPythonTwin());
        assertEquals(16, Workload.SSD_TRAIN.images());
    }
}
