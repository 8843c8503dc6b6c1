package org.logokit.transfer;

import ai.djl.engine.Engine;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import org.logokit.config.KitPaths;
import org.logokit.config.Profile;
import org.logokit.data.LogoClassificationDataset;
import org.logokit.data.Split;
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
 * Chapter 03's transfer experiment as a command: pretrain the quarter-width ResNet-18 on the 24
 * source brands, then train on the 8 held-out brands twice, once from the source backbone
 * (head phase, then fine-tuning) and once from random weights for the same number of epochs, and
 * print both runs epoch by epoch and at their best validation epoch.
 *
 * <p>It makes the same library calls as the notebook {@code notebooks/03-transfer-learning.ipynb}
 * (sections 2 and 3) with the same defaults per profile, so its numbers are the notebook's; it
 * exists to measure the full profile without a Jupyter kernel. The pretrained source model is
 * saved where the notebook looks for it ({@code <dataDir>/pretrained/...}), so a later notebook run
 * with the same image size reuses it. The two target runs start afresh: their checkpoint folder
 * ({@code <dataDir>/runs/03-transfer-<profile>}, the notebook's) is emptied first. The defaults
 * are the notebook's; the options change one setting at a time to study the recipe.
 *
 * <pre>
 *   java -cp ... -Dlogokit.profile=full org.logokit.transfer.TransferExperiment
 *        [--image-size N] [--pretrain-epochs N] [--head-epochs N] [--fine-epochs N]
 *        [--head-lr X] [--fine-lr X] [--backbone-multiplier X] [--scratch-lr X] [--no-scratch]
 * </pre>
 */
public final class TransferExperiment {

    private TransferExperiment() {}

    /** Runs the experiment; see the class comment for the arguments. */
    public static void main(String[] args) throws IOException {
        Profile profile = Profile.current();
        int imageSize = intArg(args, "--image-size", profile.pick(64, 128));
        int pretrainEpochs = intArg(args, "--pretrain-epochs", profile.pick(2, 20));
        int headEpochs = intArg(args, "--head-epochs", profile.pick(1, 5));
        int fineEpochs = intArg(args, "--fine-epochs", profile.pick(1, 15));
        float headLearningRate = floatArg(args, "--head-lr", 0.1f);
        float fineLearningRate = floatArg(args, "--fine-lr", 0.05f);
        float backboneMultiplier = floatArg(args, "--backbone-multiplier", 0.1f);
        float scratchLearningRate = floatArg(args, "--scratch-lr", 0.05f);
        boolean scratchRun = !List.of(args).contains("--no-scratch");
        int batchSize = profile.pick(16, 32);
        int limit = profile.pick(200, Integer.MAX_VALUE);
        System.out.printf(Locale.ROOT, "Transfer experiment, profile %s, engine %s: image %d, batch %d, "
                + "pretraining %d epochs, head %d epochs at %s + fine-tune %d epochs at %s (backbone x%s) "
                + "vs scratch %d epochs at %s%n", profile, Engine.getInstance().getEngineName(), imageSize,
                batchSize, pretrainEpochs, headEpochs, headLearningRate, fineEpochs, fineLearningRate,
                backboneMultiplier, headEpochs + fineEpochs, scratchLearningRate);

        Seeds.fix(42);
        SourceBrandPretraining.BrandSplit brands = SourceBrandPretraining.splitBrands(8, 7);
        System.out.println("source brands: " + brands.source());
        System.out.println("target brands: " + brands.target());
        LogoClassificationDataset trainAll = LogoClassificationDataset.builder().split(Split.TRAIN)
                .imageSize(imageSize).setSampling(batchSize, true).build();
        LogoClassificationDataset valAll = LogoClassificationDataset.builder().split(Split.VAL)
                .imageSize(imageSize).setSampling(batchSize, false).build();
        LogoClassificationDataset testAll = LogoClassificationDataset.builder().split(Split.TEST)
                .imageSize(imageSize).setSampling(batchSize, false).build();
        LogoClassificationDataset trainPlain = LogoClassificationDataset.builder().split(Split.TRAIN)
                .imageSize(imageSize).augment(false).setSampling(batchSize, false).build();
        BrandSubset sourceTrain = PretrainingCorpus.trainingSet(brands.source(),
                profile.pick(SynthSize.MINI, SynthSize.STANDARD), imageSize, batchSize, limit);
        BrandSubset sourceVal = BrandSubset.builder(trainPlain, brands.source()).setSampling(batchSize, false)
                .optLimit(limit).build();
        System.out.printf("source task: pretraining %d images, checking %d images%n", sourceTrain.size(),
                sourceVal.size());
        ModelSpec sourceSpec = ModelSpec.of("source", Architectures.RESNET18_SMALL, brands.source(), imageSize);
        Path pretrainDir = KitPaths.dataDir().resolve("pretrained").resolve("resnet18-small-source-corpus-" + imageSize
                + "-" + profile.name().toLowerCase(Locale.ROOT));

        long start = System.nanoTime();
        try (ModelArtifact source = SourceBrandPretraining.pretrainedOrTrain(pretrainDir, sourceSpec, sourceTrain,
                sourceVal, pretrainEpochs, 0.05f, System.out)) {
            double pretrainSeconds = seconds(start);

            BrandSubset targetTrain = BrandSubset.builder(trainAll, brands.target()).setSampling(batchSize, true)
                    .build();
            BrandSubset targetVal = BrandSubset.builder(valAll, brands.target()).setSampling(batchSize, false)
                    .optLimit(limit).build();
            BrandSubset targetTest = BrandSubset.builder(testAll, brands.target()).setSampling(batchSize, false)
                    .optLimit(limit).build();
            System.out.printf("target task: train %d, validation %d, test %d images%n", targetTrain.size(),
                    targetVal.size(), targetTest.size());
            ModelSpec targetSpec = sourceSpec.withClasses("target", brands.target());
            Path runs = KitPaths.dataDir().resolve("runs").resolve("03-transfer-"
                    + profile.name().toLowerCase(Locale.ROOT));
            // a measurement starts both runs afresh (the trainers would otherwise resume old checkpoints)
            AtomicFiles.deleteTree(runs);

            long t = System.nanoTime();
            TrainingHistory transferHistory;
            try (ModelArtifact transferred = TransferLearning.withNewHead(source, targetSpec)) {
                System.out.println("== transferred backbone");
                transferHistory = new TwoPhaseFineTuning(transferred)
                        .headPhase(headEpochs, headLearningRate)
                        .fineTunePhase(fineEpochs, fineLearningRate, backboneMultiplier)
                        .checkpointDir(runs.resolve("transferred"))
                        .fit(targetTrain, targetVal, targetTest);
            }
            double transferSeconds = seconds(t);

            t = System.nanoTime();
            TrainingHistory scratchHistory = new TrainingHistory();
            if (scratchRun) {
                try (ModelArtifact scratch = ModelArtifact.create(targetSpec)) {
                    System.out.println("== from scratch");
                    scratchHistory = ClassifierTrainer.builder(scratch.model(), targetSpec)
                            .epochs(headEpochs + fineEpochs)
                            .optimizer(ClassifierTrainer.sgd(scratchLearningRate, 0.001f))
                            .checkpointDir(runs.resolve("scratch")).resume(false)
                            .build()
                            .fit(targetTrain, targetVal, targetTest);
                }
            }
            double scratchSeconds = seconds(t);

            printComparison(transferHistory, scratchHistory);
            System.out.printf(Locale.ROOT, "times: pretraining (or loading) %.0f s, transferred %.0f s, "
                    + "scratch %.0f s, total %.0f s%n", pretrainSeconds, transferSeconds, scratchSeconds,
                    seconds(start));
        }
    }

    private static void printComparison(TrainingHistory transferred, TrainingHistory scratch) {
        System.out.println();
        System.out.println("epoch | transferred val  test | scratch val  test");
        List<EpochRecord> a = transferred.epochs();
        List<EpochRecord> b = scratch.epochs();
        for (int i = 0; i < Math.max(a.size(), b.size()); i++) {
            System.out.printf(Locale.ROOT, "%5d | %s | %s%n", i, cells(i < a.size() ? a.get(i) : null),
                    cells(i < b.size() ? b.get(i) : null));
        }
        transferred.best().ifPresent(r -> System.out.println("best transferred: " + r.toLogLine()));
        scratch.best().ifPresent(r -> System.out.println("best scratch:     " + r.toLogLine()));
    }

    private static String cells(EpochRecord r) {
        return r == null ? "      -     -" : String.format(Locale.ROOT, "%15.3f %5.3f", r.valAccuracy(),
                r.testAccuracy());
    }

    private static double seconds(long startNanos) {
        return (System.nanoTime() - startNanos) / 1e9;
    }

    private static float floatArg(String[] args, String name, float fallback) {
        for (int i = 0; i < args.length - 1; i++) {
            if (args[i].equals(name)) {
                try {
                    return Float.parseFloat(args[i + 1]);
                } catch (NumberFormatException e) {
                    throw new IllegalArgumentException(name + " needs a number, got '" + args[i + 1] + "'");
                }
            }
        }
        return fallback;
    }

    private static int intArg(String[] args, String name, int fallback) {
        for (int i = 0; i < args.length - 1; i++) {
            if (args[i].equals(name)) {
                try {
                    return Integer.parseInt(args[i + 1]);
                } catch (NumberFormatException e) {
                    throw new IllegalArgumentException(name + " needs a whole number, got '" + args[i + 1] + "'");
                }
            }
        }
        return fallback;
    }
}
