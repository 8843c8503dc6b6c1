package org.logokit.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.logokit.data.synth.SynthLogosGenerator;
import org.logokit.data.synth.SynthSize;
import org.logokit.detect.Detections;
import org.logokit.detect.rcnn.TrainedTinyRcnn;
import org.logokit.infer.LogoDetector;

/**
 * The Spark scan on local[2] over SynthLogos-32 (mini) test images, a corrupt JPEG and a text file,
 * with a tiny Faster R-CNN trained and saved by the library's test helper; every image's result is
 * compared with the in-process {@link LogoDetector} on the same file.
 */
class SparkLogoScanTest {
    @TempDir
    static Path tmp;

    static SparkSession spark;
    static Path images;
    static int imageCount;
    static TrainedTinyRcnn trained;

    @BeforeAll
    static void start() throws IOException {
        trained = TrainedTinyRcnn.get();
        Path root = SynthLogosGenerator.builder().size(SynthSize.MINI).seed(32).output(tmp.resolve("synth"))
                .progress(false).build().generate().root();
        images = Files.createDirectories(tmp.resolve("photos"));
        List<String> test = Files.readAllLines(root.resolve("testset.relpaths.txt"));
        for (String rel : test) {
            Path from = root.resolve(rel.strip());
            Path to = images.resolve(from.getParent().getFileName().toString()).resolve(from.getFileName().toString());
            Files.createDirectories(to.getParent());
            Files.copy(from, to);
        }
        imageCount = test.size();
        ImageIO.write(trained.photo, "png", images.resolve("trained-logo.png").toFile());
        imageCount++;
        Files.write(images.resolve("broken.jpg"), new byte[] {(byte) 0xFF, (byte) 0xD8, 1, 2, 3, 4, 5});
        Files.writeString(images.resolve("notes.txt"), "not an image: not scanned, not counted");
        spark = SparkSession.builder().master("local[2]").appName("logokit scan test")
                .config("spark.ui.enabled", "false")
                .config("spark.driver.bindAddress", "127.0.0.1")
                .config("spark.driver.host", "127.0.0.1")
                .config("spark.sql.shuffle.partitions", "4")
                .getOrCreate();
        spark.sparkContext().setLogLevel("ERROR");
    }

    @AfterAll
    static void stop() {
        ExecutorDetectors.closeAll();
        if (spark != null) {
            spark.stop();
        }
    }

    private static SparkLogoScan.Settings settings(Path output, double minScore, boolean overwrite) {
        return new SparkLogoScan.Settings(trained.dir.toString(), List.of(images.toString()), output.toString(),
                minScore, 4, 6, null, overwrite);
    }

    @Test
    void everyImageIsScannedTheBrokenOneCountedAndResultsMatchTheInProcessDetector() throws IOException {
        Path output = tmp.resolve("scan");
        ByteArrayOutputStream log = new ByteArrayOutputStream();
        SparkLogoScan.Summary summary = SparkLogoScan.run(spark, settings(output, 0.3, false),
                new PrintStream(log, true, StandardCharsets.UTF_8));

        assertEquals(imageCount, summary.images(), summary.describe());
        assertEquals(1, summary.unreadable(), "the corrupt JPEG is counted; the text file is not an image");
        assertEquals(2, summary.taskSlots());
        assertTrue(summary.detectorsLoaded() >= 1 && summary.detectorsLoaded() <= 2,
                "one detector per concurrent task, reused across the 6 partitions: " + summary.detectorsLoaded());
        String printed = log.toString(StandardCharsets.UTF_8);
        assertTrue(printed.contains("scanning: 6 of 6 partitions"), printed);
        assertTrue(printed.contains("1 unreadable"), printed);

        Dataset<Row> parquet = spark.read().parquet(output.resolve("parquet").toString());
        Dataset<Row> json = spark.read().schema(ImageScanner.SCHEMA).json(output.resolve("json").toString());
        assertEquals(imageCount + 1, parquet.count());
        assertEquals(imageCount + 1, json.count());
        Map<String, Row> byPath = new HashMap<>();
        for (Row row : parquet.collectAsList()) {
            byPath.put(Path.of(java.net.URI.create(row.getString(0))).toString(), row);
        }
        Row broken = byPath.get(images.resolve("broken.jpg").toString());
        assertTrue(broken.getString(3).contains("decode") || broken.getString(3).contains("not an image"),
                broken.getString(3));

        int compared = 0;
        int withLogos = 0;
        try (LogoDetector direct = LogoDetector.load(trained.dir); Stream<Path> files = Files.walk(images)) {
            for (Path file : files.filter(f -> f.toString().matches(".*\\.(jpg|png)$")).toList()) {
                if (file.endsWith("broken.jpg")) {
                    continue;
                }
                Detections expected = direct.detect(file).atLeast(0.3);
                Row row = byPath.get(file.toString());
                List<Row> found = row.getList(4);
                assertEquals(expected.size(), found.size(), "number of detections in " + file);
                assertEquals(ImageIO.read(file.toFile()).getWidth(), row.getInt(1));
                for (int k = 0; k < found.size(); k++) {
                    Row d = found.get(k);
                    assertEquals(expected.classes()[k], d.getInt(1), file + " detection " + k);
                    assertEquals(expected.scores()[k], d.getFloat(2), 1e-4, file + " score " + k);
                    for (int c = 0; c < 4; c++) {
                        assertEquals(expected.boxes()[k][c], d.getFloat(3 + c), 1e-2, file + " box " + k);
                    }
                }
                withLogos += found.isEmpty() ? 0 : 1;
                compared++;
            }
        }
        assertEquals(imageCount, compared);
        assertEquals(withLogos, summary.withLogos());
        assertTrue(byPath.get(images.resolve("trained-logo.png").toString()).getList(4).size() > 0,
                "the logo the tiny detector was trained on is found");
        assertTrue(Files.readString(output.resolve("summary.json")).contains("\"unreadable\": 1"));
    }

    @Test
    void anExistingOutputIsRefusedUnlessOverwriteIsAsked() throws IOException {
        Path output = Files.createDirectories(tmp.resolve("taken"));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> SparkLogoScan.run(spark, settings(output, 0.5, false), System.out));
        assertTrue(e.getMessage().contains("--overwrite"), e.getMessage());
    }

    @Test
    void aFolderWithoutADetectorIsRefusedBeforeAnyTaskRuns() {
        SparkLogoScan.Settings bad = new SparkLogoScan.Settings(tmp.resolve("no-model").toString(),
                List.of(images.toString()), tmp.resolve("never").toString(), 0.5, 4, 2, null, false);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> SparkLogoScan.run(spark, bad, System.out));
        assertTrue(e.getMessage().contains("no saved detector"), e.getMessage());
    }

    @Test
    void badSettingsAndAListFileAreReadAsDocumented() throws IOException {
        assertThrows(IllegalArgumentException.class, () -> new SparkLogoScan.Settings("m", List.of(), "o", 0.5, 1, 0,
                null, false));
        assertThrows(IllegalArgumentException.class, () -> new SparkLogoScan.Settings("m", List.of("i"), "o", 1.5, 1,
                0, null, false));
        Path list = tmp.resolve("lists/some.txt");
        Files.createDirectories(list.getParent());
        Files.writeString(list, "# two images\na/one.jpg\n\n/abs/two.png\n");
        assertEquals(List.of(tmp.resolve("lists/a/one.jpg").toString(), "/abs/two.png"),
                SparkLogoScan.CommandLine.readList(list));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> SparkLogoScan.CommandLine.parse(new String[] {"--model", "m", "--output", "o", "--batch", "x",
                    "--input", "i"}));
        assertTrue(e.getMessage().contains("--batch needs a number"), e.getMessage());
    }
}
