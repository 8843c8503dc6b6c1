package org.logokit.data;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.logokit.box.BoxCheck;

/**
 * Reads (and writes) a FlickrLogos-32 box file, {@code classes/masks/<class>/<id>.jpg.bboxes.txt}.
 *
 * <p>Format: a header line {@code x y width height} (optional), then one line per logo with four
 * integers {@code x y width height} in pixels (top-left corner and size), separated by spaces,
 * tabs, commas or semicolons. Boxes are returned in the kit's format, corner XYXY float pixels
 * ({@link PixelBox}).
 *
 * <p>Rules, so that no box is ever lost without a word:
 * <ul>
 *   <li>the header is accepted on the first non-blank line only, and only as four column names
 *       ({@code x y width height}, also {@code w h left top}, any case); any other line that is
 *       not four integers (a second header, {@code 10 20 abc 40},
 *       a truncated line, a number too large for an int, {@code NaN}, bytes that are not text) is a
 *       bad line;</li>
 *   <li>a box with a negative corner, or a zero or negative size, is a bad line;</li>
 *   <li>blank lines are skipped; line ends may be {@code \n}, {@code \r\n} or {@code \r};
 *       byte-order marks are ignored;</li>
 *   <li>a bad line is an error naming the file and the line under {@link LoadMode#STRICT}, and a
 *       recorded skip ({@link LoadIssue} with file and line) under {@link LoadMode#LENIENT}.</li>
 * </ul>
 * Clipping to the image happens when the image is read ({@link FlickrLogos32#read}), because only
 * then is its size known.
 */
public final class BoxFile {
    private static final Set<String> COLUMN_NAMES =
            Set.of("x", "y", "w", "h", "width", "height", "left", "top");

    private BoxFile() {}

    /**
     * A parsed box and the line it came from.
     *
     * @param box the box, XYXY float pixels
     * @param line the 1-based line in the box file
     */
    public record Line(PixelBox box, int line) {}

    /**
     * Parses a box file.
     *
     * @param file the {@code .bboxes.txt} file
     * @param issues where bad lines go
     * @return the good boxes in file order
     * @throws DatasetFormatException under STRICT at the first bad line or if the file is unreadable
     */
    public static List<Line> read(Path file, IssueCollector issues) {
        List<String> lines;
        try {
            lines = TextLines.read(file);
        } catch (IOException e) {
            issues.report(file, 0, "cannot read the box file (" + e + ")", "its boxes");
            return List.of();
        }
        List<Line> boxes = new ArrayList<>();
        boolean first = true;
        for (int i = 0; i < lines.size(); i++) {
            String text = TextLines.trim(lines.get(i));
            if (text.isEmpty()) {
                continue;
            }
            boolean mayBeHeader = first;
            first = false;
            String problem = problem(text);
            if (problem == null) {
                boxes.add(new Line(box(text), i + 1));
            } else if (!(mayBeHeader && isHeader(text))) {
                issues.report(file, i + 1, problem, "the box");
            }
        }
        return boxes;
    }

    /**
     * Writes a box file in FlickrLogos-32's format: the header {@code x y width height}, then one
     * line {@code x y width height} of integers per box (corners rounded to the nearest pixel, so
     * a box read back covers the same pixels), the way the dataset's own files look. The file is
     * written to a temporary sibling first and moved into place, so a crash never leaves half a
     * file; its folder is created when missing.
     *
     * @param file the {@code .bboxes.txt} file to write
     * @param boxes the boxes, XYXY pixels (valid, non-negative corners)
     * @throws IllegalArgumentException when a box is empty or starts at a negative coordinate
     *     (the format cannot hold it)
     */
    public static void write(Path file, List<PixelBox> boxes) throws IOException {
        StringBuilder text = new StringBuilder("x y width height\n");
        for (PixelBox b : boxes) {
            int x1 = Math.round(b.x1());
            int y1 = Math.round(b.y1());
            int w = Math.round(b.x2()) - x1;
            int h = Math.round(b.y2()) - y1;
            if (x1 < 0 || y1 < 0 || w < 1 || h < 1) {
                throw new IllegalArgumentException("Box " + b + " cannot be written as 'x y width height': it "
                        + (x1 < 0 || y1 < 0 ? "starts at a negative coordinate" : "is less than a pixel wide or high")
                        + ". Clip it to the image first.");
            }
            text.append(x1).append(' ').append(y1).append(' ').append(w).append(' ').append(h).append('\n');
        }
        Path absolute = file.toAbsolutePath();
        java.nio.file.Files.createDirectories(absolute.getParent());
        Path temp = java.nio.file.Files.createTempFile(absolute.getParent(), "." + absolute.getFileName(), ".tmp");
        try {
            java.nio.file.Files.writeString(temp, text, java.nio.charset.StandardCharsets.UTF_8);
            java.nio.file.Files.move(temp, absolute, java.nio.file.StandardCopyOption.REPLACE_EXISTING,
                    java.nio.file.StandardCopyOption.ATOMIC_MOVE);
        } finally {
            java.nio.file.Files.deleteIfExists(temp);
        }
    }

    /** A header names the four columns, e.g. "x y width height" (any case). */
    static boolean isHeader(String text) {
        String[] names = text.toLowerCase(Locale.ROOT).split("[\\s,;]+");
        return names.length == 4 && Arrays.stream(names).allMatch(COLUMN_NAMES::contains);
    }

    /** What is wrong with a box line, or null when it is a good box. */
    static String problem(String text) {
        if (!TextLines.isText(text)) {
            return "expected four integers 'x y width height' but found bytes that are not text ('"
                    + TextLines.shown(text) + "')";
        }
        String[] parts = text.split("[\\s,;]+");
        int[] v = new int[4];
        if (parts.length != 4) {
            return "expected four integers 'x y width height' but found '" + TextLines.shown(text)
                    + "'";
        }
        for (int k = 0; k < 4; k++) {
            if (!parts[k].matches("[+-]?\\d{1,10}")) {
                return "expected four integers 'x y width height' but found '"
                        + TextLines.shown(text) + "'";
            }
            long value = Long.parseLong(parts[k]);
            if (value > Integer.MAX_VALUE || value < Integer.MIN_VALUE) {
                return "the number " + parts[k] + " in '" + TextLines.shown(text)
                        + "' is too large for a pixel coordinate";
            }
            v[k] = (int) value;
        }
        if (v[0] < 0 || v[1] < 0) {
            return "box '" + TextLines.shown(text) + "' starts at a negative coordinate";
        }
        if (BoxCheck.problem(v[0], v[1], (double) v[0] + v[2], (double) v[1] + v[3], false) != null) {
            return "box '" + TextLines.shown(text) + "' has zero or negative width/height";
        }
        return null;
    }

    private static PixelBox box(String text) {
        String[] parts = text.split("[\\s,;]+");
        return PixelBox.fromXywh(Integer.parseInt(parts[0]), Integer.parseInt(parts[1]),
                Integer.parseInt(parts[2]), Integer.parseInt(parts[3]));
    }
}
