package org.logokit.data;

import ai.djl.training.dataset.RandomAccessDataset;
import ai.djl.util.Progress;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import org.logokit.data.augment.ImageTransform;
import org.logokit.data.augment.TransformChain;

/**
 * What the logo datasets share: a list of {@link LogoImage}s of one FlickrLogos-32 tree, read
 * lazily and passed through an {@link ImageTransform} pipeline whose random choices are
 * reproducible per (seed, image, visit), then normalised per channel into {@code (3, S, S)} tensors.
 *
 * <p>Speed: the decoded image after the pipeline's deterministic steps (e.g. the resize before a
 * random crop; the whole pipeline of an evaluation set) is cached in memory up to
 * {@link BaseBuilder#cacheMegabytes} (default {@link #DEFAULT_CACHE_MEGABYTES}) and within one
 * budget for all datasets of the JVM (a quarter of the heap, at most 1.5 GiB), so later epochs
 * skip decoding and resizing; images beyond the budget are decoded at every visit. Batches are
 * loaded on the loader threads of {@link DataLoading} when a trainer is configured with it, with
 * {@link DataLoading#prefetch()} batches prefetched by default. Caching and threads change nothing
 * in the tensors: the same seed gives the same batches.
 *
 * <p>Subclasses ({@link LogoClassificationDataset}, {@link LogoDetectionDataset}) decide which
 * images a split holds, the pipeline, and what a record's labels are. Their builders extend
 * {@link BaseBuilder}, which holds the common options (dataset, split, image size, augmentation,
 * seed, normalisation, limit).
 */
public abstract class LogoImageDataset extends RandomAccessDataset {
    private final FlickrLogos32 dataset;
    private final Split split;
    private final List<LogoImage> images;
    private final int imageSize;
    private final boolean augment;
    private final ImageTransform deterministicPrefix;
    private final ImageTransform randomRest;
    private final ImageCache cache;
    private final float[] mean;
    private final float[] std;
    private final AugmentRandom randoms;

    /**
     * Package-private: only the datasets of this package extend it.
     *
     * @param b the builder, after {@link BaseBuilder#openDataset()}
     * @param images the images of this dataset, in index order
     * @param transform the pipeline, built for {@code b.augments()}
     */
    LogoImageDataset(BaseBuilder<?> b, List<LogoImage> images, ImageTransform transform) {
        super(b);
        this.dataset = b.dataset;
        this.split = b.split;
        this.images = images;
        this.imageSize = b.imageSize;
        this.augment = b.augments();
        this.mean = b.mean;
        this.std = b.std;
        this.randoms = new AugmentRandom(b.seed, images.size());
        if (transform instanceof TransformChain chain) {
            this.deterministicPrefix = chain.deterministicPrefix();
            this.randomRest = chain.afterDeterministicPrefix();
        } else if (!transform.usesRandom()) {
            this.deterministicPrefix = transform;
            this.randomRest = TransformChain.of();
        } else {
            this.deterministicPrefix = TransformChain.of();
            this.randomRest = transform;
        }
        this.cache = new ImageCache(b.cacheMegabytes << 20);
    }

    /**
     * Default cache budget in MiB: a quarter of the JVM's maximum heap, at most 1,536 (all of
     * SynthLogos-32 standard's splits at chapter 02's sizes fit; FlickrLogos-32 photos at 224
     * pixels fill it part-way).
     */
    public static final long DEFAULT_CACHE_MEGABYTES =
            Math.min(1536, Runtime.getRuntime().maxMemory() / 4 / (1 << 20));

    /**
     * Reads one image and applies this dataset's pipeline, without making tensors (for pictures).
     * Each call is a new visit of the image, so augmentation draws fresh random numbers.
     */
    public AnnotatedImage annotated(long index) {
        int i = Math.toIntExact(index);
        java.util.Random random = randoms.next(i);
        // the deterministic steps draw no random numbers: caching them keeps every draw the same
        AnnotatedImage base = cache.get(i, () -> deterministicPrefix.apply(dataset.read(images.get(i)), random));
        return randomRest.apply(base, random);
    }

    /** Images held in this dataset's cache and the MiB they take (for notebooks and tests). */
    public String cacheSummary() {
        return String.format(java.util.Locale.ROOT, "%d of %d images cached (%.0f MiB)", cache.size(),
                images.size(), cache.usedBytes() / 1048576.0);
    }

    /** Per-channel mean used to normalise 0..1 pixels (length 3). */
    float[] mean() {
        return mean;
    }

    /** Per-channel standard deviation used to normalise 0..1 pixels (length 3). */
    float[] std() {
        return std;
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

    /** Whether training augmentation is on. */
    public boolean augments() {
        return augment;
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

    /**
     * The options every logo dataset has; {@code setSampling} and {@code optLimit} come from DJL's
     * base builder. Defaults of the split, image size and augmentation depend on the dataset (see
     * its {@code builder()}).
     *
     * @param <B> the concrete builder, returned by each option so calls chain
     */
    public abstract static class BaseBuilder<B extends BaseBuilder<B>>
            extends RandomAccessDataset.BaseBuilder<B> {
        FlickrLogos32 dataset;
        Split split;
        int imageSize;
        Boolean augment;
        long seed = 1L;
        float[] mean = ImageTensors.IMAGENET_MEAN;
        float[] std = ImageTensors.IMAGENET_STD;
        long cacheMegabytes = DEFAULT_CACHE_MEGABYTES;

        BaseBuilder(Split defaultSplit, int defaultImageSize) {
            this.split = defaultSplit;
            this.imageSize = defaultImageSize;
            this.prefetchNumber = DataLoading.prefetch();
        }

        /**
         * Memory for decoded images kept between epochs, in MiB (default
         * {@link LogoImageDataset#DEFAULT_CACHE_MEGABYTES}); 0 decodes every image at every visit.
         */
        public B cacheMegabytes(long megabytes) {
            if (megabytes < 0) {
                throw new IllegalArgumentException("cacheMegabytes must be >= 0, got " + megabytes);
            }
            this.cacheMegabytes = megabytes;
            return self();
        }

        /** Whether augmentation is on when {@link #augment(boolean)} was not called. */
        abstract boolean augmentsByDefault();

        /** Augmentation as set, else the dataset's default for the split. */
        final boolean augments() {
            return augment != null ? augment : augmentsByDefault();
        }

        /** The tree to read (default: {@code DatasetLocator.locate().open()}). */
        public B dataset(FlickrLogos32 dataset) {
            this.dataset = dataset;
            return self();
        }

        /** The split to read. */
        public B split(Split split) {
            this.split = split;
            return self();
        }

        /** Side of the square output images in pixels, at least 8. */
        public B imageSize(int imageSize) {
            if (imageSize < 8) {
                throw new IllegalArgumentException("imageSize must be at least 8, got " + imageSize);
            }
            this.imageSize = imageSize;
            return self();
        }

        /** Training augmentation on or off (default: on for the training splits only). */
        public B augment(boolean augment) {
            this.augment = augment;
            return self();
        }

        /** Seed of the augmentation and of the {@code limit} sample (default 1). */
        public B seed(long seed) {
            this.seed = seed;
            return self();
        }

        /** Per-channel normalisation on 0..1 pixels (default ImageNet's). */
        public B normalization(float[] mean, float[] std) {
            if (mean.length != 3 || std.length != 3) {
                throw new IllegalArgumentException("mean and std need one value per RGB channel");
            }
            this.mean = mean.clone();
            this.std = std.clone();
            return self();
        }

        /**
         * Keeps at most {@code limit} images, a seeded random sample (so a smoke run still sees
         * every kind of image), in the split's order. Same as {@code optLimit}.
         */
        public B limit(long limit) {
            return optLimit(limit);
        }

        /**
         * First step of {@code build()}: opens the located dataset when none was given (generating
         * SynthLogos-32 when needed) and checks that sampling was set.
         */
        final FlickrLogos32 openDataset() {
            if (dataset == null) {
                dataset = DatasetLocator.locate().open();
            }
            if (sampler == null) {
                throw new IllegalStateException("Call setSampling(batchSize, shuffle) before build()");
            }
            return dataset;
        }

        /** The seeded {@code limit} sample of {@code all} (all of it when no limit was set). */
        final List<LogoImage> sample(List<LogoImage> all) {
            return LogoImageDataset.sample(all, limit, seed);
        }
    }
}
