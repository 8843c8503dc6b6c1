package org.logokit.detect;

import ai.djl.MalformedModelException;
import ai.djl.Model;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A trained detector on disk: DJL's parameter file ({@code <name>-NNNN.params}) plus
 * {@code detector.json} (its {@link DetectorSpec}). Checkpoints, saved chapter models and the
 * {@code detect} command all use this one format. Rebuilding a detector from the spec alone needs
 * the catalog of detector kinds: {@code org.logokit.detect.catalog.Detectors.load(dir)}.
 */
public final class DetectorArtifact {
    /** Name of the description file inside an artefact folder. */
    public static final String SPEC_FILE = "detector.json";

    private DetectorArtifact() {}

    /**
     * Writes the model's parameters and its detector's spec into {@code dir} (created if needed).
     *
     * @param model a model whose block is a {@link Detector}
     * @return {@code dir}
     */
    public static Path save(Model model, Path dir) throws IOException {
        Detector detector = detectorOf(model);
        Files.createDirectories(dir);
        model.save(dir, detector.spec().name());
        Files.writeString(dir.resolve(SPEC_FILE), detector.spec().toJson(), StandardCharsets.UTF_8);
        return dir;
    }

    /** Whether {@code dir} holds a saved detector. */
    public static boolean exists(Path dir) {
        return Files.isRegularFile(dir.resolve(SPEC_FILE));
    }

    /**
     * Reads {@code detector.json}.
     *
     * @throws IOException when it is missing or unreadable; the message names the folder
     */
    public static DetectorSpec readSpec(Path dir) throws IOException {
        Path file = dir.resolve(SPEC_FILE);
        if (!Files.isRegularFile(file)) {
            throw new IOException("No " + SPEC_FILE + " in " + dir.toAbsolutePath()
                    + ": this folder is not a saved logokit detector.");
        }
        try {
            return DetectorSpec.fromJson(Files.readString(file, StandardCharsets.UTF_8));
        } catch (IllegalArgumentException e) {
            throw new IOException("Cannot read " + file + ": " + e.getMessage(), e);
        }
    }

    /**
     * Reads the newest parameter file in {@code dir} into the model, whose block must already be a
     * detector of the same architecture (and be initialised).
     *
     * @throws IOException when the file is missing or does not fit the architecture
     */
    public static void loadParameters(Model model, Path dir) throws IOException {
        String name = detectorOf(model).spec().name();
        try {
            model.load(dir, name);
        } catch (MalformedModelException | IllegalArgumentException | IllegalStateException e) {
            throw new IOException("The parameters in " + dir.toAbsolutePath() + " do not fit this detector ("
                    + e.getMessage() + "). Was it saved from another kind, backbone or class count?", e);
        } catch (FileNotFoundException e) {
            throw new IOException("No parameter file " + name + "-NNNN.params in " + dir.toAbsolutePath(), e);
        }
    }

    /** The model's block as a detector. */
    public static Detector detectorOf(Model model) {
        if (!(model.getBlock() instanceof Detector detector)) {
            throw new IllegalArgumentException("The model's block is "
                    + (model.getBlock() == null ? "not set" : model.getBlock().getClass().getSimpleName())
                    + ", not a logokit Detector");
        }
        return detector;
    }
}
