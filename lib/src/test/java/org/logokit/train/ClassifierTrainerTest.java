package org.logokit.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Model;
import ai.djl.TrainingDivergedException;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.training.loss.Loss;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.dataset.ArrayDataset;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.logokit.model.ModelArtifact;
import org.logokit.model.ModelSpec;

class ClassifierTrainerTest {

    @TempDir
    Path temp;

    private static ClassifierTrainer.Builder quiet(ModelArtifact artifact, PrintStream log) {
        return ClassifierTrainer.builder(artifact.model(), artifact.spec())
                .optimizer(ClassifierTrainer.sgd(0.05f, 0f))
                .progressBar(false)
                .log(log);
    }

    @Test
    void keepsOnlyTheBestEpochsCheckpointAndLogsInTheCourseLayout() throws IOException {
        Seeds.fix(7);
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        PrintStream log = new PrintStream(bytes, true, StandardCharsets.UTF_8);
        Path runs = temp.resolve("run");
        try (NDManager data = NDManager.newBaseManager();
                ModelArtifact artifact = ModelArtifact.create(TinyImages.spec("cnn"))) {
            ArrayDataset train = TinyImages.dataset(data, 48, 1, 8, true);
            ArrayDataset val = TinyImages.dataset(data, 24, 2, 8, false);
            TrainingHistory history = quiet(artifact, log).epochs(4).checkpointDir(runs).build()
                    .fit(train, val, val);

            assertEquals(4, history.size());
            int best = history.best().orElseThrow().epoch();
            List<String> names;
            try (Stream<Path> files = Files.list(runs)) {
                names = files.map(p -> p.getFileName().toString()).sorted().collect(Collectors.toList());
            }
            // exactly one best checkpoint (the best epoch's), one resume checkpoint, no temporaries
            assertEquals(List.of(String.format("best-epoch-%04d", best), "last-epoch-0003"), names);
            Path bestDir = runs.resolve(names.get(0));
            assertTrue(Files.exists(bestDir.resolve(String.format("cnn-%04d.params", best))));
            assertEquals(best, CheckpointStore.readState(bestDir).epoch());

            String text = bytes.toString(StandardCharsets.UTF_8);
            assertTrue(text.matches("(?s)Epoch 0\\. Loss: \\d+\\.\\d{3}, Train acc \\d\\.\\d\\d, Val acc \\d\\.\\d\\d, "
                    + "Test acc \\d\\.\\d\\d, Time \\d+\\.\\d sec\n.*"), text);
            assertTrue(text.contains("Best validation accuracy found. Checkpointing..."));
            // the data is easy: the run must learn something
            assertTrue(history.last().orElseThrow().valAccuracy() > 0.5, history.toLog());
        }
    }

    @Test
    void checkpointStoreReplacesTheOlderBestAtomically() throws IOException {
        CheckpointStore store = new CheckpointStore(temp.resolve("ck"));
        ModelSpec spec = TinyImages.spec("m");
        try (ModelArtifact artifact = ModelArtifact.create(spec)) {
            store.save(CheckpointStore.BEST, artifact.model(), spec, new TrainingState(0, 0, 0.5, List.of()));
            Path second = store.save(CheckpointStore.BEST, artifact.model(), spec,
                    new TrainingState(2, 2, 0.7, List.of()));
            assertEquals(List.of(second), store.list(CheckpointStore.BEST));
            try (Stream<Path> left = Files.list(store.dir())) {
                assertEquals(1, left.count(), "no temporary folder may remain");
            }
            try (ModelArtifact loaded = ModelArtifact.load(second)) {
                assertEquals(spec.classes(), loaded.spec().classes());
            }
        }
    }

    @Test
    void resumeContinuesAtTheNextEpochWithTheSameHistory() throws IOException {
        Path runs = temp.resolve("resume");
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        PrintStream log = new PrintStream(bytes, true, StandardCharsets.UTF_8);
        try (NDManager data = NDManager.newBaseManager()) {
            ArrayDataset train = TinyImages.dataset(data, 24, 1, 8, true);
            ArrayDataset val = TinyImages.dataset(data, 12, 2, 6, false);
            TrainingHistory first;
            float[] savedHead;
            try (ModelArtifact artifact = ModelArtifact.create(TinyImages.spec("r"))) {
                first = quiet(artifact, log).epochs(2).checkpointDir(runs).build().fit(train, val, null);
                savedHead = headWeights(artifact.model());
            }
            bytes.reset();
            try (ModelArtifact fresh = ModelArtifact.create(TinyImages.spec("r"))) {
                ClassifierTrainer again = quiet(fresh, log).epochs(3).checkpointDir(runs).build();
                // before training on, the resumed weights must be the saved ones: check via a 0-epoch view
                TrainingHistory resumed = again.fit(train, val, null);
                assertEquals(3, resumed.size());
                assertEquals(first.epochs(), resumed.epochs().subList(0, 2));
                assertEquals(2, resumed.epochs().get(2).epoch());
                String text = bytes.toString(StandardCharsets.UTF_8);
                assertTrue(text.startsWith("Resuming from last-epoch-0001"), text);
                assertFalse(text.contains("Epoch 0."), text);
                assertTrue(text.contains("Epoch 2."), text);
            }
            // a run that is already complete loads the weights and trains nothing
            try (ModelArtifact done = ModelArtifact.create(TinyImages.spec("r"))) {
                TrainingHistory same = quiet(done, log).epochs(2).checkpointDir(runs.resolve("other")).build()
                        .fit(train, val, null);
                assertEquals(2, same.size());
                assertFalse(java.util.Arrays.equals(savedHead, headWeights(done.model())),
                        "a different folder must not resume");
            }
            try (ModelArtifact reloaded = ModelArtifact.load(new CheckpointStore(runs).latest("last").orElseThrow())) {
                assertEquals(new Shape(3, 128), reloaded.block().child("head").getParameters().get(0).getValue()
                        .getArray().getShape());
            }
        }
    }

    @Test
    void aLossThatBecomesNanStopsTrainingWithAMessageThatSaysWhatToTry() {
        // a loss that turns NaN from the second batch on, as an exploding run does
        Loss softmax = Loss.softmaxCrossEntropyLoss();
        Loss explodes = new Loss("explodes") {
            private int calls;

            @Override
            public NDArray evaluate(NDList labels, NDList predictions) {
                NDArray value = softmax.evaluate(labels, predictions);
                return calls++ < 2 ? value : value.mul(Float.NaN);
            }
        };
        try (NDManager data = NDManager.newBaseManager();
                ModelArtifact artifact = ModelArtifact.create(TinyImages.spec("nan"))) {
            ArrayDataset train = TinyImages.dataset(data, 16, 1, 4, false);
            TrainingDivergedException e = assertThrows(TrainingDivergedException.class,
                    () -> quiet(artifact, new PrintStream(new ByteArrayOutputStream())).loss(explodes)
                            .epochs(2).build().fit(train, null, null));
            assertTrue(e.getMessage().contains("epoch 0, batch 2: the loss is NaN"), e.getMessage());
            assertTrue(e.getMessage().contains("lower learning rate"), e.getMessage());
        }
    }

    @Test
    void historyRoundTripsThroughJsonAndTable() {
        TrainingHistory history = new TrainingHistory();
        history.add(new EpochRecord(0, 53.771, 0.77, 0.58, 0.72, 224.9, true));
        history.add(new EpochRecord(1, 3.417, 0.80, 0.60, Double.NaN, 222.7, true));
        TrainingHistory back = TrainingHistory.fromJson(history.toJson());
        assertEquals(history.epochs().get(0), back.epochs().get(0));
        assertTrue(Double.isNaN(back.epochs().get(1).testAccuracy()));
        assertEquals("Epoch 0. Loss: 53.771, Train acc 0.77, Val acc 0.58, Test acc 0.72, Time 224.9 sec",
                history.epochs().get(0).toLogLine());
        assertEquals(2, history.toTable("t").rowCount());
        assertArrayEquals(new double[] {0.58, 0.60}, history.toTable("t").doubleColumn("val_acc").asDoubleArray());
        assertThrows(IllegalArgumentException.class, () -> TrainingHistory.fromJson("[1, 2]"));
    }

    static float[] headWeights(Model model) {
        return ((org.logokit.model.NamedSequentialBlock) model.getBlock()).child("head").getParameters()
                .get(0).getValue().getArray().toFloatArray();
    }
}
