package org.logokit.notebook;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

class ProgressBarTest {

    private final ByteArrayOutputStream buffer = new ByteArrayOutputStream();

    private ProgressBar bar(String label, long max) {
        return new ProgressBar(label, max, null, new PrintStream(buffer, true, StandardCharsets.UTF_8),
                '#', false);
    }

    private String printed() {
        return buffer.toString(StandardCharsets.UTF_8);
    }

    @Test
    void longLabelsAreShownInFull() {
        ProgressBar bar = bar("Epoch 0 (1 of 2)", 4);
        bar.increment(4);
        String last = printed().substring(printed().lastIndexOf('\r') + 1);
        assertEquals("Epoch 0 (1 of 2): 100% |" + "#".repeat(40) + "|\n", last);
        assertEquals("Epoch 0 (1 of 2)", bar.label());
    }

    @Test
    void shortLabelsArePaddedToTheBarColumnLikeDjl() {
        ProgressBar bar = bar("Unpacking", 10);
        bar.update(5);
        assertEquals("\rUnpacking:    50% |" + "#".repeat(20) + " ".repeat(20) + "|", printed());
    }

    @Test
    void redrawsOnlyWhenThePercentageChangesAndEndsTheLineOnce() {
        ProgressBar bar = bar("Checking images", 1000);
        for (int i = 0; i < 1000; i++) {
            bar.increment(1);
        }
        bar.end();
        bar.end();
        String text = printed();
        assertEquals(101, text.chars().filter(c -> c == '\r').count()); // 0 % to 100 %
        assertEquals(1, text.chars().filter(c -> c == '\n').count());
        assertTrue(text.endsWith("Checking images: 100% |" + "#".repeat(40) + "|\n"));
    }

    @Test
    void endCompletesABarThatStoppedShortAndProgressIsClamped() {
        ProgressBar bar = bar("Downloading", 200);
        bar.update(-5);
        bar.update(50);
        bar.end();
        assertTrue(printed().startsWith("\rDownloading:   0% |"));
        assertTrue(printed().endsWith("Downloading: 100% |" + "#".repeat(40) + "|\n"));
        ProgressBar over = bar("x", 3);
        over.update(99, "done");
        assertTrue(printed().endsWith("x:           100% |" + "#".repeat(40) + "| done\n"));
    }

    @Test
    void aDisabledBarPrintsNothing() {
        ProgressBar bar = new ProgressBar("Quiet", 10, null,
                new PrintStream(buffer, true, StandardCharsets.UTF_8), '#', true);
        bar.increment(10);
        bar.end();
        assertEquals("", printed());
    }

    @Test
    void resetStartsANewBar() {
        ProgressBar bar = bar("one", 2);
        bar.increment(2);
        bar.reset("two two two two", 2, "tail");
        bar.increment(1);
        assertTrue(printed().endsWith("\rtwo two two two:  50% |" + "#".repeat(20) + " ".repeat(20)
                + "| tail"));
    }

    @Test
    void theLibraryShowsProgressOnlyWithTheKitsBar() throws IOException {
        Path sources = Path.of("src/main/java");
        List<Path> djlBars;
        try (Stream<Path> files = Files.walk(sources)) {
            djlBars = files.filter(p -> p.toString().endsWith(".java")).filter(p -> {
                try {
                    String text = Files.readString(p);
                    return text.contains("import ai.djl.training.util.ProgressBar;")
                            || text.contains("new ai.djl.training.util.ProgressBar(");
                } catch (IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            }).toList();
        }
        assertEquals(List.of(), djlBars, "DJL's ProgressBar cuts labels longer than 12 characters;"
                + " use org.logokit.notebook.ProgressBar");
    }
}
