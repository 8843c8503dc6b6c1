package org.logokit.train;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * File writes that never leave a half-written file behind: write next to the target, then rename
 * in one step. A crash leaves either the old or the new content, plus at most a temporary file.
 */
public final class AtomicFiles {

    private AtomicFiles() {}

    /** Writes text to {@code file} atomically, replacing any previous content. */
    public static void writeString(Path file, String text) throws IOException {
        Path parent = file.toAbsolutePath().getParent();
        Files.createDirectories(parent);
        Path temp = Files.createTempFile(parent, "." + file.getFileName(), ".tmp");
        try {
            Files.writeString(temp, text, StandardCharsets.UTF_8);
            move(temp, file);
        } finally {
            Files.deleteIfExists(temp);
        }
    }

    /**
     * Renames {@code source} to {@code target} atomically (both in the same folder). Falls back to
     * a plain replacing move only on file systems without atomic renames.
     */
    public static void move(Path source, Path target) throws IOException {
        try {
            Files.move(source, target, StandardCopyOption.ATOMIC_MOVE);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(source, target, StandardCopyOption.REPLACE_EXISTING);
        }
    }

    /** Deletes a folder and everything under it; does nothing when it does not exist. */
    public static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path p : (Iterable<Path>) paths.sorted(Comparator.reverseOrder())::iterator) {
                Files.deleteIfExists(p);
            }
        }
    }
}
