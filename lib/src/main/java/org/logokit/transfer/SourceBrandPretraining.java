package org.logokit.transfer;

import ai.djl.training.dataset.Dataset;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.logokit.config.KitPaths;
import org.logokit.config.Profile;
import org.logokit.data.LogoClasses;
import org.logokit.data.LogoClassificationDataset;
import org.logokit.data.Split;
import org.logokit.data.synth.SynthSize;
import org.logokit.model.Architectures;
import org.logokit.model.ModelArtifact;
import org.logokit.model.ModelSpec;
import org.logokit.train.ClassifierTrainer;
import org.logokit.train.TrainingHistory;

/**
 * The offline stand-in for ImageNet weights: pretrain a backbone on some brands ("source") and
 * transfer it to brands it has never seen ("target"), the way a logo-monitoring service adds a new
 * customer's brand to a model trained on the others.
 *
 * <p>This is honest transfer learning, but from a much smaller and closer source task than
 * ImageNet: expect a head start on the target brands, not ImageNet-level features.
 */
public final class SourceBrandPretraining {

    private SourceBrandPretraining() {}

    /**
     * A split of the brands into a pretraining task and a held-out task.
     *
     * @param source brands to pretrain on
     * @param target held-out brands to transfer to
     */
    public record BrandSplit(List<String> source, List<String> target) {
        /** Copies the lists. */
        public BrandSplit {
            source = List.copyOf(source);
            target = List.copyOf(target);
        }
    }

    /**
     * Splits FlickrLogos-32's 32 brands (no-logo excluded) at random: {@code heldOut} go to the
     * target task, the rest to the source task. The same seed gives the same split.
     */
    public static BrandSplit splitBrands(int heldOut, long seed) {
        if (heldOut < 2 || heldOut > LogoClasses.BRANDS.size() - 2) {
            throw new IllegalArgumentException("hold out between 2 and " + (LogoClasses.BRANDS.size() - 2)
                    + " brands, got " + heldOut);
        }
        List<String> shuffled = new ArrayList<>(LogoClasses.BRANDS);
        Collections.shuffle(shuffled, new Random(seed));
        List<String> target = new ArrayList<>(shuffled.subList(0, heldOut));
        List<String> source = new ArrayList<>(shuffled.subList(heldOut, shuffled.size()));
        Collections.sort(target);
        Collections.sort(source);
        return new BrandSplit(source, target);
    }

    /**
     * Returns the pretrained source model saved in {@code dir}, or trains it there first.
     *
     * <p>A saved model is reused only when its architecture, classes and image size match
     * {@code spec}; otherwise it is retrained (the old checkpoints are replaced).
     *
     * @param spec architecture, source classes and image size of the model to pretrain
     * @param epochs epochs of pretraining
     * @param learningRate SGD learning rate
     * @return the best-validation source model (caller closes it)
     */
    public static ModelArtifact pretrainedOrTrain(Path dir, ModelSpec spec, Dataset train, Dataset validation,
            int epochs, float learningRate, PrintStream log) throws IOException {
        Path saved = dir.resolve("model");
        if (Files.isRegularFile(saved.resolve(ModelArtifact.SPEC_FILE))) {
            ModelSpec existing = ModelArtifact.readSpec(saved);
            if (existing.architecture().equals(spec.architecture()) && existing.classes().equals(spec.classes())
                    && existing.imageSize() == spec.imageSize()) {
                log.println("Using the source model pretrained earlier in " + saved);
                return ModelArtifact.load(saved);
            }
        }
        try (ModelArtifact fresh = ModelArtifact.create(spec)) {
            log.println("Pretraining " + spec.architecture() + " on " + spec.numClasses() + " source brands for "
                    + epochs + " epochs");
            Path runs = dir.resolve("checkpoints");
            org.logokit.train.AtomicFiles.deleteTree(runs);
            TrainingHistory history = ClassifierTrainer.builder(fresh.model(), spec)
                    .epochs(epochs).optimizer(ClassifierTrainer.sgd(learningRate, 0.0005f))
                    .checkpointDir(runs).resume(false).log(log).build()
                    .fit(train, validation, null);
            Path best = new org.logokit.train.CheckpointStore(runs).latest("best")
                    .orElseThrow(() -> new IOException("Pretraining wrote no checkpoint (no validation set?)"));
            log.println("Best source epoch: " + history.best().map(r -> r.toLogLine()).orElse("n/a"));
            try (ModelArtifact bestModel = ModelArtifact.load(best)) {
                org.logokit.train.AtomicFiles.deleteTree(saved);
                bestModel.save(saved);
            }
        }
        return ModelArtifact.load(saved);
    }

    /** The brands chapter 03 holds out (8 of 32, seed 7); the other 24 pretrain the course's backbone. */
    public static BrandSplit courseBrandSplit() {
        return splitBrands(8, 7);
    }

    /**
     * The backbone chapter 03 pretrains on the source brands, with chapter 03's settings for the
     * current profile: loaded when chapter 03 (or an earlier call) saved it, else pretrained now the
     * same way (quarter-width ResNet-18 at 128 pixels, 20 epochs in the full profile; 64 pixels and
     * 2 epochs in smoke). The detector chapters start from it.
     *
     * @param log where progress and the reuse notice go
     * @return the pretrained source model (the caller closes it)
     */
    public static ModelArtifact courseBackbone(PrintStream log) throws IOException {
        Profile profile = Profile.current();
        return courseBackbone(profile.pick(64, 128), profile.pick(2, 20), log);
    }

    /**
     * Chapter 03's source backbone at another image size or number of pretraining epochs (to
     * study the recipe): the course's brand split, pretraining corpus, batch size and learning
     * rate for the current profile. Saved per image size and profile; a saved model of the same
     * architecture, classes and image size is reused whatever its epochs.
     *
     * @param imageSize square input size in pixels
     * @param epochs pretraining epochs when it is not saved yet
     * @param log where progress and the reuse notice go
     * @return the pretrained source model (the caller closes it)
     */
    public static ModelArtifact courseBackbone(int imageSize, int epochs, PrintStream log) throws IOException {
        if (imageSize < 32 || epochs < 1) {
            throw new IllegalArgumentException("need an image size >= 32 and >= 1 epoch, got " + imageSize + " and "
                    + epochs);
        }
        Profile profile = Profile.current();
        int batchSize = profile.pick(16, 32);
        int limit = profile.pick(200, Integer.MAX_VALUE);
        BrandSplit brands = courseBrandSplit();
        ModelSpec spec = ModelSpec.of("source", Architectures.RESNET18_SMALL, brands.source(), imageSize);
        Path dir = KitPaths.dataDir().resolve("pretrained").resolve("resnet18-small-source-corpus-" + imageSize + "-"
                + profile.name().toLowerCase(java.util.Locale.ROOT));
        Path saved = dir.resolve("model");
        if (Files.isRegularFile(saved.resolve(ModelArtifact.SPEC_FILE))) {
            ModelSpec existing = ModelArtifact.readSpec(saved);
            if (existing.architecture().equals(spec.architecture()) && existing.classes().equals(spec.classes())
                    && existing.imageSize() == spec.imageSize()) {
                log.println("Using the backbone chapter 03 pretrained on " + spec.numClasses() + " source brands ("
                        + saved + ")");
                return ModelArtifact.load(saved);
            }
        }
        log.println("The source backbone is not saved yet: pretraining it now (chapter 03's recipe).");
        // pretraining learns from the source brands' validation images and all their images in a second
        // generated set, and checks itself on their training images; test images are never used, and the
        // target brands never appear
        LogoClassificationDataset trainPlain = LogoClassificationDataset.builder().split(Split.TRAIN)
                .imageSize(imageSize).augment(false).setSampling(batchSize, false).build();
        BrandSubset sourceTrain = PretrainingCorpus.trainingSet(brands.source(),
                profile.pick(SynthSize.MINI, SynthSize.STANDARD), imageSize, batchSize, limit);
        BrandSubset sourceVal = BrandSubset.builder(trainPlain, brands.source()).setSampling(batchSize, false)
                .optLimit(limit).build();
        log.printf(java.util.Locale.ROOT, "source task: pretraining %d images, checking %d images%n",
                sourceTrain.size(), sourceVal.size());
        return pretrainedOrTrain(dir, spec, sourceTrain, sourceVal, epochs, 0.05f, log);
    }
}
