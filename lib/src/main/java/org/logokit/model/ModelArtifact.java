package org.logokit.model;

import ai.djl.MalformedModelException;
import ai.djl.Model;
import ai.djl.ndarray.types.DataType;
import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonParseException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Objects;

/**
 * A trained classifier on disk: DJL's parameter file ({@code <name>-<epoch>.params}, written by
 * {@link Model#save}) plus {@code model.json} (a {@link ModelSpec}: architecture, classes,
 * preprocessing). Pretrained backbones, checkpoints and fine-tuned models all use this one format.
 *
 * <p>Use {@link #save(Model, ModelSpec, Path)} to write and {@link #load(Path)} to read into a
 * fresh model; close the returned artefact to free its model.
 */
public final class ModelArtifact implements AutoCloseable {

    /** Name of the description file inside an artefact folder. */
    public static final String SPEC_FILE = "model.json";

    private static final Gson GSON = new GsonBuilder().setPrettyPrinting().create();

    private final Model model;
    private final ModelSpec spec;

    private ModelArtifact(Model model, ModelSpec spec) {
        this.model = model;
        this.spec = spec;
    }

    /** Wraps an in-memory model and its description (nothing is read or written). */
    public static ModelArtifact of(Model model, ModelSpec spec) {
        return new ModelArtifact(Objects.requireNonNull(model), Objects.requireNonNull(spec));
    }

    /** Returns the DJL model; it belongs to this artefact and is closed with it. */
    public Model model() {
        return model;
    }

    /** Returns the description. */
    public ModelSpec spec() {
        return spec;
    }

    /** Returns the network as the kit builds it. */
    public NamedSequentialBlock block() {
        return (NamedSequentialBlock) model.getBlock();
    }

    /**
     * Creates a model holding a freshly initialised network for the spec.
     *
     * @return an artefact owning a new {@link Model}
     */
    public static ModelArtifact create(ModelSpec spec) {
        NamedSequentialBlock block = Architectures.create(spec);
        Model model = Model.newInstance(spec.name());
        model.setBlock(block);
        block.initialize(model.getNDManager(), DataType.FLOAT32, Architectures.inputShape(spec));
        return new ModelArtifact(model, spec);
    }

    /**
     * Writes the parameters and {@code model.json} into {@code dir} (created if needed). The
     * parameter file is numbered with the model's {@code Epoch} property when set.
     *
     * @return {@code dir}
     */
    public static Path save(Model model, ModelSpec spec, Path dir) throws IOException {
        Files.createDirectories(dir);
        model.save(dir, spec.name());
        Files.writeString(dir.resolve(SPEC_FILE), GSON.toJson(spec), StandardCharsets.UTF_8);
        return dir;
    }

    /** Writes this artefact into {@code dir}; see {@link #save(Model, ModelSpec, Path)}. */
    public Path save(Path dir) throws IOException {
        return save(model, spec, dir);
    }

    /** Reads {@code model.json} from an artefact folder. */
    public static ModelSpec readSpec(Path dir) throws IOException {
        Path file = dir.resolve(SPEC_FILE);
        if (!Files.isRegularFile(file)) {
            throw new IOException("No " + SPEC_FILE + " in " + dir.toAbsolutePath()
                    + ": this folder is not a logokit model (save one with ModelArtifact.save).");
        }
        try {
            ModelSpec spec = GSON.fromJson(Files.readString(file, StandardCharsets.UTF_8), ModelSpec.class);
            if (spec == null) {
                throw new IOException(file + " is empty");
            }
            return new ModelSpec(spec.name(), spec.architecture(), spec.classes(), spec.imageSize(),
                    spec.mean(), spec.std());
        } catch (JsonParseException | IllegalArgumentException | NullPointerException e) {
            throw new IOException("Cannot read " + file + ": " + e.getMessage(), e);
        }
    }

    /**
     * Loads an artefact folder into a fresh model: rebuilds the architecture named in
     * {@code model.json}, then reads the newest parameter file.
     *
     * @throws IOException when the folder or a file is missing or unreadable, or the parameters do
     *     not fit the architecture; the message names the folder
     */
    public static ModelArtifact load(Path dir) throws IOException {
        ModelSpec spec = readSpec(dir);
        ModelArtifact artifact = create(spec);
        try {
            loadParameters(artifact.model, dir, spec.name());
        } catch (IOException | RuntimeException e) {
            artifact.close();
            throw e;
        }
        return artifact;
    }

    /**
     * Reads the newest {@code <name>-NNNN.params} file in {@code dir} into the model's block, which
     * must already have the right architecture.
     */
    public static void loadParameters(Model model, Path dir, String name) throws IOException {
        try {
            model.load(dir, name);
        } catch (MalformedModelException | IllegalArgumentException | IllegalStateException e) {
            throw new IOException("The parameters in " + dir.toAbsolutePath() + " do not fit the "
                    + "network (" + e.getMessage() + "). Was it saved from another architecture or class count?", e);
        } catch (java.io.FileNotFoundException e) {
            throw new IOException("No parameter file " + name + "-NNNN.params in " + dir.toAbsolutePath(), e);
        }
    }

    /** Closes the model and frees its memory. */
    @Override
    public void close() {
        model.close();
    }
}
