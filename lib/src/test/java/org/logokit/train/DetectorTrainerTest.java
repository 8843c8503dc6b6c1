package org.logokit.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Model;
import ai.djl.TrainingDivergedException;
import ai.djl.ndarray.NDManager;
import ai.djl.training.dataset.ArrayDataset;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.logokit.detect.DetectorArtifact;
import org.logokit.detect.TinyAnchorDetector;
import org.logokit.detect.TinyScenes;
import org.logokit.detect.catalog.Detectors;
import org.logokit.eval.DetectionEvaluator;
import org.logokit.eval.DetectionReport;

class DetectorTrainerTest {
    @TempDir
    Path tmp;
    private NDManager manager;
    private ArrayDataset train;
    private ArrayDataset validation;
    private final ByteArrayOutputStream log = new ByteArrayOutputStream();

    @BeforeAll
    static void register() {
        Detectors.register(TinyAnchorDetector.KIND, TinyAnchorDetector::new);
    }

    @BeforeEach
    void data() {
        Seeds.fix(3);
        manager = NDManager.newBaseManager();
        train = TinyScenes.dataset(manager, 48, 64, 14, 22, 1, 8, true);
        // an overfit test: validated on its own training images
        validation = TinyScenes.dataset(manager, 48, 64, 14, 22, 1, 8, false);
    }

    @AfterEach
    void close() {
        manager.close();
    }

    private DetectorTrainer.Builder trainer(Model model, int epochs) {
        return DetectorTrainer.builder(model).epochs(epochs).learningRate(0.02f).warmUpIterations(6)
                .validation(validation).checkpointDir(tmp.resolve("runs")).progressBar(false)
                .log(new PrintStream(log, true, StandardCharsets.UTF_8));
    }

    @Test
    void aTinyDetectorLearnsTheSquaresAndEveryLossTermIsRecorded() throws IOException {
        try (Model model = Detectors.newModel(TinyAnchorDetector.spec(64))) {
            DetectionHistory history = trainer(model, 40).build().fit(train);
            assertEquals(40, history.size());
            assertEquals(List.of("class", "box"), history.terms());
            assertEquals(40 * 6, history.iterations().size(), "48 images in batches of 8, per epoch");
            DetectionHistory.Epoch first = history.epochs().get(0);
            DetectionHistory.Epoch last = history.last().orElseThrow();
            assertTrue(last.losses().get("class") < first.losses().get("class") / 2, history.toLog());
            assertTrue(last.losses().get("box") < first.losses().get("box"), history.toLog());
            assertTrue(history.best().orElseThrow().valMap50() > 0.5, history.toLog());
            assertTrue(last.rssMegabytes() > 0);
            String text = log.toString(StandardCharsets.UTF_8);
            assertTrue(text.contains("Epoch 39. Loss"), text);

            DetectionReport report = DetectionEvaluator.builder().progressBar(false).build().evaluate(model, validation);
            assertEquals(48, report.images());
            assertEquals(48, report.detections().size());
            assertTrue(report.map50() > 0.5, report.summary());
            assertTrue(report.perClassTable("AP").rowCount() == 3);
        }
    }

    @Test
    void adamWithTheSameScheduleLearnsTheSquaresToo() throws IOException {
        try (Model model = Detectors.newModel(TinyAnchorDetector.spec(64))) {
            DetectionHistory history = trainer(model, 12).adam(true).learningRate(3e-3f).build().fit(train);
            DetectionHistory.Epoch first = history.epochs().get(0);
            DetectionHistory.Epoch last = history.last().orElseThrow();
            assertTrue(last.losses().get("class") < first.losses().get("class") / 2, history.toLog());
            assertTrue(history.best().orElseThrow().valMap50() > 0.3, history.toLog());
        }
    }

    @Test
    void theBestCheckpointLoadsAndResumingContinuesTheSameRun() throws IOException {
        try (Model model = Detectors.newModel(TinyAnchorDetector.spec(64))) {
            trainer(model, 2).build().fit(train);
        }
        try (Model model = Detectors.newModel(TinyAnchorDetector.spec(64))) {
            DetectionHistory history = trainer(model, 4).build().fit(train);
            assertEquals(4, history.size(), "2 restored + 2 new epochs");
            assertEquals(3, history.last().orElseThrow().epoch());
            assertTrue(log.toString(StandardCharsets.UTF_8).contains("Resuming from last-epoch-0001"));
            DetectionHistory again = trainer(model, 4).build().fit(train);
            assertEquals(4, again.size());
            assertTrue(log.toString(StandardCharsets.UTF_8).contains("Nothing to do"));
        }
        Path best = new CheckpointStore(tmp.resolve("runs")).latest(CheckpointStore.BEST).orElseThrow();
        try (Model loaded = Detectors.load(best)) {
            assertEquals("tiny", DetectorArtifact.detectorOf(loaded).spec().name());
        }
        assertTrue(DetectorTrainer.historyOf(best).size() >= 1);
    }

    @Test
    void anExplodingLearningRateStopsWithAdvice() {
        try (Model model = Detectors.newModel(TinyAnchorDetector.spec(64))) {
            TrainingDivergedException e = assertThrows(TrainingDivergedException.class,
                    () -> trainer(model, 3).learningRate(1e6f).clipGradient(0).warmUpIterations(0)
                            .divergenceGrowth(50).build().fit(train));
            assertTrue(e.getMessage().contains("lower learning rate"), e.getMessage());
            // it says where, and keeps the losses up to and including the batch that diverged
            TrainingDivergence where = assertInstanceOf(TrainingDivergence.class, e);
            DetectionHistory history = where.history().orElseThrow();
            assertEquals(where.epoch(), history.size(), "the epochs completed before it diverged");
            assertTrue(e.getMessage().contains("epoch " + where.epoch() + ", batch " + where.batch()), e.getMessage());
            if (where.epoch() == 0) {
                assertEquals(where.batch(), history.iterations().size());
            }
            float[] last = history.iterations().get(history.iterations().size() - 1);
            float first = history.iterations().get(0)[0] + history.iterations().get(0)[1];
            float total = last[0] + last[1];
            assertTrue(!Float.isFinite(total) || total > 50 * first || where.reason().contains("grew"),
                    "the last recorded batch is the one that diverged: " + java.util.Arrays.toString(last));
            assertTrue(where.describe().startsWith("diverged in epoch " + where.epoch()), where.describe());
        }
    }
}
