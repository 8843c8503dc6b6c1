package org.logokit.train;

import ai.djl.Model;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Stream;
import org.logokit.model.ModelArtifact;
import org.logokit.model.ModelSpec;

/**
 * Keeps a training run's checkpoints in one folder, crash-safe:
 *
 * <ul>
 *   <li>{@code best-epoch-NNNN/}: the epoch with the best validation accuracy. Only one is kept; a
 *       better epoch replaces it.
 *   <li>{@code last-epoch-NNNN/}: the newest epoch, for {@link ClassifierTrainer} to resume from.
 *       Only one is kept.
 * </ul>
 *
 * <p>Each checkpoint is a model folder (for a classifier a {@link ModelArtifact}: parameters +
 * {@code model.json}; for a detector a {@code DetectorArtifact}) plus
 * {@code state.json} ({@link TrainingState}). It is written completely into a hidden temporary
 * folder and then renamed into place in one atomic step; only after that is the previous one of
 * the same kind deleted. A crash at any moment therefore leaves at least one complete checkpoint,
 * never a half-written one.
 */
public final class CheckpointStore {

    /** Prefix of the best-validation checkpoint folder. */
    public static final String BEST = "best";
    /** Prefix of the newest-epoch checkpoint folder. */
    public static final String LAST = "last";
    /** Name of the state file inside a checkpoint. */
    public static final String STATE_FILE = "state.json";

    private final Path dir;

    /** Creates a store in {@code dir} (created when the first checkpoint is written). */
    public CheckpointStore(Path dir) {
        this.dir = dir.toAbsolutePath();
    }

    /** Returns the folder. */
    public Path dir() {
        return dir;
    }

    /** Writes a model's files into a (temporary) checkpoint folder. */
    @FunctionalInterface
    public interface ArtifactWriter {
        /** Writes everything the model needs into {@code dir}. */
        void write(Path dir) throws IOException;
    }

    /**
     * Writes a checkpoint of the given kind for {@code state.epoch()} and removes the older one.
     *
     * @param kind {@link #BEST} or {@link #LAST}
     * @return the new checkpoint folder
     */
    public Path save(String kind, Model model, ModelSpec spec, TrainingState state) throws IOException {
        return save(kind, state.epoch(), dir -> {
            String previousEpoch = model.getProperty("Epoch");
            model.setProperty("Epoch", Integer.toString(state.epoch()));
            try {
                ModelArtifact.save(model, spec, dir);
            } finally {
                if (previousEpoch == null) {
                    model.getProperties().remove("Epoch");
                } else {
                    model.setProperty("Epoch", previousEpoch);
                }
            }
        }, state.toJson());
    }

    /**
     * Writes a checkpoint of any model: its files (by {@code writer}) plus {@code state.json},
     * completely into a hidden temporary folder that is then renamed into place; the older
     * checkpoint of the same kind is removed afterwards.
     *
     * @param kind {@link #BEST} or {@link #LAST}
     * @param epoch the epoch the checkpoint holds (names the folder)
     * @param writer writes the model's files
     * @param stateJson the trainer's state, saved as {@value #STATE_FILE}
     * @return the new checkpoint folder
     */
    public Path save(String kind, int epoch, ArtifactWriter writer, String stateJson) throws IOException {
        Files.createDirectories(dir);
        Path target = dir.resolve(String.format(Locale.ROOT, "%s-epoch-%04d", kind, epoch));
        Path temp = Files.createTempDirectory(dir, "." + kind + "-writing-");
        try {
            writer.write(temp);
            Files.writeString(temp.resolve(STATE_FILE), stateJson, StandardCharsets.UTF_8);
            AtomicFiles.deleteTree(target); // same epoch written twice (e.g. after a resume)
            AtomicFiles.move(temp, target);
        } finally {
            AtomicFiles.deleteTree(temp);
        }
        for (Path old : list(kind)) {
            if (!old.equals(target)) {
                AtomicFiles.deleteTree(old);
            }
        }
        return target;
    }

    /**
     * Reads the {@code state.json} of a checkpoint folder as text.
     *
     * @throws IOException when it is missing
     */
    public static String readStateJson(Path checkpoint) throws IOException {
        Path file = checkpoint.resolve(STATE_FILE);
        if (!Files.isRegularFile(file)) {
            throw new IOException("Cannot resume: " + checkpoint + " has no " + STATE_FILE
                    + ". Delete the checkpoint folder to start over.");
        }
        return Files.readString(file, StandardCharsets.UTF_8);
    }

    /** Returns the newest complete checkpoint of the given kind, if any. */
    public Optional<Path> latest(String kind) throws IOException {
        List<Path> all = list(kind);
        return all.isEmpty() ? Optional.empty() : Optional.of(all.get(all.size() - 1));
    }

    /** Reads the {@code state.json} of a checkpoint folder. */
    public static TrainingState readState(Path checkpoint) throws IOException {
        Path file = checkpoint.resolve(STATE_FILE);
        try {
            return TrainingState.fromJson(Files.readString(file, StandardCharsets.UTF_8));
        } catch (IllegalArgumentException e) {
            throw new IOException("Cannot resume: " + file + " is damaged (" + e.getMessage()
                    + "). Delete the checkpoint folder to start over.", e);
        }
    }

    /** Lists the complete checkpoints of a kind, oldest epoch first. */
    public List<Path> list(String kind) throws IOException {
        List<Path> found = new ArrayList<>();
        if (!Files.isDirectory(dir)) {
            return found;
        }
        try (Stream<Path> children = Files.list(dir)) {
            children.filter(p -> p.getFileName().toString().matches(kind + "-epoch-\\d{4,}"))
                    .filter(Files::isDirectory)
                    .sorted()
                    .forEach(found::add);
        }
        return found;
    }
}
