package org.logokit.data;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The lines of a dataset text file (box files, list files), read so that no line is lost.
 *
 * <p>Lines end with {@code \n}, {@code \r\n} or a lone {@code \r} (Windows and old Mac files),
 * mixed freely. Byte-order marks are removed wherever they are (files that were concatenated carry
 * one in the middle). Bytes that are not UTF-8 do not stop the reading: they become U+FFFD, and
 * {@link #isText} tells the caller that such a line is not text, so it is reported as a bad line
 * with its number like any other instead of losing the whole file. Only spaces and tabs count as
 * blank ({@link #trim}); any other control character makes a line "not text".
 */
final class TextLines {
    private static final int SHOWN = 60;

    private TextLines() {}

    /** The file's lines; line {@code i} (0-based) is line {@code i + 1} of the file. */
    static List<String> read(Path file) throws IOException {
        byte[] bytes = Files.readAllBytes(file);
        String text;
        try {
            text = StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPLACE)
                    .onUnmappableCharacter(CodingErrorAction.REPLACE)
                    .decode(ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            throw new IOException("cannot decode " + file + " (" + e + ")", e); // REPLACE never throws
        }
        List<String> lines = new ArrayList<>();
        int start = 0;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '\n' || c == '\r') {
                lines.add(clean(text.substring(start, i)));
                if (c == '\r' && i + 1 < text.length() && text.charAt(i + 1) == '\n') {
                    i++;
                }
                start = i + 1;
            }
        }
        if (start < text.length()) {
            lines.add(clean(text.substring(start))); // a last line without a line end
        }
        return lines;
    }

    /** The line without the spaces and tabs around it (a line of only those is blank). */
    static String trim(String line) {
        int start = 0;
        int end = line.length();
        while (start < end && (line.charAt(start) == ' ' || line.charAt(start) == '\t')) {
            start++;
        }
        while (end > start && (line.charAt(end - 1) == ' ' || line.charAt(end - 1) == '\t')) {
            end--;
        }
        return line.substring(start, end);
    }

    /** False when the line held bytes that are not UTF-8, or control characters other than tab. */
    static boolean isText(String line) {
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (c == '\uFFFD' || (c < 0x20 && c != '\t') || c == 0x7F) {
                return false;
            }
        }
        return true;
    }

    /** The line as a message shows it: shortened, with what is not printable as '?'. */
    static String shown(String line) {
        StringBuilder out = new StringBuilder(Math.min(line.length(), SHOWN + 1));
        for (int i = 0; i < line.length() && out.length() < SHOWN; i++) {
            char c = line.charAt(i);
            out.append(c == '\uFFFD' || (c < 0x20 && c != '\t') || c == 0x7F ? '?' : c);
        }
        return line.length() > SHOWN ? out + "…" : out.toString();
    }

    private static String clean(String line) {
        return line.indexOf('\uFEFF') >= 0 ? line.replace("\uFEFF", "") : line;
    }
}
