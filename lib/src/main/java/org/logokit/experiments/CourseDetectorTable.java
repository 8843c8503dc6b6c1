package org.logokit.experiments;

import ai.djl.Model;
import ai.djl.training.dataset.Dataset;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.logokit.config.KitPaths;
import org.logokit.data.DetectionSplits;
import org.logokit.data.LogoClasses;
import org.logokit.data.LogoDetectionDataset;
import org.logokit.data.RelabelledDetectionDataset;
import org.logokit.detect.DetectorArtifact;
import org.logokit.detect.DetectorSpec;
import org.logokit.detect.catalog.Detectors;
import org.logokit.eval.AreaRange;
import org.logokit.eval.DetectionEvaluator;
import org.logokit.eval.DetectionMetrics;
import org.logokit.eval.DetectionReport;
import org.logokit.train.DetectionHistory;
import org.logokit.train.TrainedDetectors;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.IntColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;
import tech.tablesaw.columns.numbers.NumberColumnFormatter;

/**
 * The course's detector table (chapter 12): every saved detector found under
 * {@code <data>/models} that detects the 32 brands, evaluated on the same test images of the course
 * protocol ({@link DetectionSplits}, each at its own input size): COCO mAP, mAP@0.5, small-logo AP
 * (area under 32² input pixels), inference images per second (measured here, on this machine's CPU)
 * and training images per second (read from the detector's saved training history: the mean over
 * its epochs as measured when it was trained, on the machine and load of that run; GPU figures
 * only where a detector was trained on one). A folder that is not a saved
 * detector, or one that cannot be loaded, is listed with the reason instead of failing the table;
 * detectors of other class lists (chapter 06's RPN, chapter 12's 31-brand detectors) are skipped with
 * a note; those with the 32 brands in another order (chapter 12's, the new brand last) are tested
 * with their own class ids.
 */
public final class CourseDetectorTable {
    private CourseDetectorTable() {}

    /**
     * One evaluated detector, or why it was not.
     *
     * @param name the folder's name
     * @param kind the detector kind, or "" when unreadable
     * @param report its test report, or null when skipped
     * @param note why it was skipped, or ""
     * @param trainImagesPerSecond mean training images per second over the epochs of its saved
     *     history, NaN when it has none
     */
    public record Entry(String name, String kind, DetectionReport report, String note, double trainImagesPerSecond) {
        /** An entry without a training speed. */
        public Entry(String name, String kind, DetectionReport report, String note) {
            this(name, kind, report, note, Double.NaN);
        }
    }

    /**
     * The mean training images per second of the history saved beside a detector.
     *
     * @return NaN when the folder has no readable history or its epochs recorded no speed
     */
    public static double trainingSpeed(Path folder) {
        Path file = folder.resolve(TrainedDetectors.HISTORY_FILE);
        if (!Files.isRegularFile(file)) {
            return Double.NaN;
        }
        try {
            return DetectionHistory.load(file).epochs().stream().mapToDouble(DetectionHistory.Epoch::trainImagesPerSecond)
                    .filter(v -> v > 0 && Double.isFinite(v)).average().orElse(Double.NaN);
        } catch (IOException | RuntimeException e) {
            return Double.NaN;
        }
    }

    /**
     * Evaluates every saved 32-brand detector under {@code <data>/models}.
     *
     * @param testLimit at most this many test images (0 = all)
     * @param batchSize images per batch
     * @param log where notes go
     * @return one entry per folder, by name; empty (with a message in {@code log}) when there are none
     */
    public static List<Entry> evaluateSaved(long testLimit, int batchSize, PrintStream log) throws IOException {
        return evaluate(KitPaths.dataDir().resolve("models"), testLimit, batchSize, log);
    }

    /** {@link #evaluateSaved} on any folder of saved detectors. */
    public static List<Entry> evaluate(Path models, long testLimit, int batchSize, PrintStream log) throws IOException {
        List<Entry> entries = new ArrayList<>();
        if (!Files.isDirectory(models)) {
            log.println("No saved detectors: " + models + " does not exist. Run chapters 06-12 first; each saves"
                    + " its detectors there.");
            return entries;
        }
        List<Path> folders = new ArrayList<>();
        try (DirectoryStream<Path> dirs = Files.newDirectoryStream(models, Files::isDirectory)) {
            dirs.forEach(folders::add);
        }
        folders.sort(null);
        Map<Integer, LogoDetectionDataset> testBySize = new HashMap<>();
        DetectionEvaluator evaluator = DetectionEvaluator.builder().progressBar(false).build();
        for (Path folder : folders) {
            String name = folder.getFileName().toString();
            if (!DetectorArtifact.exists(folder)) {
                entries.add(new Entry(name, "", null, "not a saved detector (no " + DetectorArtifact.SPEC_FILE + ")"));
                continue;
            }
            DetectorSpec spec;
            try {
                spec = DetectorArtifact.readSpec(folder);
            } catch (IOException | RuntimeException e) {
                entries.add(new Entry(name, "", null, "unreadable spec: " + e.getMessage()));
                continue;
            }
            if (spec.numClasses() != LogoClasses.BRAND_COUNT
                    || !new HashSet<>(spec.classes()).equals(new HashSet<>(LogoClasses.BRANDS))) {
                entries.add(new Entry(name, spec.kind(), null, "its " + spec.numClasses() + " classes are not the"
                        + " test split's 32 brands"));
                continue;
            }
            LogoDetectionDataset plain = testBySize.computeIfAbsent(spec.imageSize(), size -> DetectionSplits.of(
                    DetectionSplits.Settings.of(size, batchSize).limited(0, testLimit)).test());
            // a detector with the 32 brands in another order (chapter 12's, the new brand last) is
            // tested on the same images with its own class ids
            Dataset test = spec.classes().equals(LogoClasses.BRANDS) ? plain
                    : RelabelledDetectionDataset.builder(List.of(plain), spec.classes()).setSampling(batchSize, false)
                            .build();
            try (Model model = Detectors.load(folder)) {
                DetectionReport report = evaluator.evaluate(model, test);
                log.printf(Locale.ROOT, "%-32s %s%n", name, report.summary());
                entries.add(new Entry(name, spec.kind(), report, "", trainingSpeed(folder)));
            } catch (IOException | RuntimeException e) {
                entries.add(new Entry(name, spec.kind(), null, "cannot be loaded or run: " + e.getMessage()));
            }
        }
        if (entries.isEmpty()) {
            log.println("No saved detectors in " + models + ". Run chapters 06-12 first.");
        }
        return entries;
    }

    /** The evaluated entries as a table (skipped ones in a "note" column with empty numbers). */
    public static Table table(List<Entry> entries) {
        StringColumn name = StringColumn.create("detector");
        StringColumn kind = StringColumn.create("kind");
        IntColumn images = IntColumn.create("test images");
        DoubleColumn map = DoubleColumn.create("mAP");
        DoubleColumn map50 = DoubleColumn.create("mAP@0.5");
        DoubleColumn small = DoubleColumn.create("small-logo AP");
        DoubleColumn speed = DoubleColumn.create("inference img/s");
        DoubleColumn training = DoubleColumn.create("training img/s");
        StringColumn note = StringColumn.create("note");
        for (Entry e : entries) {
            name.append(e.name());
            kind.append(e.kind());
            note.append(e.note());
            if (e.report() == null) {
                images.appendMissing();
                map.appendMissing();
                map50.appendMissing();
                small.appendMissing();
                speed.appendMissing();
                training.appendMissing();
                continue;
            }
            DetectionMetrics m = e.report().metrics();
            images.append(e.report().images());
            map.append(e.report().map());
            map50.append(e.report().map50());
            double s = m.mean(AreaRange.SMALL);
            if (DetectionMetrics.isAbsent(s) || Double.isNaN(s)) {
                small.appendMissing();
            } else {
                small.append(s);
            }
            speed.append(e.report().imagesPerSecond());
            if (Double.isNaN(e.trainImagesPerSecond())) {
                training.appendMissing();
            } else {
                training.append(e.trainImagesPerSecond());
            }
        }
        for (DoubleColumn c : new DoubleColumn[] {map, map50, small}) {
            c.setPrintFormatter(NumberColumnFormatter.fixedWithGrouping(3));
        }
        speed.setPrintFormatter(NumberColumnFormatter.fixedWithGrouping(1));
        training.setPrintFormatter(NumberColumnFormatter.fixedWithGrouping(1));
        return Table.create("The course's detectors on the test split", name, kind, images, map, map50, small, speed,
                training, note);
    }

    /**
     * Prints the table for the current data folder.
     *
     * @param args optional: the most test images to use
     */
    public static void main(String[] args) throws IOException {
        long limit = args.length > 0 ? Long.parseLong(args[0]) : 0;
        System.out.println(table(evaluateSaved(limit, 8, System.out)).printAll());
    }
}
