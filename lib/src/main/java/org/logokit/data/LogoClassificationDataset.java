package org.logokit.data;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.training.dataset.RandomAccessDataset;
import ai.djl.training.dataset.Record;
import java.util.List;
import org.logokit.data.augment.CenterCrop;
import org.logokit.data.augment.HorizontalFlip;
import org.logokit.data.augment.ImageTransform;
import org.logokit.data.augment.RandomCrop;
import org.logokit.data.augment.ResizeShorterSide;
import org.logokit.data.augment.TransformChain;

/**
 * The 33-class logo classification dataset of seed 001 (32 brands + no-logo) as a DJL
 * {@link RandomAccessDataset}.
 *
 * <p>Each record is {@code data = [image (3, S, S) float32]}, normalised per channel (ImageNet
 * mean and standard deviation by default), and {@code labels = [class id as a float32 scalar]}
 * ({@link LogoClasses}: brands 0-31, no-logo 32). Splits follow {@link ClassificationSplits}
 * (train 1,820 / val 2,460 / test 3,960 on FlickrLogos-32).
 *
 * <p>Pipeline: the shorter side is scaled to {@code S * 8 / 7} (256 for S = 224), then with
 * augmentation (default for TRAIN) a random horizontal flip (p = 0.5) and a random S × S crop, as in
 * seed 001; without it a centre S × S crop. Unlike the seed, which crops the raw photo, the resize
 * first makes the crop see the same share of the image at any resolution (as torchvision's
 * standard recipe does).
 *
 * <pre>{@code
 * LogoClassificationDataset train = LogoClassificationDataset.builder()
 *         .split(Split.TRAIN).imageSize(224).setSampling(32, true).build();
 * }</pre>
 */
public final class LogoClassificationDataset extends LogoImageDataset {

    private LogoClassificationDataset(Builder b, List<LogoImage> images) {
        super(b, images, pipeline(b.imageSize, b.augments()));
    }

    /**
     * The shorter side scaled to {@code S * 8 / 7}, then a flip and a random S × S crop when
     * augmenting, else a centre crop.
     */
    private static ImageTransform pipeline(int imageSize, boolean augment) {
        int resized = Math.round(imageSize * 8f / 7f);
        return augment
                ? TransformChain.of(new ResizeShorterSide(resized), new HorizontalFlip(0.5),
                        new RandomCrop(imageSize, imageSize))
                : TransformChain.of(new ResizeShorterSide(resized),
                        new CenterCrop(imageSize, imageSize));
    }

    /**
     * Starts a builder (defaults: dataset from {@link DatasetLocator}, TRAIN, 224, augmentation on
     * for TRAIN and off for VAL and TEST, seed 1).
     */
    public static Builder builder() {
        return new Builder();
    }

    @Override
    public Record get(NDManager manager, long index) {
        AnnotatedImage item = annotated(index);
        NDArray image = ImageTensors.toChw(item.image(), manager, mean(), std());
        NDArray label = manager.create((float) images().get(Math.toIntExact(index)).classId());
        return new Record(new NDList(image), new NDList(label));
    }

    /** The 33 class names, index = class id. */
    public List<String> classNames() {
        return LogoClasses.ALL;
    }

    /** Number of images per class id (length 33). */
    public int[] classCounts() {
        return ClassificationSplits.classCounts(images());
    }

    /**
     * Loss weights against the no-logo imbalance: inverse class frequency in this dataset,
     * normalised so the average weight per image is 1 (see {@link ClassWeights#inverseFrequency}).
     */
    public float[] classWeights() {
        return ClassWeights.inverseFrequency(classCounts());
    }

    /**
     * Builder; the common options (dataset, imageSize, augment, seed, normalization, limit) are
     * described in {@link LogoImageDataset.BaseBuilder}.
     */
    public static final class Builder extends LogoImageDataset.BaseBuilder<Builder> {
        private long splitSeed = ClassificationSplits.DEFAULT_SEED;

        private Builder() {
            super(Split.TRAIN, 224);
        }

        @Override
        protected Builder self() {
            return this;
        }

        @Override
        boolean augmentsByDefault() {
            return split == Split.TRAIN;
        }

        /** TRAIN, VAL or TEST of the seed-001 splits (default TRAIN). */
        @Override
        public Builder split(Split split) {
            if (split != Split.TRAIN && split != Split.VAL && split != Split.TEST) {
                throw new IllegalArgumentException("Classification uses the seed-001 splits TRAIN, "
                        + "VAL and TEST, not " + split);
            }
            return super.split(split);
        }

        /** Seed of the seed-001 split of the no-logo images (default {@link ClassificationSplits#DEFAULT_SEED}). */
        public Builder splitSeed(long splitSeed) {
            this.splitSeed = splitSeed;
            return this;
        }

        /** Builds the dataset, reading the lists (and generating SynthLogos-32 when needed). */
        public LogoClassificationDataset build() {
            List<LogoImage> all = ClassificationSplits.of(openDataset(), splitSeed).get(split);
            return new LogoClassificationDataset(this, sample(all));
        }
    }
}
