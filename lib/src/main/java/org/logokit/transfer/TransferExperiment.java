package org.logokit.transfer;

import ai.djl.engine.Engine;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.logokit.config.KitPaths;
import org.logokit.config.Profile;
import org.logokit.data.LogoClassificationDataset;
import org.logokit.data.Split;
import org.logokit.data.tools.CommandLine;
import org.logokit.data.synth.SynthSize;
import org.logokit.model.Architectures;
import org.logokit.model.ModelArtifact;
import org.logokit.model.ModelSpec;
import org.logokit.train.AtomicFiles;
import org.logokit.train.ClassifierTrainer;
import org.logokit.train.EpochRecord;
import org.logokit.train.Seeds;
import org.logokit.train.TrainingHistory;

/**
 * Chapter 03's transfer experiment: on the 8 held-out brands, train once from the source backbone
 * (head phase, then fine-tuning) and once from random weights for the same number of epochs, and
 * compare the two runs epoch by epoch and at their best validation epoch.
 *
 * <p>The notebook {@code notebooks/03-transfer-learning.ipynb} and {@link #main} both call
 * {@link #run}, with the source backbone of {@link SourceBrandPretraining#courseBackbone}; the
 * command exists to measure the full profile without a Jupyter kernel, and its options change one
 * setting at a time to study the recipe. The two target runs start afresh: their checkpoint folder
 * ({@code <dataDir>/runs/03-transfer-<profile>}) is emptied first.
 *
 * <pre>
 *   java -cp ... -Dlogokit.profile=full org.logokit.transfer.TransferExperiment
 *        [--image-size N] [--pretrain-epochs N] [--head-epochs N] [--fine-epochs N]
 *        [--head-lr X] [--fine-lr X] [--backbone-multiplier X] [--scratch-lr X] [--no-scratch]
 * </pre>
 */
public final class TransferExperiment {

    private TransferExperiment() {}

    /**
     * How the experiment runs.
     *
     * @param imageSize square input size (the source backbone's)
     * @param batchSize images per batch
     * @param limit most validation and test images per set ({@code Integer.MAX_VALUE}: all)
     * @param pretrainEpochs epochs of pretraining when the source backbone is not saved yet
     * @param headEpochs epochs of the head-only phase
     * @param fineEpochs epochs of fine-tuning everything
     * @param headLearningRate learning rate of the head phase
     * @param fineLearningRate learning rate of the head while fine-tuning
     * @param backboneMultiplier the backbone's share of the fine-tuning rate
     * @param scratchLearningRate learning rate of the run from random weights
     * @param scratchRun whether to train the baseline from random weights at all
     */
    public record Settings(int imageSize, int batchSize, int limit, int pretrainEpochs, int headEpochs,
            int fineEpochs, float headLearningRate, float fineLearningRate, float backboneMultiplier,
            float scratchLearningRate, boolean scratchRun) {

        /** Checks the values. */
        public Settings {
            if (imageSize < 32 || batchSize < 1 || limit < 1 || pretrainEpochs < 1 || headEpochs < 0
                    || fineEpochs < 0 || headEpochs + fineEpochs < 1) {
                throw new IllegalArgumentException("need image size >= 32, batch >= 1, limit >= 1, pretraining"
                        + " epochs >= 1 and at least one target epoch; got " + imageSize + ", " + batchSize + ", "
                        + limit + ", " + pretrainEpochs + ", " + headEpochs + " + " + fineEpochs);
            }
            if (!(headLearningRate > 0) || !(fineLearningRate > 0) || !(backboneMultiplier >= 0)
                    || !(scratchLearningRate > 0)) {
                throw new IllegalArgumentException("learning rates must be > 0 and the backbone multiplier >= 0");
            }
        }

        /** Chapter 03's settings for a profile (smoke: 64 pixels, 1 + 1 epochs; full: 128, 5 + 15). */
        public static Settings of(Profile profile) {
            return new Settings(profile.pick(64, 128), profile.pick(16, 32), profile.pick(200, Integer.MAX_VALUE),
                    profile.pick(2, 20), profile.pick(1, 5), profile.pick(1, 15), 0.1f, 0.05f, 0.1f, 0.05f, true);
        }
    }

    /**
     * What came out.
     *
     * @param brands the source and target brands
     * @param transferred the model trained from the source backbone (closed with the result)
     * @param transferHistory its epochs (two phases in one history)
     * @param scratchHistory the epochs of the run from random weights (empty without it)
     * @param sizes the target task's train, validation and test image counts
     * @param transferSeconds wall time of the transferred run
     * @param scratchSeconds wall time of the run from scratch
     */
    public record Result(SourceBrandPretraining.BrandSplit brands, ModelArtifact transferred,
            TrainingHistory transferHistory, TrainingHistory scratchHistory, long[] sizes, double transferSeconds,
            double scratchSeconds) implements AutoCloseable {

        /** The two runs epoch by epoch (validation and test accuracy) and their best epochs. */
        public String comparison() {
            StringBuilder out = new StringBuilder("epoch | transferred val  test | scratch val  test\n");
            List<EpochRecord> a = transferHistory.epochs();
            List<EpochRecord> b = scratchHistory.epochs();
            for (int i = 0; i < Math.max(a.size(), b.size()); i++) {
                out.append(String.format(Locale.ROOT, "%5d | %s | %s%n", i, cells(i < a.size() ? a.get(i) : null),
                        cells(i < b.size() ? b.get(i) : null)));
            }
            transferHistory.best().ifPresent(r -> out.append("best transferred: ").append(r.toLogLine()).append('\n'));
            scratchHistory.best().ifPresent(r -> out.append("best scratch:     ").append(r.toLogLine()).append('\n'));
            return out.toString();
        }

        @Override
        public void close() {
            transferred.close();
        }
    }

    /**
     * Runs both target runs from {@code source} (see the class comment).
     *
     * @param settings the experiment's settings (their image size must be the source's)
     * @param source the pretrained source model (stays open; the caller closes it)
     * @param log where progress goes
     * @return the two runs (close it: it holds the transferred model)
     */
    public static Result run(Settings settings, ModelArtifact source, PrintStream log) throws IOException {
        if (source.spec().imageSize() != settings.imageSize()) {
            throw new IllegalArgumentException("the source model takes " + source.spec().imageSize()
                    + " pixels but the settings ask for " + settings.imageSize());
        }
        Profile profile = Profile.current();
        int batchSize = settings.batchSize();
        int limit = settings.limit();
        SourceBrandPretraining.BrandSplit brands = SourceBrandPretraining.courseBrandSplit();
        LogoClassificationDataset trainAll = LogoClassificationDataset.builder().split(Split.TRAIN)
                .imageSize(settings.imageSize()).setSampling(batchSize, true).build();
        LogoClassificationDataset valAll = LogoClassificationDataset.builder().split(Split.VAL)
                .imageSize(settings.imageSize()).setSampling(batchSize, false).build();
        LogoClassificationDataset testAll = LogoClassificationDataset.builder().split(Split.TEST)
                .imageSize(settings.imageSize()).setSampling(batchSize, false).build();
        BrandSubset targetTrain = BrandSubset.builder(trainAll, brands.target()).setSampling(batchSize, true).build();
        BrandSubset targetVal = BrandSubset.builder(valAll, brands.target()).setSampling(batchSize, false)
                .optLimit(limit).build();
        BrandSubset targetTest = BrandSubset.builder(testAll, brands.target()).setSampling(batchSize, false)
                .optLimit(limit).build();
        long[] sizes = {targetTrain.size(), targetVal.size(), targetTest.size()};
        log.printf("target task: train %d, validation %d, test %d images%n", sizes[0], sizes[1], sizes[2]);
        ModelSpec targetSpec = source.spec().withClasses("target", brands.target());
        Path runs = KitPaths.dataDir().resolve("runs").resolve("03-transfer-" + profile.name().toLowerCase(Locale.ROOT));
        // both runs start afresh (the trainers would otherwise resume old checkpoints)
        AtomicFiles.deleteTree(runs);

        long t = System.nanoTime();
        ModelArtifact transferred = TransferLearning.withNewHead(source, targetSpec);
        try {
            log.println("== transferred backbone");
            TrainingHistory transferHistory = new TwoPhaseFineTuning(transferred)
                    .headPhase(settings.headEpochs(), settings.headLearningRate())
                    .fineTunePhase(settings.fineEpochs(), settings.fineLearningRate(), settings.backboneMultiplier())
                    .checkpointDir(runs.resolve("transferred")).log(log, true)
                    .fit(targetTrain, targetVal, targetTest);
            double transferSeconds = seconds(t);

            t = System.nanoTime();
            TrainingHistory scratchHistory = new TrainingHistory();
            if (settings.scratchRun()) {
                try (ModelArtifact scratch = ModelArtifact.create(targetSpec)) {
                    log.println("== from scratch");
                    scratchHistory = ClassifierTrainer.builder(scratch.model(), targetSpec)
                            .epochs(settings.headEpochs() + settings.fineEpochs())
                            .optimizer(ClassifierTrainer.sgd(settings.scratchLearningRate(), 0.001f))
                            .checkpointDir(runs.resolve("scratch")).resume(false).log(log)
                            .build()
                            .fit(targetTrain, targetVal, targetTest);
                }
            }
            return new Result(brands, transferred, transferHistory, scratchHistory, sizes, transferSeconds,
                    seconds(t));
        } catch (IOException | RuntimeException e) {
            transferred.close();
            throw e;
        }
    }

    /** Runs the experiment; see the class comment for the arguments. */
    public static void main(String[] args) throws IOException {
        Profile profile = Profile.current();
        Settings course = Settings.of(profile);
        Settings settings = null;
        try {
            CommandLine line = new CommandLine(args, Set.of("image-size", "pretrain-epochs", "head-epochs",
                    "fine-epochs", "head-lr", "fine-lr", "backbone-multiplier", "scratch-lr"), Set.of("no-scratch"));
            settings = new Settings(whole(line, "image-size", course.imageSize()), course.batchSize(), course.limit(),
                    whole(line, "pretrain-epochs", course.pretrainEpochs()),
                    whole(line, "head-epochs", course.headEpochs()), whole(line, "fine-epochs", course.fineEpochs()),
                    number(line, "head-lr", course.headLearningRate()),
                    number(line, "fine-lr", course.fineLearningRate()),
                    number(line, "backbone-multiplier", course.backboneMultiplier()),
                    number(line, "scratch-lr", course.scratchLearningRate()), !line.flag("no-scratch"));
        } catch (IllegalArgumentException e) {
            CommandLine.fail(e.getMessage() + " (options: see the Javadoc of " + TransferExperiment.class.getName()
                    + ")");
            return;
        }
        System.out.printf(Locale.ROOT, "Transfer experiment, profile %s, engine %s: %s%n", profile,
                Engine.getInstance().getEngineName(), settings);
        Seeds.fix(42);
        long start = System.nanoTime();
        try (ModelArtifact source = SourceBrandPretraining.courseBackbone(settings.imageSize(),
                settings.pretrainEpochs(), System.out)) {
            double pretrainSeconds = seconds(start);
            try (Result result = run(settings, source, System.out)) {
                System.out.println();
                System.out.print(result.comparison());
                System.out.printf(Locale.ROOT, "times: pretraining (or loading) %.0f s, transferred %.0f s, "
                        + "scratch %.0f s, total %.0f s%n", pretrainSeconds, result.transferSeconds(),
                        result.scratchSeconds(), seconds(start));
            }
        }
    }

    private static int whole(CommandLine line, String name, int fallback) {
        String value = line.value(name);
        try {
            return value == null ? fallback : Integer.parseInt(value);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("--" + name + " needs a whole number, got '" + value + "'");
        }
    }

    private static float number(CommandLine line, String name, float fallback) {
        String value = line.value(name);
        try {
            return value == null ? fallback : Float.parseFloat(value);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("--" + name + " needs a number, got '" + value + "'");
        }
    }

    static String cells(EpochRecord r) {
        return r == null ? "      -     -" : String.format(Locale.ROOT, "%15.3f %5.3f", r.valAccuracy(),
                r.testAccuracy());
    }

    private static double seconds(long startNanos) {
        return (System.nanoTime() - startNanos) / 1e9;
    }
}
