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
import org.logokit.detect.fpn.FpnFasterRcnn;
import org.logokit.detect.fpn.LevelMapper;
import org.logokit.detect.rcnn.FasterRcnn;
import org.logokit.detect.rcnn.RpnConfig;
import org.logokit.eval.DetectionEvaluator;
import org.logokit.eval.DetectionReport;
import org.logokit.eval.ImageGroundTruth;
import org.logokit.model.ModelArtifact;
import org.logokit.train.DetectionHistory;
import org.logokit.train.DetectorTrainer;
import org.logokit.train.TrainedDetectors;
import org.logokit.transfer.SourceBrandPretraining;

/**
 * Chapter 10's experiment: the same Faster R-CNN with and without a feature pyramid, on the course's
 * detection split, measured on the test logos (COCO mAP, mAP@0.5, AP per brand, and the AP of the
 * small logos, where a pyramid should pay).
 *
 * <ul>
 *   <li><b>without</b>: chapter 07's single-level model ({@link FasterRcnnExperiment}, C4, 9 anchors
 *       per cell); its saved model is reused when chapter 07 trained it with the same settings;
 *   <li><b>with</b>: {@link FpnFasterRcnn}: P2..P6, one anchor size per level with chapter 07's aspect
 *       ratios, multi-scale RoIAlign; trained with chapter 07's recipe (learning rate, batch, frozen
 *       stem, chapter 03's pretrained backbone, RoI head) for {@link Settings#epochs()} epochs
 *       (the full profile: 3, half of chapter 07's, for time).
 * </ul>
 * It also counts the test logos by the pyramid level the {@link LevelMapper} assigns them to.
 *
 * <pre>
 *   java ... -Dlogokit.profile=full org.logokit.experiments.PyramidExperiment [--retrain]
 * </pre>
 */
public final class PyramidExperiment {

    private PyramidExperiment() {}

    /**
     * What to run.
     *
     * @param plain chapter 07's settings (the model without a pyramid, and the shared recipe)
     * @param name the FPN model's saved name
     * @param pyramidWidth channels of every pyramid level
     * @param anchorSizes one anchor size per level P2..P6 in input pixels
     * @param canonicalSize the level mapper's s0 (the paper's 224)
     * @param validationLimit at most this many validation images per epoch for the FPN model (0: all)
     * @param epochs the FPN model's training epochs (the rest of its recipe is chapter 07's)
     * @param retrain train the FPN model even when a matching one is saved
     */
    public record Settings(FasterRcnnExperiment.Settings plain, String name, int pyramidWidth, float[] anchorSizes,
            double canonicalSize, long validationLimit, int epochs, boolean retrain) {
        /** Checks the settings. */
        public Settings {
            Objects.requireNonNull(plain, "plain");
            Objects.requireNonNull(name, "name");
            if (anchorSizes == null || anchorSizes.length != 5) {
                throw new IllegalArgumentException("Give one anchor size for each of P2..P6");
            }
            if (epochs < 1) {
                throw new IllegalArgumentException("The FPN model needs at least 1 epoch, got " + epochs);
            }
            anchorSizes = anchorSizes.clone();
        }

        /**
         * The chapter's settings: chapter 07's, plus a pyramid of width 64 (smoke: 16) with anchors
         * 16, 32, 64, 128, 256 on P2..P6 (the smallest logos at 256 pixels are about 16 pixels). The
         * FPN model trains 3 epochs in the full profile, half of chapter 07's 6, so that the chapter
         * fits well under half an hour on 2 cores (its training step costs 1.6 times chapter 07's);
         * smoke: chapter 07's 1.
         */
        public static Settings of(Profile profile) {
            FasterRcnnExperiment.Settings plain = FasterRcnnExperiment.Settings.of(profile);
            return new Settings(plain, DetectorRecipe.modelName("10-faster-rcnn-fpn", profile), profile.pick(16, 64),
                    new float[] {16, 32, 64, 128, 256}, LevelMapper.CANONICAL_SIZE, profile.pick(8, 0),
                    profile.pick(plain.epochs(), 3), false);
        }

        /** These settings, retraining the FPN model or not (the plain one follows {@code plain}). */
        public Settings retraining(boolean value) {
            return new Settings(plain, name, pyramidWidth, anchorSizes, canonicalSize, validationLimit, epochs, value);
        }

        /** These settings retraining both models. */
        public Settings retrainingBoth(boolean value) {
            return new Settings(plain.retraining(value), name, pyramidWidth, anchorSizes, canonicalSize, validationLimit,
                    epochs, value);
        }

        /** The FPN model's RPN: chapter 07's thresholds, samples and proposal counts, one size per level. */
        public RpnConfig rpn() {
            RpnConfig base = plain.rpn();
            float[][] sizes = new float[5][];
            float[][] ratios = new float[5][];
            for (int level = 0; level < 5; level++) {
                sizes[level] = new float[] {anchorSizes[level]};
                ratios[level] = base.anchorRatios()[0].clone();
            }
            return new RpnConfig(sizes, ratios, base.foregroundIoU(), base.backgroundIoU(), base.batchSizePerImage(),
                    base.positiveFraction(), base.preNmsTopNTrain(), base.postNmsTopNTrain(), base.preNmsTopNTest(),
                    base.postNmsTopNTest(), base.nmsThreshold(), base.minSize(), base.boxBeta(), base.seed());
        }

        /** The FPN detector, for the given brands. */
        public DetectorSpec fpnSpec(List<String> classes) {
            return FpnFasterRcnn.spec(name, classes, plain.imageSize(), new FpnFasterRcnn.Config(DetectorRecipe.WIDTH,
                    plain.frozenStages(), pyramidWidth, canonicalSize, rpn(), plain.roi()));
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Settings s && plain.equals(s.plain) && name.equals(s.name)
                    && pyramidWidth == s.pyramidWidth && java.util.Arrays.equals(anchorSizes, s.anchorSizes)
                    && canonicalSize == s.canonicalSize && validationLimit == s.validationLimit && epochs == s.epochs
                    && retrain == s.retrain;
        }

        @Override
        public int hashCode() {
            return Objects.hash(plain, name, pyramidWidth, java.util.Arrays.hashCode(anchorSizes), canonicalSize, epochs);
        }

        @Override
        public String toString() {
            return "PyramidExperiment.Settings[" + name + ", width " + pyramidWidth + ", anchors "
                    + java.util.Arrays.toString(anchorSizes) + ", s0 " + canonicalSize + ", " + epochs + " epochs, plain "
                    + plain + "]";
        }
    }

    /**
     * The test logos counted by the level the mapper pools them from.
     *
     * @param levels level numbers, finest first (2..5)
     * @param counts logos per level
     * @param sides median box side sqrt(wh) in input pixels of the logos of each level (NaN if none)
     */
    public record LevelCounts(int[] levels, int[] counts, double[] sides) {
        /** Number of logos counted. */
        public int total() {
            return java.util.Arrays.stream(counts).sum();
        }

        /** E.g. {@code P2 812 (median 38 px) · P3 141 (median 131 px) · ...}. */
        public String describe() {
            StringBuilder text = new StringBuilder();
            for (int i = 0; i < levels.length; i++) {
                text.append(i == 0 ? "" : " · ").append(String.format(Locale.ROOT, "P%d %d", levels[i], counts[i]));
                if (counts[i] > 0) {
                    text.append(String.format(Locale.ROOT, " (median %.0f px)", sides[i]));
                }
            }
            return text.toString();
        }
    }

    /**
     * What came out.
     *
     * @param plain the model without a pyramid (chapter 07's), its history and test report
     * @param fpn the FPN model (close it) and its history
     * @param fpnReport the FPN model's test report
     * @param levels the test logos by assigned level
     * @param splits the sizes of the three sets
     */
    public record Result(FasterRcnnExperiment.Result plain, TrainedDetectors.Trained fpn, DetectionReport fpnReport,
            LevelCounts levels, String splits) implements AutoCloseable {

        /** The FPN model's training history. */
        public DetectionHistory fpnHistory() {
            return fpn.history();
        }

        /** The FPN model. */
        public Model fpnModel() {
            return fpn.model();
        }

        @Override
        public void close() {
            try {
                fpn.close();
            } finally {
                plain.close();
            }
        }
    }

    /** Runs the experiment (see the class comment). */
    public static Result run(Settings settings, PrintStream log) throws IOException {
        log.println("== without a pyramid (chapter 07's Faster R-CNN)");
        FasterRcnnExperiment.Result plain = FasterRcnnExperiment.run(settings.plain(), log);
        try {
            log.println("== with a feature pyramid");
            DetectionSplits splits = settings.plain().splits();
            DetectorSpec spec = settings.fpnSpec(splits.test().classNames());
            TrainedDetectors.Trained fpn = TrainedDetectors.loadOrTrain(spec, settings.retrain(),
                    (model, checkpoints) -> train(model, checkpoints, settings, splits, log), log);
            try {
                DetectionReport report = DetectionEvaluator.builder().keepDetections(true).build()
                        .evaluate(fpn.model(), splits.test());
                log.println("Test: " + report.summary());
                LevelCounts levels = countLevels(new LevelMapper(2, 5, LevelMapper.CANONICAL_LEVEL,
                        settings.canonicalSize()), report.groundTruth());
                log.println("Test logos by pyramid level: " + levels.describe());
                return new Result(plain, fpn, report, levels, plain.splits());
            } catch (IOException | RuntimeException e) {
                fpn.close();
                throw e;
            }
        } catch (IOException | RuntimeException e) {
            plain.close();
            throw e;
        }
    }

    private static DetectionHistory train(Model model, Path checkpoints, Settings settings, DetectionSplits splits,
            PrintStream log) throws IOException {
        FasterRcnnExperiment.Settings recipe = settings.plain();
        FasterRcnn detector = (FasterRcnn) model.getBlock();
        if (recipe.pretrained()) {
            try (ModelArtifact source = SourceBrandPretraining.courseBackbone(log)) {
                detector.backbone().loadWeights(source);
            }
        }
        return DetectorTrainer.builder(model).epochs(settings.epochs()).learningRate(recipe.learningRate())
                .validation(splits.validation()).evaluator(DetectionEvaluator.builder()
                        .maxImages(settings.validationLimit()).progressBar(false).build())
                .checkpointDir(checkpoints).log(log).build().fit(splits.train());
    }

    /** Counts ground-truth boxes by the level the mapper assigns them to. */
    public static LevelCounts countLevels(LevelMapper mapper, List<ImageGroundTruth> truth) {
        int n = mapper.maxLevel() - mapper.minLevel() + 1;
        int[] levels = new int[n];
        int[] counts = new int[n];
        List<List<Double>> sides = new java.util.ArrayList<>();
        for (int i = 0; i < n; i++) {
            levels[i] = mapper.minLevel() + i;
            sides.add(new java.util.ArrayList<>());
        }
        for (ImageGroundTruth image : truth) {
            for (float[] box : image.boxes()) {
                double w = box[2] - box[0];
                double h = box[3] - box[1];
                int at = mapper.level(w, h) - mapper.minLevel();
                counts[at]++;
                sides.get(at).add(Math.sqrt(Math.max(0, w * h)));
            }
        }
        double[] medians = new double[n];
        for (int i = 0; i < n; i++) {
            List<Double> s = sides.get(i);
            java.util.Collections.sort(s);
            medians[i] = s.isEmpty() ? Double.NaN : s.get(s.size() / 2);
        }
        return new LevelCounts(levels, counts, medians);
    }

    /** Runs the chapter's experiment from the command line; see the class comment. */
    public static void main(String[] args) throws IOException {
        Profile profile = Profile.current();
        Settings settings = Settings.of(profile).retraining(List.of(args).contains("--retrain"));
        long start = System.nanoTime();
        try (Result result = run(settings, System.out)) {
            System.out.println(result.fpnHistory().toLog());
            System.out.println("without a pyramid: " + result.plain().report().summary());
            System.out.println("with a pyramid:    " + result.fpnReport().summary());
            System.out.println("test logos by level: " + result.levels().describe());
            System.out.printf(Locale.ROOT, "Total %.1f min (profile %s)%n", (System.nanoTime() - start) / 6e10, profile);
        }
    }
}
