package org.logokit.data.tools;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.logokit.data.synth.BackgroundPhotos;

/** The Java half of data-scripts/fetch-backgrounds: what it prints and its exit codes. */
class ImportBackgroundsTest {
    @TempDir
    Path tmp;

    private static String run(int expectedCode, String... args) {
        PrintStream old = System.out;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
        try {
            assertEquals(expectedCode, ImportBackgrounds.run(args), String.join(" ", args));
        } finally {
            System.setOut(old);
        }
        return out.toString(StandardCharsets.UTF_8);
    }

    @Test
    void packagesListsEveryCataloguedFileAsPackageTabMember() {
        String[] lines = run(0, "packages").split("\n");
        assertEquals(BackgroundPhotos.catalog().size(), lines.length);
        for (String line : lines) {
            String[] f = line.split("\t");
            assertEquals(2, f.length, line);
            assertTrue(f[1].startsWith("usr/share/") || f[1].startsWith("usr/lib/"), line);
        }
    }

    @Test
    void statusOfAFolderWithTooFewPhotosExitsWith3AndSaysWhatToDo() {
        String text = run(ImportBackgrounds.TOO_FEW, "status", "--dest", tmp.toString());
        assertTrue(text.contains("fetch-backgrounds"), text);
    }

    @Test
    void importWithoutItsSourceFolderIsABadArgument() {
        assertTrue(run(2, "import", "--dest", tmp.toString()).contains("--from"));
        run(2, "--colour", "red");
        run(2, "nonsense");
    }

    @Test
    void importOfMissingPackagesReportsThemAndExitsWith3() throws Exception {
        Path from = Files.createDirectories(tmp.resolve("x"));
        String text = run(ImportBackgrounds.TOO_FEW, "import", "--from", from.toString(), "--dest",
                tmp.resolve("bg").toString());
        assertTrue(text.startsWith("0 photographs in "), text);
        assertTrue(text.contains("not found"), text);
    }
}
