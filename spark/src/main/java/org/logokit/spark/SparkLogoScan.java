package org.logokit.spark;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.size;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.when;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import org.apache.hadoop.fs.FileSystem;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.storage.StorageLevel;

/**
 * Scans images for logos on Spark with a saved detector of the kit: reads the images with Spark's
 * {@code binaryFile} source (a folder, searched recursively, globs, a list of files, any
 * Hadoop-compatible file system), runs {@link ImageScanner} on every partition, and writes one row
 * per image as Parquet ({@code <output>/parquet}) and JSON lines ({@code <output>/json}), plus
 * {@code <output>/summary.json}.
 *
 * <pre>{@code
 * spark/scan --model data/models/07-faster-rcnn-full --input photos/ --output scan-out --master local[2]
 * spark-submit --class org.logokit.spark.SparkLogoScan logokit-spark-all.jar --model hdfs:///m --input hdfs:///photos --output hdfs:///scan
 * }</pre>
 */
public final class SparkLogoScan {
    /** What {@code binaryFile} picks up: the image types Java decodes (other files are ignored, not counted). */
    public static final String IMAGE_GLOB = "*.{jpg,jpeg,png,bmp,gif,JPG,JPEG,PNG,BMP,GIF}";

    private SparkLogoScan() {}

    /**
     * What to scan and how.
     *
     * @param model the saved detector's folder (local path or Hadoop URI)
     * @param inputs folders, files or globs (local paths or Hadoop URIs)
     * @param output folder for parquet/, json/ and summary.json (must not exist unless {@code overwrite})
     * @param minScore detections below this score are dropped
     * @param batchSize images per forward pass
     * @param partitions how many partitions to spread the images over (0: 4 per task slot)
     * @param engine DJL engine on the executors (null: their default)
     * @param overwrite replace an existing output
     */
    public record Settings(String model, List<String> inputs, String output, double minScore, int batchSize,
            int partitions, String engine, boolean overwrite) {
        /** Checks the numbers and that there is something to scan. */
        public Settings {
            Objects.requireNonNull(model, "model");
            Objects.requireNonNull(output, "output");
            inputs = List.copyOf(inputs);
            if (inputs.isEmpty()) {
                throw new IllegalArgumentException("no input: give --input FOLDER (or files, globs) or --list FILE");
            }
            if (!(minScore >= 0 && minScore <= 1)) {
                throw new IllegalArgumentException("min score must be in [0, 1], got " + minScore);
            }
            if (batchSize < 1 || partitions < 0) {
                throw new IllegalArgumentException("batch size must be >= 1 and partitions >= 0");
            }
        }
    }

    /**
     * What a scan found.
     *
     * @param images images read (with or without logos), unreadable ones not included
     * @param unreadable files that did not decode (corrupt, truncated, not an image)
     * @param withLogos images with at least one detection
     * @param detections detections in all images
     * @param partitions partitions the images were spread over
     * @param taskSlots tasks Spark ran at once (default parallelism)
     * @param detectorsLoaded detectors loaded by this JVM's executors (local mode; 0 on a cluster)
     * @param seconds wall time of the scan and the writes
     */
    public record Summary(long images, long unreadable, long withLogos, long detections, int partitions,
            int taskSlots, int detectorsLoaded, double seconds) {
        /** Images (readable or not) per second. */
        public double imagesPerSecond() {
            return seconds > 0 ? (images + unreadable) / seconds : 0;
        }

        /** One line for people. */
        public String describe() {
            return String.format(Locale.ROOT, "%d images scanned (%d with logos, %d detections), %d unreadable, "
                    + "in %.1f s: %.1f images/s on %d task slots, %d partitions", images, withLogos, detections,
                    unreadable, seconds, imagesPerSecond(), taskSlots, partitions);
        }

        String toJson() {
            return String.format(Locale.ROOT, "{\n  \"images\": %d,\n  \"unreadable\": %d,\n  \"with_logos\": %d,\n"
                    + "  \"detections\": %d,\n  \"partitions\": %d,\n  \"task_slots\": %d,\n  \"seconds\": %.3f,\n"
                    + "  \"images_per_second\": %.3f\n}\n", images, unreadable, withLogos, detections, partitions,
                    taskSlots, seconds, imagesPerSecond());
        }
    }

    /** The per-image results, not yet computed (Spark is lazy); {@link #run} writes them. */
    public static Dataset<Row> results(SparkSession spark, Settings settings, int partitions) {
        Dataset<Row> files = spark.read().format("binaryFile")
                .option("recursiveFileLookup", "true")
                .option("pathGlobFilter", IMAGE_GLOB)
                .load(settings.inputs().toArray(String[]::new))
                .select("path", "content");
        return files.repartition(partitions).mapPartitions(
                new ImageScanner(settings.model(), settings.engine(), settings.minScore(), settings.batchSize()),
                Encoders.row(ImageScanner.SCHEMA));
    }

    /**
     * Runs the scan and writes its results.
     *
     * @param log where progress and the summary go (the driver's console)
     */
    public static Summary run(SparkSession spark, Settings settings, PrintStream log) throws IOException {
        checkModel(settings.model());
        org.apache.hadoop.fs.Path out = new org.apache.hadoop.fs.Path(settings.output());
        FileSystem fs = out.getFileSystem(spark.sparkContext().hadoopConfiguration());
        if (fs.exists(out)) {
            if (!settings.overwrite()) {
                throw new IllegalArgumentException(settings.output() + " exists: choose a new --output or pass --overwrite");
            }
            fs.delete(out, true);
        }
        int slots = spark.sparkContext().defaultParallelism();
        int partitions = settings.partitions() > 0 ? settings.partitions() : 4 * slots;
        int loadedBefore = ExecutorDetectors.loaded();
        long start = System.nanoTime();
        ScanProgress progress = new ScanProgress(log);
        spark.sparkContext().addSparkListener(progress);
        Dataset<Row> results;
        try {
            results = results(spark, settings, partitions).persist(StorageLevel.MEMORY_AND_DISK());
            progress.begin("scanning", partitions);
            results.write().mode(SaveMode.ErrorIfExists).parquet(settings.output() + "/parquet");
            progress.begin("writing JSON", partitions);
            results.write().mode(SaveMode.ErrorIfExists).json(settings.output() + "/json");
        } finally {
            progress.end();
            spark.sparkContext().removeSparkListener(progress);
        }
        Row counts = results.agg(
                sum(when(col("error").isNull(), 1).otherwise(0)),
                sum(when(col("error").isNotNull(), 1).otherwise(0)),
                sum(when(size(col("detections")).gt(0), 1).otherwise(0)),
                sum(size(col("detections")))).first();
        results.unpersist();
        double seconds = (System.nanoTime() - start) / 1e9;
        Summary summary = new Summary(longOf(counts, 0), longOf(counts, 1), longOf(counts, 2), longOf(counts, 3),
                partitions, slots, ExecutorDetectors.loaded() - loadedBefore, seconds);
        try (var stream = fs.create(new org.apache.hadoop.fs.Path(out, "summary.json"), true)) {
            stream.write(summary.toJson().getBytes(StandardCharsets.UTF_8));
        }
        log.println(summary.describe());
        return summary;
    }

    /** Fails on the driver, before any task, when a local model folder holds no detector. */
    private static void checkModel(String model) {
        boolean local = !model.contains("://") || model.startsWith("file:");
        if (local) {
            Path dir = Path.of(model.startsWith("file:") ? java.net.URI.create(model).getPath() : model);
            if (!org.logokit.detect.DetectorArtifact.exists(dir)) {
                throw new IllegalArgumentException(dir + " holds no saved detector (detector.json + parameters): "
                        + "give the folder a chapter saved, e.g. data/models/07-faster-rcnn-full");
            }
        }
    }

    private static long longOf(Row row, int i) {
        return row.isNullAt(i) ? 0 : row.getLong(i);
    }

    /**
     * Command line: {@code --model DIR --input PATH [--input PATH ...] [--list FILE] --output DIR
     * [--master local[2]] [--min-score 0.5] [--batch 8] [--partitions N] [--engine MXNet|PyTorch]
     * [--overwrite]}. Without {@code --master}, Spark's own setting (spark-submit's) is used, else local[*].
     */
    public static void main(String[] args) {
        try {
            CommandLine line = CommandLine.parse(args);
            SparkSession.Builder builder = SparkSession.builder().appName("logokit logo scan");
            org.apache.spark.SparkConf given = new org.apache.spark.SparkConf();
            String master = line.master != null ? line.master : given.get("spark.master", "local[*]");
            builder.master(master);
            if (master.startsWith("local")) {
                // One machine: nothing needs to listen beyond loopback, and no web UI is opened.
                for (String[] setting : new String[][] {{"spark.driver.bindAddress", "127.0.0.1"},
                        {"spark.driver.host", "127.0.0.1"}, {"spark.ui.enabled", "false"}}) {
                    if (!given.contains(setting[0])) {
                        builder.config(setting[0], setting[1]);
                    }
                }
            }
            SparkSession spark = builder.getOrCreate();
            spark.sparkContext().setLogLevel("WARN");
            try {
                run(spark, line.settings, System.out);
            } finally {
                ExecutorDetectors.closeAll();
                spark.stop();
            }
        } catch (IllegalArgumentException | IOException e) {
            System.err.println("scan: " + e.getMessage());
            System.err.println(CommandLine.USAGE);
            System.exit(2);
        }
    }

    /** The parsed command line. */
    static final class CommandLine {
        static final String USAGE = "usage: spark/scan --model DIR --input PATH [--input PATH ...] [--list FILE] "
                + "--output DIR [--master local[2]] [--min-score 0.5] [--batch 8] [--partitions N] "
                + "[--engine MXNet|PyTorch] [--overwrite]";
        Settings settings;
        String master;

        static CommandLine parse(String[] args) throws IOException {
            String model = null;
            String output = null;
            List<String> inputs = new ArrayList<>();
            double minScore = 0.5;
            int batch = 8;
            int partitions = 0;
            String engine = System.getenv("DJL_DEFAULT_ENGINE");
            boolean overwrite = false;
            CommandLine line = new CommandLine();
            for (int i = 0; i < args.length; i++) {
                String arg = args[i];
                if (arg.equals("--overwrite")) {
                    overwrite = true;
                    continue;
                }
                if (i + 1 >= args.length) {
                    throw new IllegalArgumentException(arg + " needs a value");
                }
                String value = args[++i];
                switch (arg) {
                    case "--model" -> model = value;
                    case "--input" -> inputs.add(value);
                    case "--list" -> inputs.addAll(readList(Path.of(value)));
                    case "--output" -> output = value;
                    case "--master" -> line.master = value;
                    case "--min-score" -> minScore = number(arg, value);
                    case "--batch" -> batch = (int) number(arg, value);
                    case "--partitions" -> partitions = (int) number(arg, value);
                    case "--engine" -> engine = value;
                    default -> throw new IllegalArgumentException("unknown option " + arg);
                }
            }
            if (model == null || output == null) {
                throw new IllegalArgumentException("--model and --output are required");
            }
            line.settings = new Settings(model, inputs, output, minScore, batch, partitions, engine, overwrite);
            return line;
        }

        /** A list file: one image path a line, relative ones resolved against the list's folder. */
        static List<String> readList(Path list) throws IOException {
            if (!Files.isRegularFile(list)) {
                throw new IllegalArgumentException("no list file at " + list);
            }
            Path base = list.toAbsolutePath().getParent();
            List<String> paths = new ArrayList<>();
            for (String raw : Files.readAllLines(list, StandardCharsets.UTF_8)) {
                String entry = raw.strip();
                if (entry.isEmpty() || entry.startsWith("#")) {
                    continue;
                }
                paths.add(entry.contains("://") || entry.startsWith("/") ? entry : base.resolve(entry).toString());
            }
            return paths;
        }

        private static double number(String option, String value) {
            try {
                return Double.parseDouble(value);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException(option + " needs a number, got '" + value + "'");
            }
        }
    }
}
