package org.logokit.train;

import ai.djl.Model;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Optional;
import org.logokit.config.KitPaths;
import org.logokit.detect.DetectorArtifact;
import org.logokit.detect.DetectorSpec;
import org.logokit.detect.catalog.Detectors;

/**
 * Where the course keeps trained detectors, and the rule that a chapter reuses a saved detector
 * instead of training it again: {@link #loadOrTrain} loads {@code <data>/models/<name>} when it holds
 * a detector with exactly the requested spec, and otherwise trains one (resuming an interrupted run
 * from {@code <data>/runs/<name>}), then saves its best epoch and history there.
 */
public final class TrainedDetectors {
    /** Name of the history file beside a saved detector. */
    public static final String HISTORY_FILE = "history.json";

    private TrainedDetectors() {}

    /** How to train a fresh detector (load pretrained backbone weights into it first, then fit). */
    @FunctionalInterface
    public interface Training {
        /**
         * @param model a fresh, initialised model whose block is the detector to train
         * @param checkpointDir where the trainer keeps its checkpoints (resume from there)
         * @return the run's history
         */
        DetectionHistory train(Model model, Path checkpointDir) throws IOException;
    }

    /**
     * A trained detector.
     *
     * @param model the model (best epoch); close it when done
     * @param history the history of the run that trained it
     * @param reused true when it was loaded instead of trained
     * @param folder where it is saved
     */
    public record Trained(Model model, DetectionHistory history, boolean reused, Path folder)
            implements AutoCloseable {
        @Override
        public void close() {
            model.close();
        }
    }

    /** {@code <data>/models/<name>}. */
    public static Path folder(String name) {
        return KitPaths.dataDir().resolve("models").resolve(name);
    }

    /** {@code <data>/runs/<name>}: the checkpoints of a run in progress. */
    public static Path runsFolder(String name) {
        return KitPaths.dataDir().resolve("runs").resolve(name);
    }

    /**
     * The detector saved under the spec's name when it matches the spec, else a freshly trained one.
     *
     * @param spec what to train (its name names the folders)
     * @param retrain train again even when a matching detector is saved
     * @param training how to train a fresh model
     * @param log where to say what happened
     */
    public static Trained loadOrTrain(DetectorSpec spec, boolean retrain, Training training, PrintStream log)
            throws IOException {
        return loadOrTrain(folder(spec.name()), runsFolder(spec.name()), spec, retrain, training, log);
    }

    /** {@link #loadOrTrain(DetectorSpec, boolean, Training, PrintStream)} with explicit folders. */
    public static Trained loadOrTrain(Path folder, Path runs, DetectorSpec spec, boolean retrain, Training training,
            PrintStream log) throws IOException {
        if (retrain) {
            AtomicFiles.deleteTree(folder);
            AtomicFiles.deleteTree(runs);
        }
        Optional<Trained> saved = loadIfMatching(folder, spec);
        if (saved.isPresent()) {
            DetectionHistory h = saved.get().history();
            log.printf(Locale.ROOT, "Using the detector trained earlier in %s (%d epochs, %.1f min, best validation"
                    + " mAP@0.5 %s). Pass retrain = true to train it again.%n", folder, h.size(),
                    h.totalSeconds() / 60, h.best().map(e -> String.format(Locale.ROOT, "%.3f", e.valMap50()))
                            .orElse("n/a"));
            return saved.get();
        }
        discardRunOfAnotherSpec(runs, spec, log);
        try (Model fresh = Detectors.newModel(spec)) {
            training.train(fresh, runs);
        }
        CheckpointStore store = new CheckpointStore(runs);
        Path best = store.latest(CheckpointStore.BEST)
                .orElseThrow(() -> new IOException("Training wrote no checkpoint into " + runs));
        // the whole run's history is in the last checkpoint (the best one stops at its own epoch)
        DetectionHistory history = DetectorTrainer.historyOf(store.latest(CheckpointStore.LAST).orElse(best));
        Path parent = folder.toAbsolutePath().getParent();
        Files.createDirectories(parent);
        Path temp = Files.createTempDirectory(parent, "." + folder.getFileName() + "-writing-");
        try (Model bestModel = Detectors.load(best)) {
            DetectorArtifact.save(bestModel, temp);
            history.save(temp.resolve(HISTORY_FILE));
            AtomicFiles.deleteTree(folder);
            AtomicFiles.move(temp, folder);
        } finally {
            AtomicFiles.deleteTree(temp);
        }
        log.println("Saved the best epoch in " + folder + " (later runs reuse it).");
        return new Trained(Detectors.load(folder), history, false, folder);
    }

    /** The detector saved in {@code folder} when it has exactly this spec. */
    public static Optional<Trained> loadIfMatching(Path folder, DetectorSpec spec) throws IOException {
        if (!DetectorArtifact.exists(folder) || !Files.isRegularFile(folder.resolve(HISTORY_FILE))) {
            return Optional.empty();
        }
        if (!DetectorArtifact.readSpec(folder).equals(spec)) {
            return Optional.empty();
        }
        DetectionHistory history = DetectionHistory.load(folder.resolve(HISTORY_FILE));
        return Optional.of(new Trained(Detectors.load(folder), history, true, folder));
    }

    private static void discardRunOfAnotherSpec(Path runs, DetectorSpec spec, PrintStream log) throws IOException {
        Optional<Path> last = new CheckpointStore(runs).latest(CheckpointStore.LAST);
        if (last.isPresent() && !DetectorArtifact.readSpec(last.get()).equals(spec)) {
            log.println("The unfinished run in " + runs + " trained other settings: starting afresh.");
            AtomicFiles.deleteTree(runs);
        }
    }
}
