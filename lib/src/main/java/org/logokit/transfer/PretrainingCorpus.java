package org.logokit.transfer;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.logokit.config.KitPaths;
import org.logokit.data.DatasetLocator;
import org.logokit.data.FlickrLogos32;
import org.logokit.data.LogoClassificationDataset;
import org.logokit.data.Split;
import org.logokit.data.synth.SynthLogosGenerator;
import org.logokit.data.synth.SynthSize;

/**
 * The images the source backbone is pretrained on: the source brands' images of the course's
 * validation split plus every image of those brands in a second SynthLogos-32 set, generated with
 * another seed (same brands and logo designs, new scenes). ImageNet's strength is its size; 30
 * images per brand teach a CNN the backgrounds rather than the logos, so the stand-in gets more
 * images of its source brands too.
 *
 * <p>The second set lives in {@code <dataDir>/SynthLogos-32/<size>-seed33} and is generated on
 * first use (about two minutes for {@code standard} on two cores). The target brands' images in it
 * are never read. The course's test split is never used, and neither are its training images (the
 * pretraining checks itself on those).
 */
public final class PretrainingCorpus {

    /** Seed of the second set (the course's SynthLogos-32 uses {@link SynthLogosGenerator#DEFAULT_SEED}). */
    public static final long SEED = 33;

    private PretrainingCorpus() {}

    /** The folder of the second set for {@code size}: {@code <dataDir>/SynthLogos-32/<size>-seed33}. */
    public static Path folder(SynthSize size) {
        return KitPaths.dataDir().resolve("SynthLogos-32").resolve(size.id() + "-seed" + SEED);
    }

    /** Opens the second set, generating it first (with a progress bar) when it is not complete. */
    public static FlickrLogos32 open(SynthSize size) {
        Path root = SynthLogosGenerator.builder().size(size).seed(SEED).output(folder(size)).build().generate().root();
        return FlickrLogos32.open(root);
    }

    /**
     * The pretraining set: the {@code sourceBrands}' images of the course's validation split and of
     * all three splits of the second set, augmented (random flip and crop), labelled in the order of
     * {@code sourceBrands}.
     *
     * @param sourceBrands the brands to pretrain on
     * @param corpusSize size of the second set to generate ({@code MINI} for quick runs)
     * @param imageSize side of the square input images
     * @param batchSize batch size (batches are shuffled)
     * @param limit at most this many images, the first ones in the order above ({@code Long.MAX_VALUE}
     *     for all)
     */
    public static BrandSubset trainingSet(List<String> sourceBrands, SynthSize corpusSize, int imageSize,
            int batchSize, long limit) {
        List<LogoClassificationDataset> parts = new ArrayList<>();
        parts.add(augmented(DatasetLocator.locate().open(), Split.VAL, imageSize, batchSize));
        FlickrLogos32 corpus = open(corpusSize);
        for (Split split : new Split[] {Split.TRAIN, Split.VAL, Split.TEST}) {
            parts.add(augmented(corpus, split, imageSize, batchSize));
        }
        return BrandSubset.builder(parts, sourceBrands).setSampling(batchSize, true).optLimit(limit).build();
    }

    private static LogoClassificationDataset augmented(FlickrLogos32 dataset, Split split, int imageSize,
            int batchSize) {
        return LogoClassificationDataset.builder().dataset(dataset).split(split).imageSize(imageSize)
                .augment(true).setSampling(batchSize, true).build();
    }
}
