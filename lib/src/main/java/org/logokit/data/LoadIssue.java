package org.logokit.data;

import java.nio.file.Path;

/**
 * One thing a lenient load skipped.
 *
 * @param file the file with the problem
 * @param line its 1-based line number, or 0 for the whole file
 * @param problem what was wrong and what was skipped
 */
public record LoadIssue(Path file, int line, String problem) {
    @Override
    public String toString() {
        return file + (line > 0 ? " line " + line : "") + ": " + problem;
    }
}
