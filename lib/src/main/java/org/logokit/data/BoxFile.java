package org.logokit.data;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.logokit.box.BoxCheck;

/**
 * Reads a FlickrLogos-32 box file, {@code classes/masks/<class>/<id>.jpg.bboxes.txt}.
 *
 * <p>Format: an optional header line {@code x y width height}, then one line per logo with four
 * integers {@code x y width height} in pixels (top-left corner and size), separated by spaces or
 * tabs. Boxes are returned in the kit's format, corner XYXY float pixels ({@link PixelBox}).
 * A box with a negative corner, or zero or negative size, is a bad line. Clipping to the image
 * happens when the image is read ({@link FlickrLogos32#read}), because only then is its size known.
 */
public final class BoxFile {
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
            lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            issues.report(file, 0, "cannot read the box file (" + e + ")", "its boxes");
            return List.of();
        }
        List<Line> boxes = new ArrayList<>();
        boolean seenData = false;
        for (int i = 0; i < lines.size(); i++) {
            String text = lines.get(i).replace("\uFEFF", "").strip();
            if (text.isEmpty()) {
                continue;
            }
            String[] parts = text.split("[\\s,;]+");
            if (!seenData && text.chars().anyMatch(Character::isLetter)) {
                continue; // the header line "x y width height"
            }
            seenData = true;
            String problem = null;
            int[] v = new int[4];
            if (parts.length != 4) {
                problem = "expected four integers 'x y width height' but found '" + text + "'";
            } else {
                try {
                    for (int k = 0; k < 4; k++) {
                        v[k] = Integer.parseInt(parts[k]);
                    }
                    if (v[0] < 0 || v[1] < 0) {
                        problem = "box '" + text + "' starts at a negative coordinate";
                    } else if (BoxCheck.problem(v[0], v[1], (double) v[0] + v[2],
                            (double) v[1] + v[3], false) != null) {
                        problem = "box '" + text + "' has zero or negative width/height";
                    }
                } catch (NumberFormatException e) {
                    problem = "expected four integers 'x y width height' but found '" + text + "'";
                }
            }
            if (problem != null) {
                issues.report(file, i + 1, problem, "the box");
                continue;
            }
            boxes.add(new Line(PixelBox.fromXywh(v[0], v[1], v[2], v[3]), i + 1));
        }
        return boxes;
    }
}
