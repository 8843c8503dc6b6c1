package org.logokit.experiments;

import ai.djl.Model;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import org.logokit.config.Profile;
import org.logokit.data.DetectionSplits;
import org.logokit.detect.DetectorSpec;
import org.logokit.detect.rcnn.FasterRcnn;
import org.logokit.detect.rcnn.PoolerKind;
import org.logokit.detect.rcnn.RoiConfig;
import org.logokit.detect.rcnn.RpnConfig;
import org.logokit.eval.DetectionEvaluator;
import org.logokit.eval.DetectionReport;
import org.logokit.model.ModelArtifact;
import org.logokit.train.DetectionHistory;
import org.logokit.train.DetectorTrainer;
import org.logokit.train.TrainedDetectors;
import org.logokit.transfer.SourceBrandPretraining;

/**
 * Chapter 07's experiment: Faster R-CNN (backbone, RPN, RoI heads) trained end to end on the four
 * losses from chapter 03's pretrained backbone, on the course's detection split
 * ({@link DetectionSplits}), then measured on the test logo images: COCO mAP, mAP@0.5, per-brand AP
 * and the detections of every test image (for pictures). A model saved by an earlier run with the
 * same spec is reused unless {@code retrain} is set.
 *
 * <pre>
 *   java ... org.logokit.experiments.FasterRcnnExperiment [--retrain] [--pooler ROI_POOL|CROP_AND_RESIZE|ROI_ALIGN]
 * </pre>
 */
public final class FasterRcnnExperiment {

    private FasterRcnnExperiment() {}

    /**
     * What to run.
     *
     * @param name the saved model's name ({@code <data>/models/<name>})
     * @param imageSize input size S
     * @param batchSize images per batch
     * @param epochs training epochs
     * @param learningRate peak SGD learning rate (warm-up, then cosine)
     * @param trainLimit at most this many training images (0: all)
     * @param testLimit at most this many test images (0: all)
     * @param frozenStages backbone blocks kept frozen
     * @param pretrained start from chapter 03's pretrained backbone (else random weights)
     * @param rpn the RPN settings
     * @param roi the RoI-head settings (pooler, samples, MLP width, post-processing)
     * @param retrain train even when a matching model is saved
     */
    public record Settings(String name, int imageSize, int batchSize, int epochs, float learningRate, long trainLimit,
            long testLimit, int frozenStages, boolean pretrained, RpnConfig rpn, RoiConfig roi, boolean retrain) {
        /** Checks the settings. */
        public Settings {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(rpn, "rpn");
            Objects.requireNonNull(roi, "roi");
            if (epochs < 1 || batchSize < 1) {
                throw new IllegalArgumentException("Need epochs >= 1 and batchSize >= 1");
            }
        }

        /**
         * The chapter's settings for a profile (RoIAlign), with the paper's RPN thresholds: trained
         * once with chapter 06's course recipe (positive from IoU 0.5, box term x 5) it reached the same
         * test mAP@0.5 (0.182 against 0.185) and trained a quarter slower, so the chapter keeps the paper's.
         */
        public static Settings of(Profile profile) {
            RoiConfig roi = RoiConfig.defaults(PoolerKind.ROI_ALIGN).withRepresentationSize(profile.pick(64, 256))
                    .withSample(profile.pick(64, 128), 0.25);
            return new Settings(DetectorRecipe.modelName("07-faster-rcnn", profile), DetectorRecipe.imageSize(profile),
                    4, profile.pick(1, 10), 0.02f, profile.pick(24, 0), profile.pick(16, 0), 1, true,
                    DetectorRecipe.paperRpn(profile), roi, false);
        }

        /** These settings, retraining or not. */
        public Settings retraining(boolean value) {
            return new Settings(name, imageSize, batchSize, epochs, learningRate, trainLimit, testLimit, frozenStages,
                    pretrained, rpn, roi, value);
        }

        /** These settings with another pooler (and a model name that says so). */
        public Settings withPooler(PoolerKind kind) {
            String suffix = kind == PoolerKind.ROI_ALIGN ? "" : "-" + kind.name().toLowerCase(Locale.ROOT).replace('_', '-');
            String base = name.replaceAll("-(roi-pool|crop-and-resize)$", "");
            return new Settings(base + suffix, imageSize, batchSize, epochs, learningRate, trainLimit, testLimit,
                    frozenStages, pretrained, rpn, roi.withPooler(kind), retrain);
        }

        /** These settings with another number of epochs. */
        public Settings withEpochs(int value) {
            return new Settings(name, imageSize, batchSize, value, learningRate, trainLimit, testLimit, frozenStages,
                    pretrained, rpn, roi, retrain);
        }

        /** The detector these settings train, for the given brands. */
        public DetectorSpec spec(List<String> classes) {
            return FasterRcnn.spec(name, classes, imageSize, new FasterRcnn.Config(DetectorRecipe.WIDTH,
                    DetectorRecipe.LEVEL, frozenStages, rpn, roi));
        }

        /** The detection split at these sizes. */
        public DetectionSplits splits() {
            return DetectionSplits.of(DetectionSplits.Settings.of(imageSize, batchSize).limited(trainLimit, testLimit));
        }
    }

    /**
     * What came out.
     *
     * @param trained the trained detector (close it), its history and folder
     * @param report the test report: mAP, per-brand AP, detections of every test image
     * @param splits the sizes of the three sets
     */
    public record Result(TrainedDetectors.Trained trained, DetectionReport report, String splits)
            implements AutoCloseable {

        /** The training history (every loss term per iteration and epoch, validation mAP). */
        public DetectionHistory history() {
            return trained.history();
        }

        @Override
        public void close() {
            trained.close();
        }
    }

    /** Runs the experiment (see the class comment). */
    public static Result run(Settings settings, PrintStream log) throws IOException {
        DetectionSplits splits = settings.splits();
        String sizes = splits.describe();
        log.println("Faster R-CNN on " + sizes);
        DetectorSpec spec = settings.spec(splits.test().classNames());
        TrainedDetectors.Trained trained = TrainedDetectors.loadOrTrain(spec, settings.retrain(),
                (model, checkpoints) -> train(model, checkpoints, settings, splits, log), log);
        try {
            DetectionReport report = DetectionEvaluator.builder().keepDetections(true).build()
                    .evaluate(trained.model(), splits.test());
            log.println("Test: " + report.summary());
            return new Result(trained, report, sizes);
        } catch (IOException | RuntimeException e) {
            trained.close();
            throw e;
        }
    }

    private static DetectionHistory train(Model model, Path checkpoints, Settings settings, DetectionSplits splits,
            PrintStream log) throws IOException {
        FasterRcnn detector = (FasterRcnn) model.getBlock();
        if (settings.pretrained()) {
            try (ModelArtifact source = SourceBrandPretraining.courseBackbone(log)) {
                detector.backbone().loadWeights(source);
            }
        }
        return DetectorTrainer.builder(model).epochs(settings.epochs()).learningRate(settings.learningRate())
                .validation(splits.validation()).checkpointDir(checkpoints).log(log).build().fit(splits.train());
    }

    /** Runs the chapter's experiment from the command line; see the class comment. */
    public static void main(String[] args) throws IOException {
        Profile profile = Profile.current();
        Settings settings = Settings.of(profile).retraining(List.of(args).contains("--retrain"));
        int pooler = List.of(args).indexOf("--pooler");
        if (pooler >= 0 && pooler + 1 < args.length) {
            settings = settings.withPooler(PoolerKind.valueOf(args[pooler + 1].toUpperCase(Locale.ROOT)));
        }
        long start = System.nanoTime();
        try (Result result = run(settings, System.out)) {
            System.out.println(result.history().toLog());
            System.out.println(result.report().summary());
            System.out.printf(Locale.ROOT, "Total %.1f min (profile %s)%n", (System.nanoTime() - start) / 6e10, profile);
        }
    }
}
