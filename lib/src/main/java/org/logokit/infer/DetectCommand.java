package org.logokit.infer;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import org.logokit.data.tools.CommandLine;
import org.logokit.detect.Detections;
import org.logokit.notebook.ProgressBar;
import org.logokit.train.AtomicFiles;
import org.logokit.viz.BoxPainter;
import org.logokit.viz.LabeledBox;

/**
 * The {@code detect} command ({@code lib/detect}): runs a saved detector over a folder of images
 * and writes, for each image {@code a/b.jpg} of the folder, {@code a/b.json} (the detections in the
 * photo's pixels, {@link Detections#toJson} format) and {@code a/b.png} (the photo with its
 * boxes) into the output folder. Files that are not images, or images Java cannot decode (a
 * corrupt or truncated file), are skipped and counted, never fatal; the summary lists them.
 *
 * <pre>
 *   lib/detect --model DIR --input FOLDER_OR_IMAGE --output DIR [--min-score 0.5] [--batch 4] [--no-images]
 * </pre>
 */
public final class DetectCommand {
    private static final Set<String> IMAGE_SUFFIXES = Set.of(".jpg", ".jpeg", ".png", ".bmp", ".gif");

    private DetectCommand() {}

    /**
     * What to run.
     *
     * @param model folder of a saved detector
     * @param input a folder of images (searched recursively) or one image file
     * @param output folder for the JSON files and annotated pictures (created)
     * @param minScore detections below this score are left out of both outputs
     * @param batchSize images per forward pass
     * @param writeImages write the annotated PNG pictures too
     */
    public record Settings(Path model, Path input, Path output, double minScore, int batchSize, boolean writeImages) {
        /** Checks the settings. */
        public Settings {
            Objects.requireNonNull(model, "model");
            Objects.requireNonNull(input, "input");
            Objects.requireNonNull(output, "output");
            if (!(minScore >= 0 && minScore < 1)) {
                throw new IllegalArgumentException("--min-score must be in [0, 1), got " + minScore);
            }
            if (batchSize < 1) {
                throw new IllegalArgumentException("--batch must be at least 1, got " + batchSize);
            }
        }
    }

    /**
     * An image that could not be processed.
     *
     * @param file the file
     * @param reason why
     */
    public record Skipped(Path file, String reason) {}

    /**
     * What a run did.
     *
     * @param images images processed
     * @param withLogos images with at least one detection
     * @param detections detections written
     * @param skipped files skipped, with the reason
     * @param seconds wall time
     */
    public record Summary(int images, int withLogos, int detections, List<Skipped> skipped, double seconds) {
        /** A few lines for the console. */
        public String describe() {
            StringBuilder text = new StringBuilder(String.format(Locale.ROOT,
                    "%d images processed in %.1f s (%.1f images/s): %d detections, %d images with a logo;"
                            + " %d skipped.", images, seconds, seconds > 0 ? images / seconds : 0, detections,
                    withLogos, skipped.size()));
            for (Skipped s : skipped) {
                text.append(System.lineSeparator()).append("  skipped ").append(s.file()).append(": ")
                        .append(s.reason());
            }
            return text.toString();
        }
    }

    /** Runs the command; see the class comment. */
    public static void main(String[] args) {
        CommandLine line;
        try {
            line = new CommandLine(args, Set.of("model", "input", "output", "min-score", "batch"),
                    Set.of("no-images", "help"));
        } catch (IllegalArgumentException e) {
            CommandLine.fail(e.getMessage() + "\n" + usage());
            return;
        }
        if (line.flag("help")) {
            System.out.println(usage());
            return;
        }
        if (line.value("model") == null || line.value("input") == null || line.value("output") == null) {
            CommandLine.fail("--model, --input and --output are required\n" + usage());
            return;
        }
        try {
            Settings settings = new Settings(Path.of(line.value("model")), Path.of(line.value("input")),
                    Path.of(line.value("output")), parse(line.value("min-score"), 0.5),
                    (int) parse(line.value("batch"), 4), !line.flag("no-images"));
            Summary summary = run(settings, System.out);
            System.out.println(summary.describe());
            if (summary.images() == 0) {
                System.exit(1);
            }
        } catch (IOException | IllegalArgumentException e) {
            CommandLine.fail(e.getMessage());
        }
    }

    /**
     * Detects logos in every image of the input and writes the results.
     *
     * @param log where progress goes
     * @throws IOException when the model cannot be loaded, the input does not exist or the output
     *     cannot be written (a single unreadable image is skipped, not an error)
     */
    public static Summary run(Settings settings, PrintStream log) throws IOException {
        long start = System.nanoTime();
        Path inputDir = (Files.isDirectory(settings.input()) ? settings.input() : settings.input().toAbsolutePath()
                .getParent()).toAbsolutePath().normalize();
        if (Files.isDirectory(settings.input()) && settings.output().toAbsolutePath().normalize().startsWith(inputDir)) {
            throw new IllegalArgumentException("The output folder " + settings.output() + " is inside the input folder"
                    + " " + settings.input() + ": the annotated pictures would overwrite or join the inputs."
                    + " Choose another --output.");
        }
        List<Path> files = imageFiles(settings.input());
        Path base = Files.isDirectory(settings.input()) ? settings.input() : settings.input().getParent();
        Files.createDirectories(settings.output());
        List<Skipped> skipped = new ArrayList<>();
        int images = 0;
        int withLogos = 0;
        int detections = 0;
        try (LogoDetector detector = LogoDetector.load(settings.model())) {
            log.printf(Locale.ROOT, "Detector %s (%s, %d classes, %d px) on %d files of %s%n", detector.spec().name(),
                    detector.spec().kind(), detector.spec().numClasses(), detector.spec().imageSize(), files.size(),
                    settings.input());
            ProgressBar progress = new ProgressBar("Detecting", files.size());
            for (int from = 0; from < files.size(); from += settings.batchSize()) {
                List<Path> chunk = files.subList(from, Math.min(files.size(), from + settings.batchSize()));
                List<Path> readable = new ArrayList<>();
                List<BufferedImage> pixels = new ArrayList<>();
                for (Path file : chunk) {
                    try {
                        pixels.add(LogoDetector.read(file));
                        readable.add(file);
                    } catch (IOException e) {
                        skipped.add(new Skipped(file, e.getMessage()));
                    }
                }
                List<Detections> found = detector.detect(pixels);
                for (int i = 0; i < readable.size(); i++) {
                    Detections d = found.get(i).atLeast(settings.minScore());
                    write(settings, base, readable.get(i), pixels.get(i), d, detector.classNames());
                    images++;
                    detections += d.size();
                    withLogos += d.isEmpty() ? 0 : 1;
                }
                progress.increment(chunk.size());
            }
            progress.end();
        }
        return new Summary(images, withLogos, detections, List.copyOf(skipped), (System.nanoTime() - start) / 1e9);
    }

    private static void write(Settings settings, Path base, Path file, BufferedImage image, Detections detections,
            List<String> classNames) throws IOException {
        Path relative = base == null ? file.getFileName() : base.relativize(file);
        String stem = stem(relative.getFileName().toString());
        Path dir = relative.getParent() == null ? settings.output() : settings.output().resolve(relative.getParent());
        Files.createDirectories(dir);
        String json = detections.toJson(relative.toString(), image.getWidth(), image.getHeight(), classNames);
        AtomicFiles.writeString(dir.resolve(stem + ".json"), json);
        if (settings.writeImages()) {
            List<LabeledBox> boxes = new ArrayList<>();
            for (int k = 0; k < detections.size(); k++) {
                float[] b = detections.boxes()[k];
                int c = detections.classes()[k];
                String name = c >= 0 && c < classNames.size() ? classNames.get(c) : "class " + c;
                boxes.add(LabeledBox.ofXyxy(b[0], b[1], b[2], b[3], name, detections.scores()[k]));
            }
            ImageIO.write(BoxPainter.draw(image, boxes), "png", dir.resolve(stem + ".png").toFile());
        }
    }

    /** Image files of a folder (recursively, sorted) or the one file given. */
    static List<Path> imageFiles(Path input) throws IOException {
        if (Files.isRegularFile(input)) {
            return List.of(input);
        }
        if (!Files.isDirectory(input)) {
            throw new IOException("No folder or image at " + input.toAbsolutePath());
        }
        try (Stream<Path> walk = Files.walk(input)) {
            return walk.filter(Files::isRegularFile).filter(DetectCommand::looksLikeImage).sorted().toList();
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
    }

    private static boolean looksLikeImage(Path file) {
        String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
        int dot = name.lastIndexOf('.');
        return dot >= 0 && IMAGE_SUFFIXES.contains(name.substring(dot));
    }

    private static String stem(String fileName) {
        int dot = fileName.lastIndexOf('.');
        return dot > 0 ? fileName.substring(0, dot) : fileName;
    }

    private static double parse(String value, double fallback) {
        if (value == null) {
            return fallback;
        }
        try {
            return Double.parseDouble(value);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("not a number: " + value);
        }
    }

    private static String usage() {
        return "Usage: lib/detect --model DIR --input FOLDER_OR_IMAGE --output DIR [--min-score 0.5] [--batch 4]"
                + " [--no-images]\n  Writes one JSON file (detections in the photo's pixels) and one annotated PNG"
                + " per image;\n  unreadable images are skipped and counted.";
    }
}
