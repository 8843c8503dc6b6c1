package org.logokit.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDManager;
import ai.djl.training.dataset.ArrayDataset;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.logokit.detect.DetectorSpec;
import org.logokit.detect.TinyAnchorDetector;
import org.logokit.detect.TinyScenes;
import org.logokit.detect.catalog.Detectors;

class TrainedDetectorsTest {
    @TempDir
    Path tmp;

    @BeforeAll
    static void register() {
        Detectors.register(TinyAnchorDetector.KIND, TinyAnchorDetector::new);
    }

    @Test
    void aSavedDetectorWithTheSameSpecIsReusedAndAnotherSpecRetrains() throws IOException {
        AtomicInteger trainings = new AtomicInteger();
        ByteArrayOutputStream text = new ByteArrayOutputStream();
        PrintStream log = new PrintStream(text, true, StandardCharsets.UTF_8);
        try (NDManager manager = NDManager.newBaseManager()) {
            ArrayDataset data = TinyScenes.dataset(manager, 8, 64, 14, 22, 1, 4, true);
            TrainedDetectors.Training training = (model, runs) -> {
                trainings.incrementAndGet();
                return DetectorTrainer.builder(model).epochs(2).validation(data).checkpointDir(runs)
                        .progressBar(false).log(log).build().fit(data);
            };
            DetectorSpec spec = TinyAnchorDetector.spec(64);
            Path models = tmp.resolve("models/tiny");
            Path runs = tmp.resolve("runs/tiny");
            try (TrainedDetectors.Trained first = TrainedDetectors.loadOrTrain(models, runs, spec, false, training, log)) {
                assertFalse(first.reused());
                assertEquals(2, first.history().size());
            }
            try (TrainedDetectors.Trained again = TrainedDetectors.loadOrTrain(models, runs, spec, false, training, log)) {
                assertTrue(again.reused());
                assertEquals(1, trainings.get());
                assertEquals(2, again.history().size());
            }
            assertTrue(text.toString(StandardCharsets.UTF_8).contains("Using the detector trained earlier"));
            DetectorSpec other = spec.withSettings(new TinyAnchorDetector.Config("C3", new float[] {10, 18}, 16));
            try (TrainedDetectors.Trained retrained = TrainedDetectors.loadOrTrain(models, runs, other, false, training,
                    log)) {
                assertFalse(retrained.reused());
                assertEquals(2, trainings.get());
            }
            try (TrainedDetectors.Trained forced = TrainedDetectors.loadOrTrain(models, runs, other, true, training, log)) {
                assertFalse(forced.reused());
                assertEquals(3, trainings.get());
            }
        }
    }
}
