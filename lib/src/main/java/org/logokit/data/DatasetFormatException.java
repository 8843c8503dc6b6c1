package org.logokit.data;

import java.nio.file.Path;

/**
 * A dataset file that cannot be read as FlickrLogos-32: a bad list line, a bad box line, a
 * missing image. The message names the file and line and says what to do.
 */
public class DatasetFormatException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final transient Path file;
    private final int line;

    /**
     * Creates the exception.
     *
     * @param file the file with the problem
     * @param line its 1-based line number, or 0 when the problem is the whole file
     * @param problem what is wrong and what to do
     */
    public DatasetFormatException(Path file, int line, String problem) {
        super(file + (line > 0 ? " line " + line : "") + ": " + problem);
        this.file = file;
        this.line = line;
    }

    /** The file with the problem. */
    public Path file() {
        return file;
    }

    /** The 1-based line number, or 0 when the problem is the whole file. */
    public int line() {
        return line;
    }
}
