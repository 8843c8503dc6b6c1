package org.logokit.experiments;

import ai.djl.Model;
import java.io.IOException;
import java.io.PrintStream;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import org.logokit.config.Profile;
import org.logokit.data.ClassAgnosticDataset;
import org.logokit.data.DetectionSplits;
import org.logokit.detect.Detections;
import org.logokit.detect.DetectorSpec;
import org.logokit.detect.rcnn.RpnConfig;
import org.logokit.detect.rcnn.RpnDetector;
import org.logokit.eval.DetectionEvaluator;
import org.logokit.eval.DetectionReport;
import org.logokit.eval.ProposalRecall;
import org.logokit.model.ModelArtifact;
import org.logokit.train.DetectionHistory;
import org.logokit.train.DetectorTrainer;
import org.logokit.train.TrainedDetectors;
import org.logokit.transfer.SourceBrandPretraining;

/**
 * Chapter 06's experiment: train the region proposal network on its own, as a class-agnostic "is
 * there a logo here?" detector, from chapter 03's pretrained backbone, on the course's detection
 * split ({@link DetectionSplits}: train, validation hold-out, test logo images); then measure how
 * many test logos its first N proposals cover (recall at N, IoU 0.5) and its class-agnostic AP.
 * A model saved by an earlier run with the same spec is reused unless {@code retrain} is set.
 *
 * <pre>
 *   java ... org.logokit.experiments.RpnExperiment [--paper] [--retrain]   (profile from LOGOKIT_PROFILE)
 * </pre>
 */
public final class RpnExperiment {
    /** Proposal counts of the recall curve. */
    public static final int[] RECALL_COUNTS = {1, 2, 5, 10, 20, 50, 100, 200, 300};
    /** Training epochs of the full profile. */
    public static final int EPOCHS = 10;

    private RpnExperiment() {}

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
     * @param boxLossWeight weight of the box term {@code rpn_box} in the training loss
     * @param retrain train even when a matching model is saved
     */
    public record Settings(String name, int imageSize, int batchSize, int epochs, float learningRate, long trainLimit,
            long testLimit, int frozenStages, boolean pretrained, RpnConfig rpn, double boxLossWeight,
            boolean retrain) {
        /** Checks the settings. */
        public Settings {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(rpn, "rpn");
            if (epochs < 1 || batchSize < 1) {
                throw new IllegalArgumentException("Need epochs >= 1 and batchSize >= 1");
            }
            if (!(boxLossWeight > 0)) {
                throw new IllegalArgumentException("boxLossWeight must be positive, got " + boxLossWeight);
            }
        }

        /** The chapter's settings for a profile: the course's RPN ({@link DetectorRecipe}). */
        public static Settings of(Profile profile) {
            return new Settings(DetectorRecipe.modelName("06-rpn", profile), DetectorRecipe.imageSize(profile),
                    4, profile.pick(1, EPOCHS), 0.02f, profile.pick(24, 0), profile.pick(16, 0), 1, true,
                    DetectorRecipe.rpn(profile), DetectorRecipe.RPN_BOX_WEIGHT, false);
        }

        /**
         * The same RPN trained the paper's way: anchors positive from IoU 0.7 and the box term
         * weighted once; everything else as {@link #of(Profile)}.
         */
        public static Settings paper(Profile profile) {
            Settings course = of(profile);
            return new Settings(DetectorRecipe.modelName("06-rpn-paper", profile), course.imageSize, course.batchSize,
                    course.epochs, course.learningRate, course.trainLimit, course.testLimit, course.frozenStages,
                    course.pretrained, DetectorRecipe.paperRpn(profile), 1, false);
        }

        /** These settings, retraining or not. */
        public Settings retraining(boolean value) {
            return new Settings(name, imageSize, batchSize, epochs, learningRate, trainLimit, testLimit, frozenStages,
                    pretrained, rpn, boxLossWeight, value);
        }

        /** These settings with another number of epochs. */
        public Settings withEpochs(int value) {
            return new Settings(name, imageSize, batchSize, value, learningRate, trainLimit, testLimit, frozenStages,
                    pretrained, rpn, boxLossWeight, retrain);
        }

        /** The detector these settings train. */
        public DetectorSpec spec() {
            return RpnDetector.spec(name, imageSize, new RpnDetector.Config(DetectorRecipe.WIDTH, DetectorRecipe.LEVEL,
                    frozenStages, rpn));
        }

        /** The detection split at these sizes. */
        public DetectionSplits splits() {
            return DetectionSplits.of(DetectionSplits.Settings.of(imageSize, batchSize).limited(trainLimit, testLimit));
        }
    }

    /**
     * What came out.
     *
     * @param trained the trained RPN (close it), its history and folder
     * @param recall recall of the test logos at {@link #RECALL_COUNTS} proposals
     * @param report class-agnostic detection report on the test logos (AP of "logo"), with the
     *     proposals of every test image
     * @param splits the sizes of the three sets
     */
    public record Result(TrainedDetectors.Trained trained, ProposalRecall recall, DetectionReport report,
            String splits) implements AutoCloseable {

        /** The model's training history. */
        public DetectionHistory history() {
            return trained.history();
        }

        /** Recall at 100 proposals (the chapter's bar: 0.9). */
        public double recallAt100() {
            return recall.recallAt(100);
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
        log.println("Standalone RPN on " + sizes);
        DetectorSpec spec = settings.spec();
        TrainedDetectors.Trained trained = TrainedDetectors.loadOrTrain(spec, settings.retrain(),
                (model, checkpoints) -> train(model, checkpoints, settings, splits, log), log);
        try {
            DetectionReport report = DetectionEvaluator.builder().keepDetections(true).build()
                    .evaluate(trained.model(), ClassAgnosticDataset.of(splits.test(), settings.batchSize(), false));
            ProposalRecall recall = new ProposalRecall(RECALL_COUNTS, 0.5);
            List<Detections> proposals = report.detections();
            for (int i = 0; i < proposals.size(); i++) {
                recall.add(proposals.get(i), report.groundTruth().get(i));
            }
            log.printf(Locale.ROOT, "Test: recall@100 %.3f, AP(logo)@0.5 %.3f, %.1f images/s%n", recall.recallAt(100),
                    report.map50(), report.imagesPerSecond());
            return new Result(trained, recall, report, sizes);
        } catch (IOException | RuntimeException e) {
            trained.close();
            throw e;
        }
    }

    private static DetectionHistory train(Model model, java.nio.file.Path checkpoints, Settings settings,
            DetectionSplits splits, PrintStream log) throws IOException {
        RpnDetector detector = (RpnDetector) model.getBlock();
        if (settings.pretrained()) {
            try (ModelArtifact source = SourceBrandPretraining.courseBackbone(log)) {
                detector.backbone().loadWeights(source);
            }
        }
        return DetectorTrainer.builder(model).epochs(settings.epochs()).learningRate(settings.learningRate())
                .lossWeights(Map.of("rpn_box", settings.boxLossWeight()))
                .validation(ClassAgnosticDataset.of(splits.validation(), settings.batchSize(), false))
                .checkpointDir(checkpoints).log(log).build()
                .fit(ClassAgnosticDataset.of(splits.train(), settings.batchSize(), true));
    }

    /**
     * Runs the chapter's experiment from the command line; {@code --paper} trains the paper's
     * variant ({@link Settings#paper}), {@code --retrain} trains again.
     */
    public static void main(String[] args) throws IOException {
        Profile profile = Profile.current();
        Settings settings = (List.of(args).contains("--paper") ? Settings.paper(profile) : Settings.of(profile))
                .retraining(List.of(args).contains("--retrain"));
        long start = System.nanoTime();
        try (Result result = run(settings, System.out)) {
            System.out.println(result.history().toLog());
            System.out.print(result.recall().summary());
            System.out.print(result.recall().sizeSummary(100));
            System.out.printf(Locale.ROOT, "Total %.1f min (profile %s)%n", (System.nanoTime() - start) / 6e10, profile);
        }
    }
}
