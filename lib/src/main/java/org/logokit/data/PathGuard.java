package org.logokit.data;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Resolves paths read from dataset files so that none escapes the dataset's root: no {@code ..},
 * no absolute path, no symbolic link that leads outside.
 */
public final class PathGuard {
    private final Path root;
    private final Path realRoot;

    /**
     * Creates a guard for a dataset root.
     *
     * @throws IOException if the root does not exist
     */
    public PathGuard(Path root) throws IOException {
        this.root = root.toAbsolutePath().normalize();
        this.realRoot = this.root.toRealPath();
    }

    /** The root as given (absolute, normalised). */
    public Path root() {
        return root;
    }

    /**
     * Resolves a relative path written in a dataset file.
     *
     * @param relative the path as written, with {@code /} separators
     * @param file the file it was read from, for the message
     * @param line its line number, for the message
     * @return the absolute path inside the root (it may not exist)
     * @throws DatasetFormatException if the path is absolute, climbs out with {@code ..}, or is a
     *     link (or lies under one) that leads outside the root
     */
    public Path resolve(String relative, Path file, int line) {
        String rel = relative.replace('\\', '/');
        if (rel.startsWith("/") || rel.matches("^[A-Za-z]:.*") || Path.of(rel).isAbsolute()) {
            throw new DatasetFormatException(file, line, "absolute path '" + relative + "' is not "
                    + "allowed: list files must name images relative to the dataset folder " + root);
        }
        for (String part : rel.split("/")) {
            if (part.equals("..")) {
                throw new DatasetFormatException(file, line, "path '" + relative + "' climbs out of "
                        + "the dataset folder with '..'; list files may only name files inside " + root);
            }
        }
        Path resolved = root.resolve(rel).normalize();
        if (!resolved.startsWith(root)) {
            throw new DatasetFormatException(file, line, "path '" + relative + "' leaves the "
                    + "dataset folder " + root);
        }
        if (Files.exists(resolved)) {
            try {
                if (!resolved.toRealPath().startsWith(realRoot)) {
                    throw new DatasetFormatException(file, line, "'" + relative + "' is a link to "
                            + resolved.toRealPath() + ", outside the dataset folder " + root
                            + "; replace the link by the file itself");
                }
            } catch (IOException e) {
                throw new DatasetFormatException(file, line, "cannot resolve '" + relative + "': "
                        + e.getMessage());
            }
        }
        return resolved;
    }
}
