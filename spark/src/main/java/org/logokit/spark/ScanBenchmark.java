package org.logokit.spark;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.logokit.detect.Detections;
import org.logokit.infer.LogoDetector;

/**
 * Measures the Spark scan against the in-process detector on one split of a FlickrLogos-32-format
 * data set (e.g. SynthLogos-32's test split, 3,960 images): images/s in process and with each
 * Spark master, and whether every image's detections agree (same count and classes, scores within
 * 1e-4, box corners within 0.01 pixel). A command, not a test: {@code spark/scan --bench ...}.
 */
public final class ScanBenchmark {
    private ScanBenchmark() {}

    /** How many images agreed between two runs, and the first disagreement. */
    record Agreement(int agreed, int compared, String firstDifference) {}

    /**
     * Command line: {@code --data DIR --model DIR [--split testset] [--masters local[1],local[2]] [--batch 8]
     * [--min-score 0.5] [--limit N] [--out DIR]}; {@code --limit} scans only the split's first N images.
     */
    public static void main(String[] args) throws IOException {
        Map<String, String> options = new HashMap<>(Map.of("--split", "testset", "--masters", "local[1],local[2]",
                "--batch", "8", "--min-score", "0.5", "--out", "spark/target/bench", "--limit", "0"));
        for (int i = 0; i + 1 < args.length; i += 2) {
            options.put(args[i], args[i + 1]);
        }
        if (!options.containsKey("--data") || !options.containsKey("--model")) {
            System.err.println("usage: spark/scan --bench --data FlickrLogos-v2-folder --model DIR [--split testset] "
                    + "[--masters local[1],local[2]] [--batch 8] [--min-score 0.5] [--limit N] [--out DIR]");
            System.exit(2);
        }
        Path data = Path.of(options.get("--data"));
        Path list = data.resolve(options.get("--split") + ".relpaths.txt");
        List<String> files = SparkLogoScan.CommandLine.readList(list);
        int limit = Integer.parseInt(options.get("--limit"));
        if (limit > 0 && limit < files.size()) {
            files = files.subList(0, limit);   // the split's first images, for a quick run
        }
        int batch = Integer.parseInt(options.get("--batch"));
        double minScore = Double.parseDouble(options.get("--min-score"));
        String model = options.get("--model");
        System.out.printf(Locale.ROOT, "%d images of %s; detector %s; batch %d; min score %.2f%n", files.size(), list,
                model, batch, minScore);

        long start = System.nanoTime();
        Map<String, Detections> reference = new HashMap<>();
        try (LogoDetector detector = LogoDetector.load(Path.of(model))) {
            for (int from = 0; from < files.size(); from += batch) {
                List<String> names = files.subList(from, Math.min(files.size(), from + batch));
                List<BufferedImage> images = new ArrayList<>();
                for (String name : names) {
                    images.add(LogoDetector.read(Path.of(name)));
                }
                List<Detections> found = detector.detect(images);
                for (int i = 0; i < names.size(); i++) {
                    reference.put(Path.of(names.get(i)).toString(), found.get(i).atLeast(minScore));
                }
            }
        }
        double inProcess = (System.nanoTime() - start) / 1e9;
        List<String> table = new ArrayList<>();
        table.add("| run | images | unreadable | seconds | images/s | agree with in-process |");
        table.add("|---|---|---|---|---|---|");
        table.add(String.format(Locale.ROOT, "| in process (1 JVM, batch %d) | %d | 0 | %.1f | %.1f | - |", batch,
                files.size(), inProcess, files.size() / inProcess));

        for (String master : options.get("--masters").split(",")) {
            SparkSession spark = SparkSession.builder().master(master).appName("logokit scan benchmark")
                    .config("spark.ui.enabled", "false").config("spark.driver.bindAddress", "127.0.0.1")
                    .config("spark.driver.host", "127.0.0.1").getOrCreate();
            spark.sparkContext().setLogLevel("WARN");
            try {
                String out = Path.of(options.get("--out")).toAbsolutePath().resolve(master.replaceAll("[^a-z0-9]", ""))
                        .toString();
                SparkLogoScan.Summary summary = SparkLogoScan.run(spark, new SparkLogoScan.Settings(model, files, out,
                        minScore, batch, 0, null, true), System.out);
                Agreement agreement = compare(reference, spark.read().parquet(out + "/parquet").collectAsList());
                table.add(String.format(Locale.ROOT, "| Spark %s (%d partitions, %d detectors loaded) | %d | %d | %.1f | %.1f | %d of %d%s |",
                        master, summary.partitions(), summary.detectorsLoaded(), summary.images(), summary.unreadable(),
                        summary.seconds(), summary.imagesPerSecond(), agreement.agreed(), agreement.compared(),
                        agreement.firstDifference().isEmpty() ? "" : " (first: " + agreement.firstDifference() + ")"));
            } finally {
                ExecutorDetectors.closeAll();
                spark.stop();
            }
        }
        System.out.println();
        table.forEach(System.out::println);
        Path report = Path.of(options.get("--out")).resolve("bench.md");
        Files.createDirectories(report.getParent());
        Files.write(report, table, StandardCharsets.UTF_8);
    }

    static Agreement compare(Map<String, Detections> reference, List<Row> rows) {
        int agreed = 0;
        String first = "";
        for (Row row : rows) {
            String path = Path.of(URI.create(row.getString(0))).toString();
            Detections expected = reference.get(path);
            String difference = expected == null ? "not in the in-process run" : differs(expected, row.getList(4));
            if (difference.isEmpty()) {
                agreed++;
            } else if (first.isEmpty()) {
                first = path + ": " + difference;
            }
        }
        if (rows.size() != reference.size() && first.isEmpty()) {
            first = rows.size() + " rows for " + reference.size() + " images";
        }
        return new Agreement(agreed, reference.size(), first);
    }

    private static String differs(Detections expected, List<Row> found) {
        if (expected.size() != found.size()) {
            return expected.size() + " detections in process, " + found.size() + " on Spark";
        }
        for (int k = 0; k < found.size(); k++) {
            Row d = found.get(k);
            if (expected.classes()[k] != d.getInt(1) || Math.abs(expected.scores()[k] - d.getFloat(2)) > 1e-4) {
                return "detection " + k + " class/score differ";
            }
            for (int c = 0; c < 4; c++) {
                if (Math.abs(expected.boxes()[k][c] - d.getFloat(3 + c)) > 1e-2) {
                    return "detection " + k + " box differs";
                }
            }
        }
        return "";
    }
}
