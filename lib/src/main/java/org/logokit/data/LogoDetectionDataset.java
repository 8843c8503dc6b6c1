package org.logokit.data;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.dataset.RandomAccessDataset;
import ai.djl.training.dataset.Record;
import ai.djl.util.Progress;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.logokit.data.augment.HorizontalFlip;
import org.logokit.data.augment.ImageTransform;
import org.logokit.data.augment.IoUConstrainedCrop;
import org.logokit.data.augment.Letterbox;
import org.logokit.data.augment.Resize;
import org.logokit.data.augment.TransformChain;

/**
 * Logo detection on an official FlickrLogos-32 split as a DJL {@link RandomAccessDataset}.
 *
 * <p>Each record is {@code data = [image (3, S, S) float32]} normalised per channel (ImageNet's
 * mean/std by default) and {@code labels = [boxes (M, 4) float32, classIds (M) float32]}: boxes in
 * XYXY pixels of the S × S output image, class ids 0-31 ({@link LogoClasses}), padded to a fixed
 * {@code M = maxBoxes} rows with box {@code (0, 0, 0, 0)} and class id {@code -1} so records stack
 * into batches. A no-logo image (when included) has only padding.
 *
 * <p>Pipeline: with augmentation (default for TRAIN and TRAINVAL) a random horizontal flip
 * (p = 0.5) and SSD's IoU-constrained random crop ({@link IoUConstrainedCrop}); then a resize to
 * S × S, or a letterbox (aspect kept, grey padding) when {@link Builder#letterbox(boolean)} is set.
 */
public final class LogoDetectionDataset extends RandomAccessDataset {
    private final FlickrLogos32 dataset;
    private final List<LogoImage> images;
    private final int imageSize;
    private final int maxBoxes;
    private final boolean augment;
    private final ImageTransform transform;
    private final float[] mean;
    private final float[] std;
    private final AugmentRandom randoms;

    private LogoDetectionDataset(Builder b, List<LogoImage> images, int maxBoxes) {
        super(b);
        this.dataset = b.dataset;
        this.images = images;
        this.imageSize = b.imageSize;
        this.maxBoxes = maxBoxes;
        this.augment = b.augment != null ? b.augment
                : b.split == Split.TRAIN || b.split == Split.TRAINVAL;
        this.mean = b.mean;
        this.std = b.std;
        ImageTransform fit = b.letterbox ? new Letterbox(imageSize) : new Resize(imageSize, imageSize);
        this.transform = augment
                ? TransformChain.of(new HorizontalFlip(0.5), new IoUConstrainedCrop(), fit)
                : fit;
        this.randoms = new AugmentRandom(b.seed, images.size());
    }

    /** Starts a builder (defaults: located dataset, TRAINVAL logos only, 320 pixels, seed 1). */
    public static Builder builder() {
        return new Builder();
    }

    /** Reads one image and applies this dataset's pipeline, without making tensors (for pictures). */
    public AnnotatedImage annotated(long index) {
        int i = Math.toIntExact(index);
        return transform.apply(dataset.read(images.get(i)), randoms.next(i));
    }

    @Override
    public Record get(NDManager manager, long index) {
        AnnotatedImage item = annotated(index);
        NDArray image = ImageTensors.toChw(item.image(), manager, mean, std);
        float[] boxes = new float[maxBoxes * 4];
        float[] ids = new float[maxBoxes];
        java.util.Arrays.fill(ids, -1f);
        List<Integer> order = largestFirst(item, maxBoxes);
        for (int k = 0; k < order.size(); k++) {
            PixelBox b = item.boxes().get(order.get(k));
            System.arraycopy(b.toArray(), 0, boxes, 4 * k, 4);
            ids[k] = item.classIds().get(order.get(k));
        }
        NDList labels = new NDList(manager.create(boxes, new Shape(maxBoxes, 4)),
                manager.create(ids, new Shape(maxBoxes)));
        return new Record(new NDList(image), labels);
    }

    /** Indices of at most {@code max} boxes, the largest first when some must be dropped. */
    private static List<Integer> largestFirst(AnnotatedImage item, int max) {
        List<Integer> order = new ArrayList<>();
        for (int i = 0; i < item.boxes().size(); i++) {
            order.add(i);
        }
        if (order.size() > max) {
            order.sort(Comparator.comparingDouble(i -> -item.boxes().get(i).area()));
            return order.subList(0, max);
        }
        return order;
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

    /** Rows of the padded label arrays. */
    public int maxBoxes() {
        return maxBoxes;
    }

    /** Side of the square images in pixels. */
    public int imageSize() {
        return imageSize;
    }

    /** The 32 brand names, index = class id. */
    public List<String> classNames() {
        return LogoClasses.BRANDS;
    }

    /** Builder; {@code setSampling} and {@code optLimit} come from DJL's base builder. */
    public static final class Builder extends BaseBuilder<Builder> {
        private FlickrLogos32 dataset;
        private Split split = Split.TRAINVAL;
        private int imageSize = 320;
        private Integer maxBoxes;
        private Boolean augment;
        private boolean letterbox;
        private boolean includeNoLogo;
        private long seed = 1L;
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

        /** Official split (default TRAINVAL, the usual detection training set; TEST to evaluate). */
        public Builder split(Split split) {
            this.split = split;
            return this;
        }

        /** Side of the square output images in pixels (default 320). */
        public Builder imageSize(int imageSize) {
            if (imageSize < 8) {
                throw new IllegalArgumentException("imageSize must be at least 8, got " + imageSize);
            }
            this.imageSize = imageSize;
            return this;
        }

        /**
         * Rows of the padded label arrays (default: the most boxes any image of the split has). An
         * image with more boxes keeps its largest ones.
         */
        public Builder maxBoxes(int maxBoxes) {
            if (maxBoxes < 1) {
                throw new IllegalArgumentException("maxBoxes must be at least 1, got " + maxBoxes);
            }
            this.maxBoxes = maxBoxes;
            return this;
        }

        /** Flip + IoU-constrained crop on or off (default: on for TRAIN and TRAINVAL). */
        public Builder augment(boolean augment) {
            this.augment = augment;
            return this;
        }

        /** Letterbox (keep aspect, pad) instead of stretching to a square (default false). */
        public Builder letterbox(boolean letterbox) {
            this.letterbox = letterbox;
            return this;
        }

        /** Also include no-logo images, as pure negatives (default false: logo images only). */
        public Builder includeNoLogo(boolean includeNoLogo) {
            this.includeNoLogo = includeNoLogo;
            return this;
        }

        /** Seed of the augmentation and of the {@code limit} sample (default 1). */
        public Builder seed(long seed) {
            this.seed = seed;
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

        /** Keeps at most {@code limit} images, a seeded random sample in split order (= optLimit). */
        public Builder limit(long limit) {
            return optLimit(limit);
        }

        /** Builds the dataset, reading the lists (and generating SynthLogos-32 when needed). */
        public LogoDetectionDataset build() {
            if (dataset == null) {
                dataset = DatasetLocator.locate().open();
            }
            if (sampler == null) {
                throw new IllegalStateException("Call setSampling(batchSize, shuffle) before build()");
            }
            List<LogoImage> all = dataset.split(split).stream()
                    .filter(i -> includeNoLogo || !i.isNoLogo()).toList();
            List<LogoImage> kept = LogoClassificationDataset.sample(all, limit, seed);
            int rows = maxBoxes != null ? maxBoxes
                    : Math.max(1, kept.stream().mapToInt(i -> i.boxLines().size()).max().orElse(1));
            return new LogoDetectionDataset(this, kept, rows);
        }
    }
}
