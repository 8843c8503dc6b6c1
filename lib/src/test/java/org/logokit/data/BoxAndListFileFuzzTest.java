package org.logokit.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.Set;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Generated box and list files (random bytes, truncated lines, huge numbers, NaN, negatives,
 * mixed line ends and byte-order marks) against the readers: no input crashes them, and every
 * line is accounted for (a box or entry, a recorded skip naming its line, or the header on the
 * first line), which is checked against an oracle written independently of the readers.
 */
class BoxAndListFileFuzzTest {

    private static final int BOX_FILES = 8_000;
    private static final int LIST_FILES = 3_000;
    private static final String[] LINE_ENDS = {"\n", "\r\n", "\r"};
    private static final String[] SEPARATORS = {" ", "  ", "\t", ",", ", ", ";", " \t "};
    private static final Pattern FOUR_INTEGERS =
            Pattern.compile("[+-]?[0-9]+(?:[ \t,;]+[+-]?[0-9]+){3}");

    @TempDir
    Path tmp;

    // ---- box files --------------------------------------------------------------------------

    @Test
    void generatedBoxFilesNeverCrashTheReaderAndNeverLoseABoxSilently() throws IOException {
        Random random = new Random(20261201L);
        int boxes = 0;
        int skipped = 0;
        int strictErrors = 0;
        for (int n = 0; n < BOX_FILES; n++) {
            byte[] content = boxFile(random);
            Path file = tmp.resolve("box-" + n + ".jpg.bboxes.txt");
            Files.write(file, content);
            Oracle expected = boxOracle(content);
            IssueCollector lenient = new IssueCollector(LoadMode.LENIENT);
            List<BoxFile.Line> read;
            try {
                read = BoxFile.read(file, lenient);
            } catch (RuntimeException e) {
                throw new AssertionError("LENIENT read crashed on " + dump(content), e);
            }
            List<Integer> readLines = read.stream().map(BoxFile.Line::line).toList();
            assertEquals(expected.good, readLines, () -> "boxes of " + dump(content));
            for (BoxFile.Line line : read) {
                assertEquals(expected.boxes.get(expected.good.indexOf(line.line())), line.box(),
                        () -> "box values of " + dump(content));
            }
            List<Integer> issueLines = lenient.issues().stream().map(LoadIssue::line).toList();
            assertEquals(expected.bad, issueLines, () -> "skips of " + dump(content));
            lenient.issues().forEach(i -> {
                assertEquals(file, i.file());
                assertTrue(i.problem().endsWith("skipped the box"), i.problem());
            });
            if (expected.bad.isEmpty()) {
                assertEquals(read, BoxFile.read(file, new IssueCollector(LoadMode.STRICT)));
            } else {
                DatasetFormatException e = assertThrows(DatasetFormatException.class,
                        () -> BoxFile.read(file, new IssueCollector(LoadMode.STRICT)),
                        () -> "STRICT read of " + dump(content));
                assertEquals(expected.bad.get(0), e.line());
                assertTrue(e.getMessage().contains(file.getFileName() + " line " + e.line()),
                        e.getMessage());
                strictErrors++;
            }
            boxes += read.size();
            skipped += issueLines.size();
        }
        // The generator really produced all three outcomes, many times.
        assertTrue(boxes > 10_000 && skipped > 10_000 && strictErrors > 1_000,
                boxes + " boxes, " + skipped + " skips, " + strictErrors + " strict errors");
    }

    @Test
    void aSecondHeaderOrALineWithWordsAfterTheHeaderIsABadLine() throws IOException {
        Path file = tmp.resolve("1.jpg.bboxes.txt");
        Files.writeString(file, "x y width height\n10 20 abc 40\nx y width height\n5 5 9 9\n");
        IssueCollector issues = new IssueCollector(LoadMode.LENIENT);
        List<BoxFile.Line> read = BoxFile.read(file, issues);
        assertEquals(List.of(4), read.stream().map(BoxFile.Line::line).toList());
        assertEquals(List.of(2, 3), issues.issues().stream().map(LoadIssue::line).toList());
        DatasetFormatException e = assertThrows(DatasetFormatException.class,
                () -> BoxFile.read(file, new IssueCollector(LoadMode.STRICT)));
        assertTrue(e.getMessage().contains("1.jpg.bboxes.txt line 2: expected four integers"),
                e.getMessage());
        assertTrue(e.getMessage().contains("'10 20 abc 40'"), e.getMessage());
    }

    @Test
    void crLfBomAndALastLineWithoutLineEndAreRead() throws IOException {
        Path file = tmp.resolve("2.jpg.bboxes.txt");
        Files.write(file, ("\uFEFFX Y Width Height\r\n1 2 3 4\r5,6,7,8\n\uFEFF9\t10\t11\t12")
                .getBytes(StandardCharsets.UTF_8));
        List<BoxFile.Line> read = BoxFile.read(file, new IssueCollector(LoadMode.STRICT));
        assertEquals(List.of(new PixelBox(1, 2, 4, 6), new PixelBox(5, 6, 12, 14),
                new PixelBox(9, 10, 20, 22)), read.stream().map(BoxFile.Line::box).toList());
        assertEquals(List.of(2, 3, 4), read.stream().map(BoxFile.Line::line).toList());
    }

    @Test
    void bytesThatAreNotTextAreOneBadLineNotALostFile() throws IOException {
        Path file = tmp.resolve("3.jpg.bboxes.txt");
        Files.write(file, new byte[] {'1', ' ', '1', ' ', '5', ' ', '5', '\n', (byte) 0xC3, 0x28,
                '\n', '2', ' ', '2', ' ', '6', ' ', '6', '\n'});
        IssueCollector issues = new IssueCollector(LoadMode.LENIENT);
        assertEquals(2, BoxFile.read(file, issues).size());
        assertEquals(2, issues.issues().get(0).line());
        assertTrue(issues.issues().get(0).problem().contains("not text"));
    }

    private static byte[] boxFile(Random random) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int lines = random.nextInt(14);
        for (int i = 0; i < lines; i++) {
            if (random.nextInt(25) == 0) {
                write(out, "\uFEFF");
            }
            int kind = random.nextInt(100);
            if (kind < 45) {
                write(out, boxLine(random, random.nextInt(2000), random.nextInt(2000),
                        1 + random.nextInt(999), 1 + random.nextInt(999)));
            } else if (kind < 52) {
                write(out, random.nextBoolean() ? "x y width height" : "X Y W H");
            } else if (kind < 57) {
                write(out, List.of("10 20 abc 40", "x y w", "a b c d", "1 2 3", "1 2 3 4 5")
                        .get(random.nextInt(5)));
            } else if (kind < 63) {
                String full = boxLine(random, random.nextInt(500), random.nextInt(500), 7, 9);
                write(out, full.substring(0, random.nextInt(full.length() + 1)));
            } else if (kind < 68) {
                write(out, boxLine(random, 1, 1, 1, 1).replaceFirst("[0-9]+",
                        "9".repeat(10 + random.nextInt(20))));
            } else if (kind < 73) {
                String odd = List.of("NaN", "Infinity", "1e3", "10.5", "-0", "+7", "0x1F", "٣")
                        .get(random.nextInt(8));
                write(out, boxLine(random, 3, 4, 5, 6).replaceFirst("[0-9]+", odd));
            } else if (kind < 80) {
                write(out, boxLine(random, random.nextInt(40) - 20, random.nextInt(40) - 20,
                        random.nextInt(6) - 3, random.nextInt(6) - 3));
            } else if (kind < 90) {
                byte[] noise = new byte[1 + random.nextInt(40)];
                random.nextBytes(noise);
                out.writeBytes(noise);
            } else if (kind < 93) {
                write(out, "1 2 " + "3".repeat(200 + random.nextInt(5000)) + " 4");
            } else {
                write(out, random.nextBoolean() ? "" : " \t ");
            }
            if (i < lines - 1 || random.nextBoolean()) {
                write(out, LINE_ENDS[random.nextInt(LINE_ENDS.length)]);
            }
        }
        return out.toByteArray();
    }

    private static String boxLine(Random random, int x, int y, int w, int h) {
        StringBuilder line = new StringBuilder(random.nextInt(4) == 0 ? "  " : "");
        int[] values = {x, y, w, h};
        for (int k = 0; k < 4; k++) {
            line.append(values[k]);
            if (k < 3) {
                line.append(SEPARATORS[random.nextInt(SEPARATORS.length)]);
            }
        }
        return line.append(random.nextInt(4) == 0 ? " \t" : "").toString();
    }

    /** Independent reading of a box file: which lines are boxes, which are bad. */
    private static Oracle boxOracle(byte[] content) {
        Oracle oracle = new Oracle();
        List<String> lines = oracleLines(content);
        boolean seenContent = false;
        for (int i = 0; i < lines.size(); i++) {
            String line = oracleTrim(lines.get(i));
            if (line.isEmpty()) {
                continue;
            }
            boolean first = !seenContent;
            seenContent = true;
            if (!oracleIsText(line)) {
                oracle.bad.add(i + 1);
                continue;
            }
            if (FOUR_INTEGERS.matcher(line).matches()) {
                String[] parts = line.split("[ \t,;]+");
                BigInteger[] v = new BigInteger[4];
                boolean fits = true;
                for (int k = 0; k < 4; k++) {
                    v[k] = new BigInteger(parts[k]);
                    fits &= v[k].bitLength() < 32;
                }
                if (fits && v[0].signum() >= 0 && v[1].signum() >= 0 && v[2].signum() > 0
                        && v[3].signum() > 0) {
                    oracle.good.add(i + 1);
                    oracle.boxes.add(PixelBox.fromXywh(v[0].intValue(), v[1].intValue(),
                            v[2].intValue(), v[3].intValue()));
                    continue;
                }
            }
            String[] words = line.toLowerCase(Locale.ROOT).split("[ \t,;]+");
            boolean header = words.length == 4 && Set.of("x", "y", "w", "h", "width", "height",
                    "left", "top").containsAll(List.of(words));
            if (!(first && header)) {
                oracle.bad.add(i + 1);
            }
        }
        return oracle;
    }

    // ---- list files -------------------------------------------------------------------------

    @Test
    void generatedListFilesNeverCrashTheReaderAndAccountForEveryLine() throws IOException {
        Random random = new Random(17L);
        int entries = 0;
        int skipped = 0;
        for (int n = 0; n < LIST_FILES; n++) {
            List<String> known = new ArrayList<>(); // "line:class:file" of generated good lines
            Set<Integer> knownBad = new HashSet<>();
            byte[] content = listFile(random, known, knownBad);
            List<String> lines = oracleLines(content);
            Path file = tmp.resolve("list-" + n + ".txt");
            Files.write(file, content);
            IssueCollector lenient = new IssueCollector(LoadMode.LENIENT);
            List<ListEntry> read;
            try {
                read = ImageListFile.read(file, lenient);
            } catch (RuntimeException e) {
                throw new AssertionError("LENIENT read crashed on " + dump(content), e);
            }
            Set<Integer> readLines = new HashSet<>();
            read.forEach(e -> readLines.add(e.line()));
            Set<Integer> issueLines = new HashSet<>();
            lenient.issues().forEach(i -> issueLines.add(i.line()));
            assertFalse(readLines.stream().anyMatch(issueLines::contains), () -> dump(content));
            int firstContent = -1;
            for (int i = 0; i < lines.size(); i++) {
                String line = oracleTrim(lines.get(i));
                if (line.isEmpty() || line.startsWith("#")) {
                    continue;
                }
                if (firstContent < 0) {
                    firstContent = i + 1;
                }
                int number = i + 1;
                boolean accounted = readLines.contains(number) || issueLines.contains(number)
                        || number == firstContent;
                assertTrue(accounted, () -> "line " + number + " vanished from " + dump(content));
            }
            for (String entry : known) {
                String[] p = entry.split(":", 3);
                ListEntry e = read.stream().filter(x -> x.line() == Integer.parseInt(p[0]))
                        .findFirst().orElseThrow(() -> new AssertionError(
                                "good line " + p[0] + " was not read from " + dump(content)));
                assertEquals(LogoClasses.idOf(p[1]), e.classId(), () -> entry + " in " + dump(content));
                assertEquals(p[2], e.fileName(), () -> entry + " in " + dump(content));
            }
            for (int bad : knownBad) {
                if (bad != firstContent) {
                    assertTrue(issueLines.contains(bad), () -> "bad line " + bad + " of "
                            + dump(content) + " was not reported");
                }
            }
            if (!issueLines.isEmpty()) {
                DatasetFormatException e = assertThrows(DatasetFormatException.class,
                        () -> ImageListFile.read(file, new IssueCollector(LoadMode.STRICT)));
                assertEquals(lenient.issues().get(0).line(), e.line());
            }
            entries += read.size();
            skipped += issueLines.size();
        }
        assertTrue(entries > 5_000 && skipped > 3_000, entries + " entries, " + skipped + " skips");
    }

    private static byte[] listFile(Random random, List<String> known, Set<Integer> knownBad) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        List<int[]> starts = new ArrayList<>(); // {byte offset, index into known or -1 - bad}
        List<String> goods = new ArrayList<>();
        int lines = random.nextInt(12);
        for (int i = 0; i < lines; i++) {
            String brand = random.nextInt(10) == 0 ? "no-logo"
                    : LogoClasses.BRANDS.get(random.nextInt(LogoClasses.BRANDS.size()));
            String className = random.nextBoolean() ? brand : brand.toUpperCase(Locale.ROOT);
            String image = (1000 + random.nextInt(9_000_000)) + ".jpg";
            int lineStart = out.size();
            if (random.nextInt(20) == 0) {
                write(out, "\uFEFF");
            }
            int kind = random.nextInt(100);
            String text;
            if (kind < 20) {
                text = className + "," + image;
                starts.add(new int[] {lineStart, goods.size()});
                goods.add(className + ":" + image);
            } else if (kind < 35) {
                text = className + SEPARATORS[random.nextInt(3)] + image;
                starts.add(new int[] {lineStart, goods.size()});
                goods.add(className + ":" + image);
            } else if (kind < 50) {
                text = "classes/jpg/" + LogoClasses.imageFolder(LogoClasses.idOf(brand)) + "/" + image;
                starts.add(new int[] {lineStart, goods.size()});
                goods.add(brand + ":" + image);
            } else if (kind < 56) {
                text = "class,file";
            } else if (kind < 64) {
                text = List.of("adiddas,1.jpg", "adidas,../x.jpg", "adidas,1.jpg,2",
                        "classes/png/adidas/1.jpg", "a b c", "adidas,").get(random.nextInt(6));
                starts.add(new int[] {lineStart, -1});
            } else if (kind < 70) {
                text = "# a comment";
            } else if (kind < 85) {
                byte[] noise = new byte[1 + random.nextInt(30)];
                random.nextBytes(noise);
                out.writeBytes(noise);
                text = "";
            } else {
                text = random.nextBoolean() ? "" : "  ";
            }
            write(out, text);
            write(out, LINE_ENDS[random.nextInt(LINE_ENDS.length)]);
        }
        byte[] content = out.toByteArray();
        for (int[] start : starts) {
            byte[] before = java.util.Arrays.copyOf(content, start[0]);
            int line = oracleLines(before).size() + 1;
            if (start[1] >= 0) {
                known.add(line + ":" + goods.get(start[1]));
            } else {
                knownBad.add(line);
            }
        }
        return content;
    }

    // ---- helpers ----------------------------------------------------------------------------

    /** Lines as the format defines them, read without the kit's reader: split at line ends
     * first, then byte-order marks dropped. */
    private static List<String> oracleLines(byte[] content) {
        String text = new String(content, StandardCharsets.UTF_8);
        List<String> lines = new ArrayList<>(List.of(text.split("\r\n|\r|\n", -1)));
        if (!lines.isEmpty() && lines.get(lines.size() - 1).isEmpty()) {
            lines.remove(lines.size() - 1); // after the last line end
        }
        lines.replaceAll(line -> line.replace("\uFEFF", ""));
        return lines;
    }

    private static boolean oracleIsText(String line) {
        return line.chars().noneMatch(c -> c == 0xFFFD || (c < 0x20 && c != '\t') || c == 0x7F);
    }

    private static String oracleTrim(String line) {
        return line.replaceAll("^[ \t]+|[ \t]+$", "");
    }

    private static void write(ByteArrayOutputStream out, String text) {
        out.writeBytes(text.getBytes(StandardCharsets.UTF_8));
    }

    private static String dump(byte[] content) {
        StringBuilder s = new StringBuilder("<");
        for (byte b : content) {
            s.append(b >= 0x20 && b < 0x7F ? String.valueOf((char) b) : String.format("\\x%02x", b));
        }
        return s.append('>').toString();
    }

    private static final class Oracle {
        final List<Integer> good = new ArrayList<>();
        final List<PixelBox> boxes = new ArrayList<>();
        final List<Integer> bad = new ArrayList<>();
    }

    @Test
    void theFuzzTestCoversAtLeastTenThousandFiles() {
        assertTrue(BOX_FILES + LIST_FILES >= 10_000);
        if (BOX_FILES < 1) {
            fail("no box files generated");
        }
    }
}
