package org.logokit.experiments;

import ai.djl.Model;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.training.dataset.Batch;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import org.logokit.config.KitPaths;
import org.logokit.config.Profile;
import org.logokit.data.DetectionSplits;
import org.logokit.data.LogoDetectionDataset;
import org.logokit.detect.DetectionBatch;
import org.logokit.detect.DetectorSpec;
import org.logokit.detect.TargetAssigner;
import org.logokit.detect.catalog.Detectors;
import org.logokit.detect.fpn.FeaturePyramid;
import org.logokit.detect.retina.RetinaNet;
import org.logokit.eval.DetectionEvaluator;
import org.logokit.eval.DetectionReport;
import org.logokit.model.ModelArtifact;
import org.logokit.train.AtomicFiles;
import org.logokit.train.DetectionHistory;
import org.logokit.train.DetectorTrainer;
import org.logokit.train.Seeds;
import org.logokit.train.TrainedDetectors;
import org.logokit.train.TrainingDivergence;
import org.logokit.transfer.SourceBrandPretraining;

/**
 * Chapter 11's experiment: the same RetinaNet trained twice, with the focal loss and with plain
 * cross-entropy (same seed, same initial weights, same epochs and schedule), measured on the test
 * logos; before that, the class imbalance in numbers (anchors per image against positives), and the
 * first iterations with and without the prior-probability bias.
 *
 * <ol>
 *   <li><b>Imbalance:</b> RetinaNet's anchors matched to the validation images' logos (IoU &ge; 0.5
 *       foreground, &lt; 0.4 background, ignored between): how many of each per image.
 *   <li><b>Prior:</b> two fresh models, class-logit bias for π = 0.01 and π = 0.5 (bias 0), trained
 *       for the same first iterations; the loss of every iteration.
 *   <li><b>Focal loss against cross-entropy:</b> both trained with the chapter's recipe from chapter
 *       03's pretrained backbone; saved and reused when the settings match. A run that diverges
 *       (typically cross-entropy: its ~10⁴ background anchors per image swamp the loss) is recorded
 *       as such, with its losses up to the batch where it diverged, and the experiment goes on.
 * </ol>
 *
 * <pre>
 *   java ... -Dlogokit.profile=full org.logokit.experiments.FocalLossExperiment [--retrain | --imbalance]
 * </pre>
 * {@code --imbalance} counts the anchors by role and stops (no training).
 */
public final class FocalLossExperiment {

    private FocalLossExperiment() {}

    /**
     * What to run.
     *
     * @param name prefix of the saved models' names ({@code -focal}, {@code -ce} are appended)
     * @param imageSize input size S
     * @param batchSize images per batch
     * @param epochs training epochs of each of the two runs
     * @param learningRate peak learning rate (warm-up, then cosine)
     * @param adam train with Adam instead of SGD with momentum (same schedule and clipping)
     * @param trainLimit at most this many training images (0: all)
     * @param testLimit at most this many test images (0: all)
     * @param validationLimit at most this many validation images per epoch (0: all)
     * @param pretrained start from chapter 03's pretrained backbone (else random weights)
     * @param retina the RetinaNet with the focal loss (the cross-entropy run changes only its loss)
     * @param priorIterations iterations of the prior study
     * @param imbalanceImages validation images the imbalance is counted on
     * @param seed the seed both runs start from
     * @param compareSaved also measure chapter 07's and chapter 10's Faster R-CNNs on the same test
     *     images when they are saved (they are never trained here)
     * @param retrain train even when matching models are saved
     */
    public record Settings(String name, int imageSize, int batchSize, int epochs, float learningRate, boolean adam,
            long trainLimit,
            long testLimit, long validationLimit, boolean pretrained, RetinaNet.Config retina, int priorIterations, int imbalanceImages,
            int seed, boolean compareSaved, boolean retrain) {
        /** Checks the settings. */
        public Settings {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(retina, "retina");
            if (epochs < 1 || batchSize < 1 || priorIterations < 1 || imbalanceImages < 1) {
                throw new IllegalArgumentException("Need epochs, batchSize, priorIterations and imbalanceImages >= 1");
            }
            if (!retina.usesFocalLoss()) {
                throw new IllegalArgumentException("The settings' RetinaNet is the focal-loss one (gamma > 0); the"
                        + " cross-entropy run is derived from it");
            }
        }

        /**
         * The chapter's settings: chapter 07's input size and batch, the quarter-width backbone with
         * its stem frozen, a pyramid and towers of width 64 (smoke: 16), anchors 16 .. 256 on
         * P3..P7 (3 scales each) with chapter 07's aspect ratios, the paper's focal loss; Adam at
         * 10⁻³ (100 warm-up iterations, then cosine) for 4 epochs of every training image (smoke: 1
         * epoch of 16). Adam rather than the paper's SGD: in a few thousand iterations on 2 cores,
         * SGD at 0.01 barely moved the class loss of the 64-wide head, and SGD at 0.02 diverged
         * (measured on 64 training images; chapter 11's "what we measured").
         */
        public static Settings of(Profile profile) {
            float base = 16;
            RetinaNet.Config retina = new RetinaNet.Config(DetectorRecipe.WIDTH, 1, profile.pick(16, 64),
                    FeaturePyramid.Extra.P6P7_FROM_C5, 4, new float[] {base, 2 * base, 4 * base, 8 * base, 16 * base}, 3,
                    DetectorRecipe.ANCHOR_RATIOS.clone(), 0.5, 0.4, 0.25, 2.0, 0.01, RetinaNet.BoxLoss.L1, 1.0 / 9, 0.05,
                    1000, 0.5, 100);
            return new Settings(DetectorRecipe.modelName("11-retinanet", profile), DetectorRecipe.imageSize(profile),
                    4, profile.pick(1, 4), 1e-3f, true, profile.pick(16, 0), profile.pick(8, 0), profile.pick(8, 0), true,
                    retina, profile.pick(2, 30), profile.pick(8, 48), 11, true, false);
        }

        /** These settings, retraining or not. */
        public Settings retraining(boolean value) {
            return new Settings(name, imageSize, batchSize, epochs, learningRate, adam, trainLimit, testLimit, validationLimit, pretrained,
                    retina, priorIterations, imbalanceImages, seed, compareSaved, value);
        }

        /** These settings with another number of epochs. */
        public Settings withEpochs(int value) {
            return new Settings(name, imageSize, batchSize, value, learningRate, adam, trainLimit, testLimit, validationLimit, pretrained,
                    retina, priorIterations, imbalanceImages, seed, compareSaved, retrain);
        }

        /** These settings with another peak learning rate (both runs and the prior study). */
        public Settings withLearningRate(float value) {
            return new Settings(name, imageSize, batchSize, epochs, value, adam, trainLimit, testLimit, validationLimit, pretrained,
                    retina, priorIterations, imbalanceImages, seed, compareSaved, retrain);
        }

        /** These settings measuring the saved Faster R-CNNs too, or not. */
        public Settings comparingSaved(boolean value) {
            return new Settings(name, imageSize, batchSize, epochs, learningRate, adam, trainLimit, testLimit, validationLimit, pretrained,
                    retina, priorIterations, imbalanceImages, seed, value, retrain);
        }

        /** The focal-loss RetinaNet, for the given brands. */
        public DetectorSpec focalSpec(List<String> classes) {
            return RetinaNet.spec(name + "-focal", classes, imageSize, retina);
        }

        /** The same RetinaNet with binary cross-entropy (gamma 0, no alpha). */
        public DetectorSpec crossEntropySpec(List<String> classes) {
            return RetinaNet.spec(name + "-ce", classes, imageSize, retina.withCrossEntropy());
        }

        /** The detection split at these sizes. */
        public DetectionSplits splits() {
            return DetectionSplits.of(DetectionSplits.Settings.of(imageSize, batchSize).limited(trainLimit, testLimit));
        }
    }

    /**
     * Anchors of one image by what they are trained as (means over the images counted).
     *
     * @param images images counted
     * @param anchors anchors per image
     * @param classes brands (sigmoid outputs per anchor)
     * @param positives foreground anchors per image (matched to a logo)
     * @param ignored anchors left out of the loss (IoU between the thresholds)
     * @param negatives background anchors per image
     * @param logos logos per image
     */
    public record Imbalance(int images, long anchors, int classes, double positives, double ignored, double negatives,
            double logos) {
        /** Background anchors per foreground anchor. */
        public double negativesPerPositive() {
            return negatives / Math.max(positives, 1e-9);
        }

        /** (anchor, brand) pairs the classification loss sums over per image, ignored anchors excluded. */
        public double pairs() {
            return (positives + negatives) * classes;
        }

        /** A one-line summary. */
        public String describe() {
            return String.format(Locale.ROOT, "%,d anchors per image: %.1f foreground (%.1f logos), %.0f ignored,"
                    + " %,.0f background (%,.0f per foreground anchor); x %d brands = %,.0f sigmoid outputs in the"
                    + " loss", anchors, positives, logos, ignored, negatives, negativesPerPositive(), classes, pairs());
        }
    }

    /**
     * One of the two training runs: a trained detector with its test report, or a run that
     * diverged (a result too: the point of the focal loss and the prior is that the one-stage
     * detector trains stably), with the losses up to the batch where it diverged.
     *
     * @param label "focal loss" or "cross-entropy"
     * @param history the run's history (a diverged run's ends with the batch that diverged)
     * @param trained the trained detector (close it), or null when the run diverged
     * @param report its test report, or null when the run diverged
     * @param divergence where and why it diverged, or null when it trained to the end
     */
    public record Run(String label, DetectionHistory history, TrainedDetectors.Trained trained, DetectionReport report,
            TrainingDivergence divergence) implements AutoCloseable {
        /** Checks that the run either trained (model and report) or diverged. */
        public Run {
            Objects.requireNonNull(label, "label");
            Objects.requireNonNull(history, "history");
            if ((divergence == null) == (trained == null || report == null)) {
                throw new IllegalArgumentException("A run has a trained model and its report, or a divergence");
            }
        }

        /** Whether training diverged. */
        public boolean diverged() {
            return divergence != null;
        }

        /** Whether the trained detector was loaded instead of trained (false for a diverged run). */
        public boolean reused() {
            return trained != null && trained.reused();
        }

        /** The trained model; throws for a diverged run. */
        public Model model() {
            return trainedOrThrow().model();
        }

        /** Where the trained model is saved; throws for a diverged run. */
        public Path folder() {
            return trainedOrThrow().folder();
        }

        /** The test report; throws for a diverged run. */
        public DetectionReport testReport() {
            trainedOrThrow();
            return report;
        }

        /** "mAP@0.5 0.123 on 960 test images", or "diverged in epoch 0, batch 15 (...)". */
        public String describe() {
            return diverged() ? divergence.describe() : report.summary();
        }

        private TrainedDetectors.Trained trainedOrThrow() {
            if (trained == null) {
                throw new IllegalStateException("The " + label + " run " + divergence.describe() + ": it has no"
                        + " model and no test report. Check run.diverged() first; its history() holds the losses up to"
                        + " there.");
            }
            return trained;
        }

        @Override
        public void close() {
            if (trained != null) {
                trained.close();
            }
        }
    }

    /**
     * What came out.
     *
     * @param imbalance the anchors by role
     * @param prior per variant ("π = 0.01", "π = 0.5 (bias 0)"), the class and box loss of each
     *     of the first iterations (up to the batch where a variant diverged, if one did)
     * @param focal the focal-loss run (trained or diverged)
     * @param crossEntropy the cross-entropy run (trained or diverged)
     * @param saved test reports of the saved two-stage detectors found (chapter 07's Faster R-CNN,
     *     chapter 10's FPN Faster R-CNN), by name; empty when none is saved
     * @param splits the sizes of the three sets
     */
    public record Result(Imbalance imbalance, Map<String, DetectionHistory> prior, Run focal, Run crossEntropy,
            Map<String, DetectionReport> saved, String splits) implements AutoCloseable {

        /** The focal-loss run's test report (throws when that run diverged). */
        public DetectionReport focalReport() {
            return focal.testReport();
        }

        /** The cross-entropy run's test report (throws when that run diverged: see {@link #diverged()}). */
        public DetectionReport crossEntropyReport() {
            return crossEntropy.testReport();
        }

        /** Every test report of a detector that trained, RetinaNet's first: the rows of a comparison table. */
        public Map<String, DetectionReport> reports() {
            Map<String, DetectionReport> all = new LinkedHashMap<>();
            for (Run run : List.of(focal, crossEntropy)) {
                if (!run.diverged()) {
                    all.put("RetinaNet, " + run.label(), run.report());
                }
            }
            all.putAll(saved);
            return all;
        }

        /** The runs that diverged, by row name ("RetinaNet, cross-entropy"), each with where it did. */
        public Map<String, String> diverged() {
            Map<String, String> rows = new LinkedHashMap<>();
            for (Run run : List.of(focal, crossEntropy)) {
                if (run.diverged()) {
                    rows.put("RetinaNet, " + run.label(), run.divergence().describe());
                }
            }
            return rows;
        }

        /** The comparison table: every detector's test AP, and a row saying where a run diverged. */
        public tech.tablesaw.api.Table comparison(String title) {
            return DetectorComparison.of(title, reports(), diverged());
        }

        /** The two runs' histories, focal first (a diverged run's up to the batch where it diverged). */
        public Map<String, DetectionHistory> histories() {
            Map<String, DetectionHistory> runs = new LinkedHashMap<>();
            runs.put(focal.label(), focal.history());
            runs.put(crossEntropy.label(), crossEntropy.history());
            return runs;
        }

        @Override
        public void close() {
            try {
                focal.close();
            } finally {
                crossEntropy.close();
            }
        }
    }

    /** Runs the experiment (see the class comment) on the course's split, models under {@code <data>/models}. */
    public static Result run(Settings settings, PrintStream log) throws IOException {
        return run(settings, settings.splits(), KitPaths.dataDir(), log);
    }

    /**
     * Runs the experiment on a given split, saving and reusing models under {@code dataDir}.
     *
     * @param settings what to run (its image and batch sizes must be the split's)
     * @param splits the images (e.g. a FlickrLogos-32 tree other than the located one)
     * @param dataDir the folder whose {@code models/} and {@code runs/} hold the trained detectors
     * @param log where progress and results are printed
     */
    public static Result run(Settings settings, DetectionSplits splits, Path dataDir, PrintStream log)
            throws IOException {
        Objects.requireNonNull(splits, "splits");
        Objects.requireNonNull(dataDir, "dataDir");
        if (splits.settings().imageSize() != settings.imageSize() || splits.settings().batchSize() != settings.batchSize()) {
            throw new IllegalArgumentException(String.format(Locale.ROOT, "The split is %d px in batches of %d but the"
                    + " settings say %d px in batches of %d: build the split with settings.splits() or the same sizes",
                    splits.settings().imageSize(), splits.settings().batchSize(), settings.imageSize(),
                    settings.batchSize()));
        }
        String sizes = splits.describe();
        log.println("RetinaNet on " + sizes);
        List<String> classes = splits.test().classNames();
        DetectorSpec focalSpec = settings.focalSpec(classes);

        Imbalance imbalance = imbalance(focalSpec, splits.validation(), settings.imbalanceImages());
        log.println("Imbalance: " + imbalance.describe());

        Map<String, DetectionHistory> prior = new LinkedHashMap<>();
        DetectionSplits firstBatches = DetectionSplits.of(splits.dataset(), splits.settings()
                .limited((long) settings.priorIterations() * settings.batchSize(), 1));
        for (double pi : new double[] {settings.retina().priorProbability(), 0.5}) {
            String label = pi == 0.5 ? "π = 0.5 (bias 0)" : String.format(Locale.ROOT, "π = %s", pi);
            DetectorSpec spec = RetinaNet.spec(settings.name() + "-prior", classes, settings.imageSize(),
                    settings.retina().withPrior(pi));
            Seeds.fix(settings.seed());
            try (Model model = Detectors.newModel(spec)) {
                log.println("== first " + settings.priorIterations() + " iterations, " + label);
                prior.put(label, train(model, null, settings, 1, firstBatches.train(), null, log));
            } catch (TrainingDivergence e) {
                // the first iterations are what this part shows, diverged or not
                log.println("The first iterations with " + label + " " + e.describe() + ".");
                prior.put(label, e.history().orElseThrow());
            }
        }

        DetectionEvaluator evaluator = DetectionEvaluator.builder().keepDetections(true).build();
        log.println("== focal loss");
        Run focal = trainOrLoad("focal loss", focalSpec, settings, splits, dataDir, evaluator, log);
        Run crossEntropy = null;
        try {
            log.println("== cross-entropy");
            crossEntropy = trainOrLoad("cross-entropy", settings.crossEntropySpec(classes), settings, splits, dataDir,
                    evaluator, log);
            log.println("Test, focal loss:    " + focal.describe());
            log.println("Test, cross-entropy: " + crossEntropy.describe());
            Map<String, DetectionReport> saved = settings.compareSaved() ? savedTwoStage(splits, dataDir, evaluator, log)
                    : Map.of();
            return new Result(imbalance, prior, focal, crossEntropy, saved, sizes);
        } catch (IOException | RuntimeException e) {
            focal.close();
            if (crossEntropy != null) {
                crossEntropy.close();
            }
            throw e;
        }
    }

    /** Chapter 07's and chapter 10's detectors of this profile, when saved, measured on {@code splits}' test set. */
    private static Map<String, DetectionReport> savedTwoStage(DetectionSplits splits, Path dataDir,
            DetectionEvaluator evaluator, PrintStream log) throws IOException {
        PyramidExperiment.Settings chapter10 = PyramidExperiment.Settings.of(Profile.current());
        List<String> classes = splits.test().classNames();
        Map<String, DetectorSpec> specs = new LinkedHashMap<>();
        specs.put("Faster R-CNN (C4, chapter 07)", chapter10.plain().spec(classes));
        specs.put("Faster R-CNN with FPN (chapter 10)", chapter10.fpnSpec(classes));
        Map<String, DetectionReport> reports = new LinkedHashMap<>();
        for (Map.Entry<String, DetectorSpec> entry : specs.entrySet()) {
            Path folder = modelsFolder(dataDir, entry.getValue().name());
            var saved = TrainedDetectors.loadIfMatching(folder, entry.getValue());
            if (saved.isEmpty()) {
                log.println("No saved " + entry.getKey() + " in " + folder + " (run its chapter to add it here).");
                continue;
            }
            try (TrainedDetectors.Trained trained = saved.get()) {
                DetectionReport report = evaluator.evaluate(trained.model(), splits.test());
                log.println("Test, " + entry.getKey() + ": " + report.summary());
                reports.put(entry.getKey(), report);
            }
        }
        return reports;
    }

    /**
     * Loads or trains one run, then measures it on the test images. A run that diverges is a
     * result: its history up to there is kept, its checkpoints are deleted (a rerun starts it over
     * from the same seed instead of resuming mid-way), and no model is saved.
     */
    private static Run trainOrLoad(String label, DetectorSpec spec, Settings settings, DetectionSplits splits,
            Path dataDir, DetectionEvaluator evaluator, PrintStream log) throws IOException {
        // the same seed before each fresh model: both runs start from the same weights
        Seeds.fix(settings.seed());
        Path runs = dataDir.resolve("runs").resolve(spec.name());
        TrainedDetectors.Trained trained;
        try {
            trained = TrainedDetectors.loadOrTrain(modelsFolder(dataDir, spec.name()), runs, spec, settings.retrain(),
                    (model, checkpoints) -> train(model, checkpoints, settings, settings.epochs(), splits.train(),
                            splits.validation(), log), log);
        } catch (TrainingDivergence e) {
            log.println("The " + label + " run " + e.describe() + ": recorded as this run's result.");
            AtomicFiles.deleteTree(runs);
            return new Run(label, e.history().orElseThrow(), null, null, e);
        }
        try {
            return new Run(label, trained.history(), trained, evaluator.evaluate(trained.model(), splits.test()), null);
        } catch (RuntimeException e) {
            trained.close();
            throw e;
        }
    }

    /** {@code <dataDir>/models/<name>}, the layout of {@link TrainedDetectors#folder(String)}. */
    private static Path modelsFolder(Path dataDir, String name) {
        return dataDir.resolve("models").resolve(name);
    }

    private static DetectionHistory train(Model model, Path checkpoints, Settings settings, int epochs,
            LogoDetectionDataset train, LogoDetectionDataset validation, PrintStream log) throws IOException {
        RetinaNet net = (RetinaNet) model.getBlock();
        if (settings.pretrained()) {
            try (ModelArtifact source = SourceBrandPretraining.courseBackbone(log)) {
                net.backbone().loadWeights(source);
            }
        }
        DetectorTrainer.Builder trainer = DetectorTrainer.builder(model).epochs(epochs)
                .learningRate(settings.learningRate()).adam(settings.adam()).log(log);
        if (validation != null) {
            trainer.validation(validation).evaluator(DetectionEvaluator.builder().maxImages(settings.validationLimit())
                    .progressBar(false).build());
        }
        if (checkpoints != null) {
            trainer.checkpointDir(checkpoints);
        }
        return trainer.build().fit(train);
    }

    /**
     * Counts RetinaNet's anchors by role on the first images of a dataset.
     *
     * @param spec a RetinaNet spec (its anchors, thresholds and classes)
     * @param data images with their logos
     * @param images how many images to count (at most the dataset's size)
     */
    public static Imbalance imbalance(DetectorSpec spec, LogoDetectionDataset data, int images) throws IOException {
        RetinaNet net = new RetinaNet(spec);
        long perImage = java.util.Arrays.stream(net.anchorsPerLevel()).sum();
        long positives = 0;
        long ignored = 0;
        long negatives = 0;
        long logos = 0;
        int counted = 0;
        try (NDManager manager = NDManager.newBaseManager()) {
            NDArray anchors = net.anchors(manager);
            for (Batch batch : data.getData(manager)) {
                try (batch) {
                    DetectionBatch truth = DetectionBatch.of(batch.getLabels());
                    TargetAssigner.Targets t = net.assigner().assign(anchors, truth);
                    int take = Math.min(truth.size(), images - counted);
                    NDArray label = t.matchLabel().get("0:" + take);
                    positives += label.eq(TargetAssigner.POSITIVE).toType(DataType.INT64, false).sum().getLong();
                    ignored += label.eq(TargetAssigner.IGNORED).toType(DataType.INT64, false).sum().getLong();
                    negatives += label.eq(TargetAssigner.NEGATIVE).toType(DataType.INT64, false).sum().getLong();
                    for (int i = 0; i < take; i++) {
                        logos += truth.count(i);
                    }
                    counted += take;
                }
                if (counted >= images) {
                    break;
                }
            }
        } catch (ai.djl.translate.TranslateException e) {
            throw new IOException("Cannot read the images to count the anchors on: " + e.getMessage(), e);
        }
        if (counted == 0) {
            throw new IllegalArgumentException("No images to count the anchors on");
        }
        return new Imbalance(counted, perImage, spec.numClasses(), (double) positives / counted,
                (double) ignored / counted, (double) negatives / counted, (double) logos / counted);
    }

    /** Runs the chapter's experiment from the command line; see the class comment. */
    public static void main(String[] args) throws IOException {
        Profile profile = Profile.current();
        Settings settings = Settings.of(profile).retraining(List.of(args).contains("--retrain"));
        long start = System.nanoTime();
        if (List.of(args).contains("--imbalance")) {
            // the first part alone: no training, seconds
            DetectionSplits splits = settings.splits();
            System.out.println("RetinaNet on " + splits.describe() + " (profile " + profile + ")");
            System.out.println(imbalance(settings.focalSpec(splits.test().classNames()), splits.validation(),
                    settings.imbalanceImages()).describe() + ", counted on " + settings.imbalanceImages()
                    + " validation images");
            return;
        }
        try (Result result = run(settings, System.out)) {
            System.out.println(result.imbalance().describe());
            result.prior().forEach((name, h) -> System.out.println("first iterations, " + name + ": class loss "
                    + java.util.Arrays.toString(h.iterationValues("class"))));
            result.histories().forEach((name, h) -> System.out.println(name + "\n" + h.toLog()));
            System.out.println("focal loss:    " + result.focal().describe());
            System.out.println("cross-entropy: " + result.crossEntropy().describe());
            result.saved().forEach((name, report) -> System.out.println(name + ": " + report.summary()));
            System.out.printf(Locale.ROOT, "Total %.1f min (profile %s)%n", (System.nanoTime() - start) / 6e10, profile);
        }
    }
}
