package org.logokit.data;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
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
 * Windows line ends, a byte-order mark, blank lines and a non-data header line at the top are
 * accepted. Class names match case-insensitively ({@code HP} / {@code hp}).
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
            lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new DatasetFormatException(file, 0, "cannot read the list file (" + e + "). Check "
                    + "that the dataset folder is complete, e.g. re-run data-scripts/import-flickrlogos");
        }
        List<ListEntry> entries = new ArrayList<>(lines.size());
        for (int i = 0; i < lines.size(); i++) {
            String text = lines.get(i).replace("\uFEFF", "").strip();
            if (text.isEmpty() || text.startsWith("#")) {
                continue;
            }
            String problem = parse(text, i + 1, entries);
            if (problem == null) {
                continue;
            }
            if (entries.isEmpty() && looksLikeHeader(text)) {
                continue; // a header line such as "class,file" at the top
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
                return "expected 'class,file.jpg' but found '" + text + "'";
            }
            className = parts[0].strip();
            fileName = parts[1].strip();
        } else if (text.contains("/") || text.contains("\\")) {
            String[] parts = text.replace('\\', '/').replaceFirst("^\\./", "").split("/");
            if (parts.length != 4 || !parts[0].equals("classes") || !parts[1].equals("jpg")) {
                return "expected 'classes/jpg/<class>/<file.jpg>' but found '" + text + "'";
            }
            className = parts[2];
            fileName = parts[3];
        } else {
            String[] parts = text.split("\\s+");
            if (parts.length != 2) {
                return "expected 'class,file.jpg', 'class file.jpg' or "
                        + "'classes/jpg/<class>/<file.jpg>' but found '" + text + "'";
            }
            className = parts[0];
            fileName = parts[1];
        }
        int classId = LogoClasses.idOf(className);
        if (classId < 0) {
            return "unknown class '" + className + "' (FlickrLogos-32 has the 32 brands "
                    + String.join(" ", LogoClasses.BRANDS) + " and no-logo)";
        }
        if (fileName.isEmpty() || fileName.contains("/") || fileName.contains("\\")
                || fileName.equals("..") || fileName.equals(".")) {
            return "bad image file name '" + fileName + "' (expected a plain name like 123.jpg)";
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
