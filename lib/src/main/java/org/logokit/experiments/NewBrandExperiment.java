package org.logokit.experiments;

import ai.djl.Model;
import ai.djl.nn.Block;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Predicate;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.plot.CategoryPlot;
import org.jfree.data.category.DefaultCategoryDataset;
import org.logokit.anchor.KMeansAnchors;
import org.logokit.config.Profile;
import org.logokit.data.DatasetLocator;
import org.logokit.data.FlickrLogos32;
import org.logokit.data.LogoClasses;
import org.logokit.data.LogoDetectionDataset;
import org.logokit.data.LogoImage;
import org.logokit.data.RelabelledDetectionDataset;
import org.logokit.data.Split;
import org.logokit.detect.Backbone;
import org.logokit.detect.DetectorArtifact;
import org.logokit.detect.Detector;
import org.logokit.detect.DetectorSpec;
import org.logokit.detect.catalog.Detectors;
import org.logokit.detect.ssd.Ssd;
import org.logokit.detect.ssd.SsdGrowth;
import org.logokit.detect.yolo.TrainingBoxes;
import org.logokit.detect.yolo.YoloAnchors;
import org.logokit.detect.yolo.YoloV2;
import org.logokit.detect.yolo.YoloV2Growth;
import org.logokit.eval.DetectionEvaluator;
import org.logokit.eval.DetectionMetrics;
import org.logokit.eval.DetectionReport;
import org.logokit.model.ParameterCount;
import org.logokit.train.DetectionHistory;
import org.logokit.train.DetectorTrainer;
import org.logokit.train.TrainedDetectors;
import tech.tablesaw.api.BooleanColumn;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;
import tech.tablesaw.columns.numbers.NumberColumnFormatter;

/**
 * Chapter 12's experiment, seed 000's problem: a detector knows 31 brands; a new customer's brand
 * arrives with about 20 labelled images. Two detector families (YOLOv2 as in seed 000, and SSD from
 * chapter 09, unless {@link Settings#withSsd} is off), options measured on one test split:
 *
 * <ul>
 *   <li><b>transfer</b>: grow the output from A·(5 + 31) to A·(5 + 32) channels, copy the trained
 *       weights ({@link YoloV2Growth}), train only the head (backbone, deep layers and passthrough
 *       frozen) on the new images plus a replay of old ones, then fine-tune everything with a small
 *       learning rate; with three anchor sets: the old ones, re-fitted by k-means on old + new boxes,
 *       or fitted on the new brand's boxes alone;
 *   <li><b>from scratch</b>: a 32-brand YOLOv2 trained on all the data (old images and the new
 *       brand's), from the same pretrained backbone, as long as the 31-brand one;
 *   <li><b>anchor mismatch</b>: the re-fitted transfer model tested with the old anchors (same
 *       number, other shapes) instead of those it was trained with;
 *   <li><b>SSD</b>: a 31-brand SSD, its transfer by the same recipe (each map's class head grows
 *       from B·(1 + 31) to B·(1 + 32) channels, {@link SsdGrowth}; head = the class and box
 *       convolutions) and a 32-brand SSD from scratch, on the same images, epochs and rates; its
 *       default boxes are its own, so it has no anchor rows.
 * </ul>
 * Every detector is saved under {@code <data>/models/12-...} and reused on the next run.
 */
public final class NewBrandExperiment {
    /** Prefix of the saved detectors' names. */
    public static final String PREFIX = "12-yolo-v2-";
    private static final int MAX_BOXES = 10;
    private static final String HEAD_HISTORY = "head-only-history.json";

    private NewBrandExperiment() {}

    /**
     * What to run.
     *
     * @param imageSize network input side (a multiple of 32)
     * @param batchSize images per batch
     * @param newBrand the brand to onboard (held out of the 31-brand detector)
     * @param newImages training images of the new brand (seed 000: 20)
     * @param oldTrainLimit training images of the old brands (0 = all of TRAIN + VAL)
     * @param replayOld old images mixed into the transfer's training (0 = all of the old ones)
     * @param testLimit test images (0 = all of TEST)
     * @param numAnchors anchors A
     * @param frozenStages backbone blocks frozen in every run (the pretrained early layers)
     * @param baseEpochs epochs of the 31-brand detector and of the from-scratch one
     * @param learningRate their peak learning rate
     * @param headEpochs transfer phase 1: epochs of the head alone
     * @param fineTuneEpochs transfer phase 2: epochs of everything
     * @param fineTuneRate phase 2's (small) learning rate; phase 1 uses {@code learningRate}
     * @param withSsd onboard an SSD too (chapter 09's detector: 31-brand, transfer and from-scratch
     *     rows with the same images, epochs and learning rates)
     * @param retrain train again even when saved detectors match
     * @param tag ends the saved detectors' names (the profile)
     * @param seed sampling and augmentation seed
     */
    public record Settings(int imageSize, int batchSize, String newBrand, int newImages, int oldTrainLimit,
            int replayOld, int testLimit, int numAnchors, int frozenStages, int baseEpochs, float learningRate,
            int headEpochs, int fineTuneEpochs, float fineTuneRate, boolean withSsd, boolean retrain, String tag,
            long seed) {
        /** Checks the values. */
        public Settings {
            int id = newBrand == null ? -1 : LogoClasses.idOf(newBrand);
            if (id < 0 || id >= LogoClasses.BRAND_COUNT) {
                throw new IllegalArgumentException("'" + newBrand + "' is not a FlickrLogos-32 brand");
            }
            if (imageSize % 32 != 0 || newImages < 1 || numAnchors < 1 || baseEpochs < 1 || headEpochs < 0
                    || fineTuneEpochs < 1 || !(learningRate > 0) || !(fineTuneRate > 0)) {
                throw new IllegalArgumentException("Need imageSize a multiple of 32, newImages, numAnchors, baseEpochs"
                        + " and fineTuneEpochs >= 1, headEpochs >= 0 and positive learning rates");
            }
        }

        /**
         * The chapter's settings: fosters (the widest word-mark of SynthLogos-32, mean width / height
         * about 4) onboarded with 20 images. Full: 256 px, 400 old training images, 4 epochs for the
         * 31-brand and the from-scratch detectors, 2 + 2 epochs for each transfer on the 20 new and
         * 100 replayed old images, all 960 test images; the same for the SSD rows. Smoke: 128 px, a
         * few images, one epoch each.
         */
        public static Settings forProfile(Profile profile) {
            if (profile == Profile.SMOKE) {
                return new Settings(128, 8, "fosters", 4, 24, 8, 32, 5, 2, 1, 0.01f, 1, 1, 0.002f, true, false, "smoke",
                        1);
            }
            return new Settings(256, 16, "fosters", 20, 400, 100, 0, 5, 2, 4, 0.02f, 2, 2, 0.002f, true, false, "full",
                    1);
        }

        /** A copy that trains again even when saved detectors match. */
        public Settings retraining() {
            return new Settings(imageSize, batchSize, newBrand, newImages, oldTrainLimit, replayOld, testLimit,
                        numAnchors, frozenStages, baseEpochs, learningRate, headEpochs, fineTuneEpochs, fineTuneRate, withSsd,
                    true, tag, seed);
        }
    }

    /**
     * One measured option.
     *
     * @param detector the detector family ({@link #YOLO_V2} or {@link #SSD})
     * @param option what was done
     * @param anchors which anchors the detector used at test time
     * @param newBrandAp50 the new brand's AP@0.5 (NaN for the 31-brand detector)
     * @param oldBrandsMap50 mean AP@0.5 of the 31 old brands
     * @param newBrandAp the new brand's AP@[.5:.95]
     * @param oldBrandsMap the old brands' mAP@[.5:.95]
     * @param trainingSeconds training time of this option alone (transfer: both phases, without the
     *     31-brand detector it starts from)
     * @param reused whether the saved detector was loaded instead of trained
     */
    public record Row(String detector, String option, String anchors, double newBrandAp50, double oldBrandsMap50, double newBrandAp,
            double oldBrandsMap, double trainingSeconds, boolean reused) {}

    /**
     * What the experiment found.
     *
     * @param newBrand the brand onboarded
     * @param gridSize S of the detectors' grid
     * @param anchorSets anchor set name to its anchors (cells), in the table's order
     * @param newBrandMeanIoU anchor set name to its mean best IoU with the new brand's training boxes
     * @param oldBrandsMeanIoU the same with the old brands' training boxes
     * @param rows the measured options, the 31-brand detector first
     * @param trainImages old and new training images used
     */
    public record Result(String newBrand, int gridSize, Map<String, float[][]> anchorSets,
            Map<String, Double> newBrandMeanIoU, Map<String, Double> oldBrandsMeanIoU, List<Row> rows,
            int[] trainImages) {

        /** The rows as a table: detector, option, anchors, AP@0.5 new, mAP@0.5 old, AP new, mAP old, minutes. */
        public Table table() {
            StringColumn detector = StringColumn.create("detector");
            StringColumn option = StringColumn.create("option");
            StringColumn anchors = StringColumn.create("anchors");
            DoubleColumn newAp50 = DoubleColumn.create("new brand AP@0.5");
            DoubleColumn oldMap50 = DoubleColumn.create("old brands mAP@0.5");
            DoubleColumn newAp = DoubleColumn.create("new brand AP");
            DoubleColumn oldMap = DoubleColumn.create("old brands mAP");
            DoubleColumn minutes = DoubleColumn.create("training min");
            BooleanColumn reused = BooleanColumn.create("reused");
            for (Row r : rows) {
                detector.append(r.detector());
                option.append(r.option());
                anchors.append(r.anchors());
                newAp50.append(r.newBrandAp50());
                oldMap50.append(r.oldBrandsMap50());
                newAp.append(r.newBrandAp());
                oldMap.append(r.oldBrandsMap());
                minutes.append(r.trainingSeconds() / 60);
                reused.append(r.reused());
            }
            for (DoubleColumn c : new DoubleColumn[] {newAp50, oldMap50, newAp, oldMap}) {
                c.setPrintFormatter(NumberColumnFormatter.fixedWithGrouping(3));
            }
            minutes.setPrintFormatter(NumberColumnFormatter.fixedWithGrouping(2));
            return Table.create("Onboarding " + newBrand + " (test split)", detector, option, anchors, newAp50, oldMap50, newAp,
                    oldMap, minutes, reused);
        }

        /** Grouped bars: the new brand's AP@0.5 and the old brands' mAP@0.5 of each option. */
        public JFreeChart chart() {
            DefaultCategoryDataset data = new DefaultCategoryDataset();
            for (Row r : rows) {
                String name = r.detector() + ": " + r.option() + " / " + r.anchors();
                data.addValue(Double.isNaN(r.newBrandAp50()) ? 0 : r.newBrandAp50(), "new brand AP@0.5", name);
                data.addValue(r.oldBrandsMap50(), "old brands mAP@0.5", name);
            }
            JFreeChart chart = org.jfree.chart.ChartFactory.createBarChart("Onboarding " + newBrand
                    + ": new brand vs old brands", "option / anchors", "AP@0.5", data);
            CategoryPlot plot = chart.getCategoryPlot();
            plot.getDomainAxis().setCategoryLabelPositions(org.jfree.chart.axis.CategoryLabelPositions.UP_45);
            plot.setBackgroundPaint(java.awt.Color.WHITE);
            plot.setRangeGridlinePaint(java.awt.Color.LIGHT_GRAY);
            org.jfree.chart.renderer.category.BarRenderer bars = (org.jfree.chart.renderer.category.BarRenderer) plot
                    .getRenderer();
            bars.setBarPainter(new org.jfree.chart.renderer.category.StandardBarPainter());
            bars.setShadowVisible(false);
            bars.setSeriesPaint(0, org.logokit.viz.Palette.color(0));
            bars.setSeriesPaint(1, org.logokit.viz.Palette.color(1));
            return chart;
        }

        /** The row of a detector family, option and anchor set, or null. */
        public Row row(String detector, String option, String anchors) {
            return rows.stream().filter(r -> r.detector().equals(detector) && r.option().equals(option)
                    && r.anchors().equals(anchors)).findFirst().orElse(null);
        }
    }

    /** Option names in the table. */
    public static final String BASE = "31 brands", TRANSFER = "transfer", SCRATCH = "from scratch",
            MISMATCH = "transfer, tested with other anchors";
    /** Anchor set names ({@link #DEFAULT_BOXES}: SSD's own, the same for every option). */
    public static final String OLD = "old", REFIT = "re-fitted old + new", NEW_ONLY = "new brand only",
            DEFAULT_BOXES = "SSD default boxes";
    /** Detector family names. */
    public static final String YOLO_V2 = "YOLOv2", SSD = "SSD";
    /** Prefix of the saved SSDs' names. */
    public static final String SSD_PREFIX = "12-ssd-";

    /**
     * Runs the experiment on the located dataset.
     *
     * @param settings what to run
     * @param log progress and reuse notes
     */
    public static Result run(Settings settings, PrintStream log) throws IOException {
        FlickrLogos32 data = DatasetLocator.locate().open();
        int newId = LogoClasses.idOf(settings.newBrand());
        String brand = LogoClasses.nameOf(newId);
        List<String> oldClasses = new ArrayList<>(LogoClasses.BRANDS);
        oldClasses.remove(brand);
        List<String> allClasses = new ArrayList<>(oldClasses);
        allClasses.add(brand);
        Predicate<LogoImage> isNew = i -> i.classId() == newId;

        LogoDetectionDataset oldTrain = detection(data, Split.TRAINVAL, isNew.negate(), true, settings.oldTrainLimit(),
                settings);
        LogoDetectionDataset newTrain = detection(data, Split.TRAINVAL, isNew, true, settings.newImages(), settings);
        LogoDetectionDataset replay = detection(data, Split.TRAINVAL, isNew.negate(), true, settings.replayOld(),
                settings);
        LogoDetectionDataset test = detection(data, Split.TEST, i -> true, false, settings.testLimit(), settings);
        RelabelledDetectionDataset baseTrain = relabel(List.of(oldTrain), oldClasses, settings, true);
        RelabelledDetectionDataset transferTrain = relabel(List.of(newTrain, replay), allClasses, settings, true);
        RelabelledDetectionDataset scratchTrain = relabel(List.of(oldTrain, newTrain), allClasses, settings, true);
        RelabelledDetectionDataset test31 = relabel(List.of(test), oldClasses, settings, false);
        RelabelledDetectionDataset test32 = relabel(List.of(test), allClasses, settings, false);
        log.printf(Locale.ROOT, "Onboarding %s: %d old training images, %d of %s (+ %d old replayed), %d test images"
                + " at %d px%n", brand, oldTrain.size(), newTrain.size(), brand, replay.size(), test.size(),
                settings.imageSize());

        YoloV2.Config base = YoloV2.Config.defaults(new float[][] {{1, 1}})
                .withWidth(Backbone.Width.QUARTER, YoloExperiment.headChannels(Backbone.Width.QUARTER))
                .withFrozenStages(settings.frozenStages());
        int grid = new YoloV2(YoloV2.spec("probe", oldClasses, settings.imageSize(), base)).gridSize();
        float[][] oldSizes = TrainingBoxes.of(detection(data, Split.TRAINVAL, isNew.negate(), false,
                settings.oldTrainLimit(), settings)).sizesInCells(grid);
        float[][] newSizes = TrainingBoxes.of(detection(data, Split.TRAINVAL, isNew, false, settings.newImages(),
                settings)).sizesInCells(grid);
        float[][] bothSizes = concat(oldSizes, newSizes);
        Map<String, float[][]> anchors = new LinkedHashMap<>();
        anchors.put(OLD, YoloAnchors.fit(oldSizes, settings.numAnchors()).anchors());
        anchors.put(REFIT, YoloAnchors.fit(bothSizes, settings.numAnchors()).anchors());
        anchors.put(NEW_ONLY, newSizes.length >= settings.numAnchors()
                ? YoloAnchors.fit(newSizes, settings.numAnchors()).anchors() : anchors.get(REFIT));
        Map<String, Double> newIoU = new LinkedHashMap<>();
        Map<String, Double> oldIoU = new LinkedHashMap<>();
        anchors.forEach((name, set) -> {
            newIoU.put(name, KMeansAnchors.meanIoU(newSizes, set));
            oldIoU.put(name, KMeansAnchors.meanIoU(oldSizes, set));
            log.printf(Locale.ROOT, "Anchors %-20s %s: mean IoU %.3f with %s's %d boxes, %.3f with the old brands'%n",
                    name, YoloExperiment.format(set), newIoU.get(name), brand, newSizes.length, oldIoU.get(name));
        });

        List<Row> rows = new ArrayList<>();
        DetectionEvaluator evaluator = DetectionEvaluator.builder().progressBar(false).build();
        DetectorSpec baseSpec = YoloV2.spec(PREFIX + "31-brands-" + settings.tag(), oldClasses, settings.imageSize(),
                base.withAnchors(anchors.get(OLD)));
        Path baseFolder;
        try (TrainedDetectors.Trained trained = TrainedDetectors.loadOrTrain(baseSpec, settings.retrain(),
                (model, runs) -> fitPretrained(model, runs, baseTrain, settings, log), log)) {
            baseFolder = trained.folder();
            DetectionReport report = evaluator.evaluate(trained.model(), test31);
            rows.add(row(YOLO_V2, BASE, OLD, report, oldClasses.size(), -1, trained.history().totalSeconds(),
                    trained.reused()));
        }

        for (String set : List.of(OLD, REFIT, NEW_ONLY)) {
            DetectorSpec spec = YoloV2.spec(PREFIX + "transfer-" + slug(set) + "-" + settings.tag(), allClasses,
                    settings.imageSize(), base.withAnchors(anchors.get(set)));
            DetectionHistory[] head = new DetectionHistory[1];
            try (TrainedDetectors.Trained trained = TrainedDetectors.loadOrTrain(spec, settings.retrain(),
                    (model, runs) -> {
                        DetectionHistory[] both = transfer(model, runs, baseFolder, transferTrain, settings, log);
                        head[0] = both[0];
                        return both[1];
                    }, log)) {
                double seconds = trained.history().totalSeconds() + headSeconds(trained, head[0]);
                DetectionReport report = evaluator.evaluate(trained.model(), test32);
                rows.add(row(YOLO_V2, TRANSFER, set, report, oldClasses.size(), oldClasses.size(), seconds,
                        trained.reused()));
                if (set.equals(REFIT)) {
                    rows.add(mismatch(trained.model(), spec, anchors.get(OLD), evaluator, test32, oldClasses.size(),
                            trained.reused()));
                }
            }
        }

        DetectorSpec scratchSpec = YoloV2.spec(PREFIX + "scratch-" + settings.tag(), allClasses, settings.imageSize(),
                base.withAnchors(anchors.get(REFIT)));
        try (TrainedDetectors.Trained trained = TrainedDetectors.loadOrTrain(scratchSpec, settings.retrain(),
                (model, runs) -> fitPretrained(model, runs, scratchTrain, settings, log), log)) {
            DetectionReport report = evaluator.evaluate(trained.model(), test32);
            rows.add(row(YOLO_V2, SCRATCH, REFIT, report, oldClasses.size(), oldClasses.size(),
                    trained.history().totalSeconds(), trained.reused()));
        }
        if (settings.withSsd()) {
            onboardSsd(settings, oldClasses, allClasses, baseTrain, transferTrain, scratchTrain, test31, test32,
                    evaluator, rows, log);
        }
        for (Row r : rows) {
            log.printf(Locale.ROOT, "%-7s %-36s %-20s new AP@0.5 %.3f  old mAP@0.5 %.3f  %.2f min%s%n", r.detector(),
                    r.option(), r.anchors(), r.newBrandAp50(), r.oldBrandsMap50(), r.trainingSeconds() / 60,
                    r.reused() ? " (reused)" : "");
        }
        return new Result(brand, grid, anchors, newIoU, oldIoU, List.copyOf(rows),
                new int[] {Math.toIntExact(oldTrain.size()), Math.toIntExact(newTrain.size())});
    }

    /**
     * SSD's rows: a 31-brand SSD, its transfer to 32 brands by the same recipe (grown class heads,
     * head only, then everything with the small rate) and a 32-brand SSD from scratch, on the same
     * images as YOLOv2's rows. Default boxes are SSD's own, so there is no anchor question.
     */
    private static void onboardSsd(Settings settings, List<String> oldClasses, List<String> allClasses,
            RelabelledDetectionDataset baseTrain, RelabelledDetectionDataset transferTrain,
            RelabelledDetectionDataset scratchTrain, RelabelledDetectionDataset test31,
            RelabelledDetectionDataset test32, DetectionEvaluator evaluator, List<Row> rows, PrintStream log)
            throws IOException {
        Ssd.Config config = ssdConfig(settings);
        int old = oldClasses.size();
        Path baseFolder;
        try (TrainedDetectors.Trained trained = TrainedDetectors.loadOrTrain(
                Ssd.spec(SSD_PREFIX + "31-brands-" + settings.tag(), oldClasses, settings.imageSize(), config),
                settings.retrain(), (model, runs) -> fitPretrained(model, runs, baseTrain, settings, log), log)) {
            baseFolder = trained.folder();
            rows.add(row(SSD, BASE, DEFAULT_BOXES, evaluator.evaluate(trained.model(), test31), old, -1,
                    trained.history().totalSeconds(), trained.reused()));
        }
        DetectionHistory[] head = new DetectionHistory[1];
        try (TrainedDetectors.Trained trained = TrainedDetectors.loadOrTrain(
                Ssd.spec(SSD_PREFIX + "transfer-" + settings.tag(), allClasses, settings.imageSize(), config),
                settings.retrain(), (model, runs) -> {
                    DetectionHistory[] both = transfer(model, runs, baseFolder, transferTrain, settings, log);
                    head[0] = both[0];
                    return both[1];
                }, log)) {
            double seconds = trained.history().totalSeconds() + headSeconds(trained, head[0]);
            rows.add(row(SSD, TRANSFER, DEFAULT_BOXES, evaluator.evaluate(trained.model(), test32), old, old, seconds,
                    trained.reused()));
        }
        try (TrainedDetectors.Trained trained = TrainedDetectors.loadOrTrain(
                Ssd.spec(SSD_PREFIX + "scratch-" + settings.tag(), allClasses, settings.imageSize(), config),
                settings.retrain(), (model, runs) -> fitPretrained(model, runs, scratchTrain, settings, log), log)) {
            rows.add(row(SSD, SCRATCH, DEFAULT_BOXES, evaluator.evaluate(trained.model(), test32), old, old,
                    trained.history().totalSeconds(), trained.reused()));
        }
    }

    /**
     * Chapter 09's SSD on the quarter-width backbone with the run's frozen stages; below 224 pixels
     * two extra maps instead of three (a 128-pixel input has a 4-cell C5 map: 4 → 2 → 1).
     */
    static Ssd.Config ssdConfig(Settings settings) {
        Ssd.Config defaults = Ssd.Config.defaults().withFrozenStages(settings.frozenStages());
        if (settings.imageSize() >= 224) {
            return defaults;
        }
        float[] two = {2};
        float[] twoThree = {2, 3};
        return new Ssd.Config(defaults.width(), defaults.frozenStages(), new int[] {128, 64}, defaults.sMin(),
                defaults.sMax(), new float[][] {two, twoThree, twoThree, two, two}, false, defaults.boxLoss(),
                defaults.boxLossWeight(), defaults.negativesPerPositive(), defaults.matchThreshold(),
                defaults.scoreThreshold(), defaults.nmsThreshold(), defaults.maxDetections());
    }

    /** Trains a fresh detector from chapter 03's pretrained backbone ({@link DetectorRun#fit}). */
    private static DetectionHistory fitPretrained(Model model, Path runs, RelabelledDetectionDataset train,
            Settings settings, PrintStream log) throws IOException {
        DetectorRun.Plan plan = new DetectorRun.Plan(settings.baseEpochs(), settings.learningRate(),
                Math.min(100, (int) Math.max(1, train.size() / settings.batchSize())), false, true, false);
        return DetectorRun.fit(model, runs, train, null, plan, log);
    }

    /** Copies a trained detector's weights into the grown one of the same family. */
    static void copyGrowing(Detector trained, Detector grown) {
        if (trained instanceof YoloV2 from && grown instanceof YoloV2 to) {
            YoloV2Growth.copyGrowing(from, to);
        } else if (trained instanceof Ssd from && grown instanceof Ssd to) {
            SsdGrowth.copyGrowing(from, to);
        } else {
            throw new IllegalArgumentException("Cannot grow a " + trained.getClass().getSimpleName() + " into a "
                    + grown.getClass().getSimpleName() + "; onboarding supports YOLOv2 and SSD");
        }
    }

    /**
     * Whether a child block of the detector is part of its predicting head (trained in phase 1):
     * YOLOv2's head; SSD's class and box convolutions of every map.
     */
    static boolean isHead(Detector detector, String childName) {
        if (detector instanceof Ssd) {
            return childName.matches(".*(class|box)\\d+");
        }
        return childName.endsWith("head");
    }

    /**
     * Seed 000's recipe: copy the 31-brand weights into the grown detector, train the head alone,
     * then everything (but the always-frozen stages) with a small learning rate.
     *
     * @return {head-only history, fine-tuning history}
     */
    static DetectionHistory[] transfer(Model model, Path runs, Path baseFolder,
            RelabelledDetectionDataset train, Settings settings, PrintStream log) throws IOException {
        Detector grown = DetectorArtifact.detectorOf(model);
        try (Model trained = Detectors.load(baseFolder)) {
            copyGrowing(DetectorArtifact.detectorOf(trained), grown);
        }
        List<Block> body = new ArrayList<>();
        grown.getChildren().forEach(child -> {
            if (!isHead(grown, child.getKey())) {
                body.add(child.getValue());
            }
        });
        DetectionHistory head = new DetectionHistory(grown.lossNames());
        if (settings.headEpochs() > 0) {
            body.forEach(b -> b.freezeParameters(true));
            log.println("Phase 1: only the head learns (everything before it frozen)");
            Path headRuns = runs.resolveSibling(runs.getFileName() + "-head-only");
            org.logokit.train.AtomicFiles.deleteTree(headRuns);
            head = DetectorTrainer.builder(model).epochs(settings.headEpochs()).learningRate(settings.learningRate())
                    .warmUpIterations(1).checkpointDir(headRuns).log(log).build().fit(train);
            org.logokit.train.AtomicFiles.deleteTree(headRuns);
            body.forEach(b -> b.freezeParameters(false, ParameterCount::isLearnable));
            // the pretrained early stages stay frozen, as in every other run
            Backbone backbone = DetectorRun.backboneOf(grown);
            backbone.trunk().names().subList(0, settings.frozenStages())
                    .forEach(name -> backbone.trunk().child(name).freezeParameters(true));
        }
        log.printf(Locale.ROOT, "Phase 2: everything fine-tuned at learning rate %s%n", settings.fineTuneRate());
        DetectionHistory all = DetectorTrainer.builder(model).epochs(settings.fineTuneEpochs())
                .learningRate(settings.fineTuneRate()).warmUpIterations(1).checkpointDir(runs).log(log).build()
                .fit(train);
        return new DetectionHistory[] {head, all};
    }

    /** Seconds of the head-only phase: from this run, or saved beside the detector by an earlier one. */
    private static double headSeconds(TrainedDetectors.Trained trained, DetectionHistory head) throws IOException {
        Path file = trained.folder().resolve(HEAD_HISTORY);
        if (head != null) {
            head.save(file);
            return head.totalSeconds();
        }
        return Files.isRegularFile(file) ? DetectionHistory.load(file).totalSeconds() : 0;
    }

    /** The transfer detector's weights in a detector with other anchors (same number), evaluated. */
    private static Row mismatch(Model trained, DetectorSpec spec, float[][] otherAnchors, DetectionEvaluator evaluator,
            RelabelledDetectionDataset test, int oldCount, boolean reused) throws IOException {
        YoloV2.Config config = spec.settings(YoloV2.Config.class).withAnchors(otherAnchors);
        DetectorSpec swapped = YoloV2.spec(spec.name() + "-swapped", spec.classes(), spec.imageSize(), config);
        try (Model model = Detectors.newModel(swapped)) {
            YoloV2Growth.copyGrowing((YoloV2) DetectorArtifact.detectorOf(trained),
                    (YoloV2) DetectorArtifact.detectorOf(model));
            return row(YOLO_V2, MISMATCH, OLD + " (trained with " + REFIT + ")", evaluator.evaluate(model, test), oldCount,
                    oldCount, 0, reused);
        }
    }

    private static Row row(String detector, String option, String anchors, DetectionReport report, int oldCount,
            int newClass, double seconds, boolean reused) {
        DetectionMetrics m = report.metrics();
        double[] old50 = new double[oldCount];
        double[] old = new double[oldCount];
        for (int c = 0; c < oldCount; c++) {
            old50[c] = m.averagePrecision(c, 0.5);
            old[c] = m.averagePrecision(c);
        }
        double new50 = newClass < 0 ? Double.NaN : present(m.averagePrecision(newClass, 0.5));
        double newAp = newClass < 0 ? Double.NaN : present(m.averagePrecision(newClass));
        return new Row(detector, option, anchors, new50, meanPresent(old50), newAp, meanPresent(old), seconds, reused);
    }

    private static double present(double ap) {
        return DetectionMetrics.isAbsent(ap) ? Double.NaN : ap;
    }

    private static double meanPresent(double[] values) {
        return Arrays.stream(values).filter(v -> !DetectionMetrics.isAbsent(v)).average().orElse(Double.NaN);
    }

    private static LogoDetectionDataset detection(FlickrLogos32 data, Split split, Predicate<LogoImage> keep,
            boolean augment, int limit, Settings settings) {
        LogoDetectionDataset.Builder b = LogoDetectionDataset.builder().dataset(data).split(split)
                .imageSize(settings.imageSize()).filter(keep).augment(augment).maxBoxes(MAX_BOXES)
                .seed(settings.seed()).setSampling(settings.batchSize(), augment);
        if (limit > 0) {
            b.limit(limit);
        }
        return b.build();
    }

    private static RelabelledDetectionDataset relabel(List<LogoDetectionDataset> sources, List<String> classes,
            Settings settings, boolean shuffle) {
        return RelabelledDetectionDataset.builder(sources, classes).setSampling(settings.batchSize(), shuffle).build();
    }

    private static float[][] concat(float[][] a, float[][] b) {
        float[][] out = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }

    private static String slug(String name) {
        return name.replaceAll("[^a-z0-9]+", "-").replaceAll("(^-|-$)", "");
    }

    /**
     * Runs the experiment from a shell with the current profile's settings.
     *
     * @param args {@code --retrain} to train again
     */
    public static void main(String[] args) throws IOException {
        Settings settings = Settings.forProfile(Profile.current());
        if (Arrays.asList(args).contains("--retrain")) {
            settings = settings.retraining();
        }
        Result r = run(settings, System.out);
        System.out.println(r.table().printAll());
    }
}
