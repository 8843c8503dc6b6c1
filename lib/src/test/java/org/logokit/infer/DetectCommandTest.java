package org.logokit.infer;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.logokit.detect.Detections;
import org.logokit.detect.rcnn.TrainedTinyRcnn;

class DetectCommandTest {
    @TempDir
    Path tmp;

    @Test
    void aFolderWithACorruptImageIsProcessedAndTheBadFileSkippedAndCounted() throws IOException {
        TrainedTinyRcnn trained = TrainedTinyRcnn.get();
        Path input = Files.createDirectories(tmp.resolve("photos"));
        ImageIO.write(trained.photo, "png", input.resolve("one.png").toFile());
        Files.createDirectories(input.resolve("more"));
        ImageIO.write(LogoDetectorTest.scaled(trained.photo, 128, 96), "jpg", input.resolve("more/two.jpg").toFile());
        Files.write(input.resolve("broken.jpg"), new byte[] {(byte) 0xFF, (byte) 0xD8, 1, 2, 3, 4, 5});
        Files.writeString(input.resolve("notes.txt"), "not an image");
        Path output = tmp.resolve("out");

        ByteArrayOutputStream log = new ByteArrayOutputStream();
        DetectCommand.Summary summary = DetectCommand.run(new DetectCommand.Settings(trained.dir, input, output, 0.3,
                2, true), new PrintStream(log, true, StandardCharsets.UTF_8));

        assertEquals(2, summary.images());
        assertEquals(1, summary.skipped().size());
        assertTrue(summary.skipped().get(0).file().endsWith("broken.jpg"));
        assertTrue(summary.describe().contains("1 skipped"), summary.describe());
        Detections one = Detections.fromJson(Files.readString(output.resolve("one.json")));
        try (LogoDetector detector = LogoDetector.load(trained.dir)) {
            Detections direct = detector.detect(trained.photo).atLeast(0.3);
            assertEquals(direct.size(), one.size());
            assertArrayEquals(direct.scores(), one.scores(), 1e-6f);
        }
        assertTrue(one.size() > 0, "the trained logo is found");
        assertTrue(Files.isRegularFile(output.resolve("more/two.json")), "sub-folders are kept");
        assertNotNull(ImageIO.read(output.resolve("more/two.png").toFile()));
        assertEquals(96, ImageIO.read(output.resolve("more/two.png").toFile()).getHeight(), "the photo's own size");
        assertTrue(Files.readString(output.resolve("more/two.json")).contains("\"width\": 128"));
    }

    @Test
    void anOutputInsideTheInputAndAMissingInputAreRefused() {
        TrainedTinyRcnn trained = TrainedTinyRcnn.get();
        assertThrows(IllegalArgumentException.class, () -> DetectCommand.run(new DetectCommand.Settings(trained.dir,
                tmp, tmp.resolve("out"), 0.5, 1, true), System.out));
        IOException e = assertThrows(IOException.class, () -> DetectCommand.run(new DetectCommand.Settings(
                trained.dir, tmp.resolve("nothing-here"), tmp.resolve("out2"), 0.5, 1, true), System.out));
        assertTrue(e.getMessage().contains("No folder or image"), e.getMessage());
    }
}
