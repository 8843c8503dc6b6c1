package org.logokit.data;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads a FlickrLogos-32 list file in any of its three spellings, one image per line:
 * <ul>
 *   <li>{@code trainset.txt}: {@code class,file.jpg}</li>
 *   <li>{@code trainset.relpaths.txt}: {@code classes/jpg/<class>/<file.jpg>}</li>
 *   <li>{@code trainset.spaces.txt}: {@code class file.jpg} (any whitespace)</li>
 * </ul>
 * Line ends may be {@code \n}, {@code \r\n} or {@code \r}; byte-order marks, blank lines and lines
 * starting with {@code #} (comments) are ignored. A header line naming the columns (such as
 * {@code class,file}) is accepted as the first non-blank, non-comment line only. Every other line
 * that is not an entry (an unknown class, a path instead of a file name, bytes that are not text)
 * is an error naming file and line under {@link LoadMode#STRICT}, and a recorded skip under
 * {@link LoadMode#LENIENT}. Class names match case-insensitively ({@code HP} / {@code hp}).
 */
public final class ImageListFile {
    private ImageListFile() {}

    /**
     * Parses a list file.
     *
     * @param file the list file
     * @param issues where bad lines go (thrown under STRICT, skipped and recorded under LENIENT)
     * @return the entries of the good lines, in file order
     * @throws DatasetFormatException under STRICT at the first bad line, or when the file is missing
     */
    public static List<ListEntry> read(Path file, IssueCollector issues) {
        List<String> lines;
        try {
            lines = TextLines.read(file);
        } catch (IOException e) {
            throw new DatasetFormatException(file, 0, "cannot read the list file (" + e + "). Check "
                    + "that the dataset folder is complete, e.g. re-run data-scripts/import-flickrlogos");
        }
        List<ListEntry> entries = new ArrayList<>(lines.size());
        boolean first = true;
        for (int i = 0; i < lines.size(); i++) {
            String text = TextLines.trim(lines.get(i));
            if (text.isEmpty() || text.startsWith("#")) {
                continue;
            }
            boolean mayBeHeader = first;
            first = false;
            String problem = TextLines.isText(text) ? parse(text, i + 1, entries)
                    : "expected 'class,file.jpg' but found bytes that are not text ('"
                            + TextLines.shown(text) + "')";
            if (problem == null || (mayBeHeader && looksLikeHeader(text))) {
                continue; // an entry, or a header line such as "class,file" at the top
            }
            issues.report(file, i + 1, problem, "the line");
        }
        return entries;
    }

    /** Parses one line into {@code out}; returns null on success, else what is wrong. */
    static String parse(String text, int line, List<ListEntry> out) {
        String className;
        String fileName;
        if (text.contains(",")) {
            String[] parts = text.split(",", -1);
            if (parts.length != 2) {
                return "expected 'class,file.jpg' but found '" + TextLines.shown(text) + "'";
            }
            className = parts[0].strip();
            fileName = parts[1].strip();
        } else if (text.contains("/") || text.contains("\\")) {
            String[] parts = text.replace('\\', '/').replaceFirst("^\\./", "").split("/");
            if (parts.length != 4 || !parts[0].equals("classes") || !parts[1].equals("jpg")) {
                return "expected 'classes/jpg/<class>/<file.jpg>' but found '"
                        + TextLines.shown(text) + "'";
            }
            className = parts[2];
            fileName = parts[3];
        } else {
            String[] parts = text.split("\\s+");
            if (parts.length != 2) {
                return "expected 'class,file.jpg', 'class file.jpg' or "
                        + "'classes/jpg/<class>/<file.jpg>' but found '" + TextLines.shown(text) + "'";
            }
            className = parts[0];
            fileName = parts[1];
        }
        int classId = LogoClasses.idOf(className);
        if (classId < 0) {
            return "unknown class '" + TextLines.shown(className) + "' (FlickrLogos-32 has the 32 brands "
                    + String.join(" ", LogoClasses.BRANDS) + " and no-logo)";
        }
        if (fileName.isEmpty() || fileName.contains("/") || fileName.contains("\\")
                || fileName.equals("..") || fileName.equals(".")) {
            return "bad image file name '" + TextLines.shown(fileName)
                    + "' (expected a plain name like 123.jpg)";
        }
        out.add(new ListEntry(classId, fileName, line));
        return null;
    }

    private static boolean looksLikeHeader(String text) {
        // A header names columns; it never names an image file or a path.
        String lower = text.toLowerCase(java.util.Locale.ROOT);
        if (lower.contains(".jpg") || lower.contains("/") || lower.contains("\\")) {
            return false;
        }
        return lower.contains("class") || lower.contains("file") || lower.contains("label");
    }
}
