package org.logokit.data;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.training.dataset.RandomAccessDataset;
import ai.djl.training.dataset.Record;
import ai.djl.util.Progress;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
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
public final class LogoClassificationDataset extends RandomAccessDataset {
    private final FlickrLogos32 dataset;
    private final Split split;
    private final List<LogoImage> images;
    private final int imageSize;
    private final boolean augment;
    private final ImageTransform transform;
    private final float[] mean;
    private final float[] std;
    private final AugmentRandom randoms;

    private LogoClassificationDataset(Builder b, List<LogoImage> images) {
        super(b);
        this.dataset = b.dataset;
        this.split = b.split;
        this.images = images;
        this.imageSize = b.imageSize;
        this.augment = b.augment != null ? b.augment : b.split == Split.TRAIN;
        this.mean = b.mean;
        this.std = b.std;
        int resized = Math.round(imageSize * 8f / 7f);
        this.transform = augment
                ? TransformChain.of(new ResizeShorterSide(resized), new HorizontalFlip(0.5),
                        new RandomCrop(imageSize, imageSize))
                : TransformChain.of(new ResizeShorterSide(resized),
                        new CenterCrop(imageSize, imageSize));
        this.randoms = new AugmentRandom(b.seed, images.size());
    }

    /** Starts a builder (defaults: dataset from {@link DatasetLocator}, TRAIN, 224, seed 1). */
    public static Builder builder() {
        return new Builder();
    }

    @Override
    public Record get(NDManager manager, long index) {
        int i = Math.toIntExact(index);
        AnnotatedImage item = transform.apply(dataset.read(images.get(i)), randoms.next(i));
        NDArray image = ImageTensors.toChw(item.image(), manager, mean, std);
        NDArray label = manager.create((float) images.get(i).classId());
        return new Record(new NDList(image), new NDList(label));
    }

    @Override
    protected long availableSize() {
        return images.size();
    }

    /** Nothing to prepare: the lists are read when the dataset is built and images on demand. */
    @Override
    public void prepare(Progress progress) {
        // Images are decoded lazily in get(); the lists were parsed by build().
    }

    /** The images of this dataset, in index order. */
    public List<LogoImage> images() {
        return images;
    }

    /** The split this dataset holds. */
    public Split split() {
        return split;
    }

    /** Side of the square images in pixels. */
    public int imageSize() {
        return imageSize;
    }

    /** Whether training augmentation (flip + random crop) is on. */
    public boolean augments() {
        return augment;
    }

    /** The 33 class names, index = class id. */
    public List<String> classNames() {
        return LogoClasses.ALL;
    }

    /** Number of images per class id (length 33). */
    public int[] classCounts() {
        return ClassificationSplits.classCounts(images);
    }

    /**
     * Loss weights against the no-logo imbalance: inverse class frequency in this dataset,
     * normalised so the average weight per image is 1 (see {@link ClassWeights#inverseFrequency}).
     */
    public float[] classWeights() {
        return ClassWeights.inverseFrequency(classCounts());
    }

    /** Builder; {@code setSampling} and {@code optLimit} come from DJL's base builder. */
    public static final class Builder extends BaseBuilder<Builder> {
        private FlickrLogos32 dataset;
        private Split split = Split.TRAIN;
        private int imageSize = 224;
        private Boolean augment;
        private long seed = 1L;
        private long splitSeed = ClassificationSplits.DEFAULT_SEED;
        private float[] mean = ImageTensors.IMAGENET_MEAN;
        private float[] std = ImageTensors.IMAGENET_STD;

        private Builder() {}

        @Override
        protected Builder self() {
            return this;
        }

        /** The tree to read (default: {@code DatasetLocator.locate().open()}). */
        public Builder dataset(FlickrLogos32 dataset) {
            this.dataset = dataset;
            return this;
        }

        /** TRAIN, VAL or TEST of the seed-001 splits (default TRAIN). */
        public Builder split(Split split) {
            if (split != Split.TRAIN && split != Split.VAL && split != Split.TEST) {
                throw new IllegalArgumentException("Classification uses the seed-001 splits TRAIN, "
                        + "VAL and TEST, not " + split);
            }
            this.split = split;
            return this;
        }

        /** Side of the square output images in pixels (default 224). */
        public Builder imageSize(int imageSize) {
            if (imageSize < 8) {
                throw new IllegalArgumentException("imageSize must be at least 8, got " + imageSize);
            }
            this.imageSize = imageSize;
            return this;
        }

        /** Training augmentation on or off (default: on for TRAIN, off for VAL and TEST). */
        public Builder augment(boolean augment) {
            this.augment = augment;
            return this;
        }

        /** Seed of the augmentation and of the {@code limit} sample (default 1). */
        public Builder seed(long seed) {
            this.seed = seed;
            return this;
        }

        /** Seed of the seed-001 split of the no-logo images (default {@link ClassificationSplits#DEFAULT_SEED}). */
        public Builder splitSeed(long splitSeed) {
            this.splitSeed = splitSeed;
            return this;
        }

        /** Per-channel normalisation on 0..1 pixels (default ImageNet's). */
        public Builder normalization(float[] mean, float[] std) {
            if (mean.length != 3 || std.length != 3) {
                throw new IllegalArgumentException("mean and std need one value per RGB channel");
            }
            this.mean = mean.clone();
            this.std = std.clone();
            return this;
        }

        /**
         * Keeps at most {@code limit} images, a seeded random sample (so a smoke run still sees
         * no-logo and brand images), in the split's order. Same as {@code optLimit}.
         */
        public Builder limit(long limit) {
            return optLimit(limit);
        }

        /** Builds the dataset, reading the lists (and generating SynthLogos-32 when needed). */
        public LogoClassificationDataset build() {
            if (dataset == null) {
                dataset = DatasetLocator.locate().open();
            }
            if (sampler == null) {
                throw new IllegalStateException("Call setSampling(batchSize, shuffle) before build()");
            }
            List<LogoImage> all = ClassificationSplits.of(dataset, splitSeed).get(split);
            return new LogoClassificationDataset(this, sample(all, limit, seed));
        }
    }

    /** A seeded random sample of at most {@code limit} items, kept in their original order. */
    static List<LogoImage> sample(List<LogoImage> all, long limit, long seed) {
        if (limit >= all.size()) {
            return all;
        }
        List<Integer> order = new ArrayList<>();
        for (int i = 0; i < all.size(); i++) {
            order.add(i);
        }
        Collections.shuffle(order, new Random(seed));
        List<Integer> kept = new ArrayList<>(order.subList(0, (int) limit));
        kept.sort(Comparator.naturalOrder());
        return kept.stream().map(all::get).toList();
    }
}
