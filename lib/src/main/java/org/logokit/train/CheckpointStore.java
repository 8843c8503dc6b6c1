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
 * <p>Each checkpoint is a {@link ModelArtifact} folder (parameters + {@code model.json}) plus
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

    /**
     * Writes a checkpoint of the given kind for {@code state.epoch()} and removes the older one.
     *
     * @param kind {@link #BEST} or {@link #LAST}
     * @return the new checkpoint folder
     */
    public Path save(String kind, Model model, ModelSpec spec, TrainingState state) throws IOException {
        Files.createDirectories(dir);
        Path target = dir.resolve(String.format(Locale.ROOT, "%s-epoch-%04d", kind, state.epoch()));
        Path temp = Files.createTempDirectory(dir, "." + kind + "-writing-");
        try {
            String previousEpoch = model.getProperty("Epoch");
            model.setProperty("Epoch", Integer.toString(state.epoch()));
            try {
                ModelArtifact.save(model, spec, temp);
            } finally {
                if (previousEpoch == null) {
                    model.getProperties().remove("Epoch");
                } else {
                    model.setProperty("Epoch", previousEpoch);
                }
            }
            Files.writeString(temp.resolve(STATE_FILE), state.toJson(), StandardCharsets.UTF_8);
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
