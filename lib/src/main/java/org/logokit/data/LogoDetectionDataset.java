package org.logokit.data;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.dataset.RandomAccessDataset;
import ai.djl.training.dataset.Record;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.function.Predicate;
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
public final class LogoDetectionDataset extends LogoImageDataset {
    private final int maxBoxes;

    private LogoDetectionDataset(Builder b, List<LogoImage> images, int maxBoxes) {
        super(b, images, pipeline(b.imageSize, b.augments(), b.letterbox));
        this.maxBoxes = maxBoxes;
    }

    /** A flip and an IoU-constrained crop when augmenting, then a resize or letterbox to S × S. */
    private static ImageTransform pipeline(int imageSize, boolean augment, boolean letterbox) {
        ImageTransform fit = letterbox ? new Letterbox(imageSize) : new Resize(imageSize, imageSize);
        return augment
                ? TransformChain.of(new HorizontalFlip(0.5), new IoUConstrainedCrop(), fit)
                : fit;
    }

    /**
     * Starts a builder (defaults: located dataset, TRAINVAL logos only, 320 pixels, augmentation on
     * for TRAIN and TRAINVAL, seed 1).
     */
    public static Builder builder() {
        return new Builder();
    }

    @Override
    public Record get(NDManager manager, long index) {
        AnnotatedImage item = annotated(index);
        NDArray image = ImageTensors.toChw(item.image(), manager, mean(), std());
        float[] boxes = new float[maxBoxes * 4];
        float[] ids = new float[maxBoxes];
        Arrays.fill(ids, -1f);
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

    /** Rows of the padded label arrays. */
    public int maxBoxes() {
        return maxBoxes;
    }

    /** The 32 brand names, index = class id. */
    public List<String> classNames() {
        return LogoClasses.BRANDS;
    }

    /**
     * Builder; the common options (dataset, split, imageSize, augment, seed, normalization, limit)
     * are described in {@link LogoImageDataset.BaseBuilder}. The default split is TRAINVAL, the
     * usual detection training set (TEST to evaluate).
     */
    public static final class Builder extends LogoImageDataset.BaseBuilder<Builder> {
        private Integer maxBoxes;
        private boolean letterbox;
        private boolean includeNoLogo;
        private Predicate<LogoImage> filter = image -> true;

        private Builder() {
            super(Split.TRAINVAL, 320);
        }

        @Override
        protected Builder self() {
            return this;
        }

        @Override
        boolean augmentsByDefault() {
            return split == Split.TRAIN || split == Split.TRAINVAL;
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

        /** Keeps only the images of the split that pass this test (e.g. a held-out subset). */
        public Builder filter(Predicate<LogoImage> keep) {
            this.filter = java.util.Objects.requireNonNull(keep);
            return this;
        }

        /** Builds the dataset, reading the lists (and generating SynthLogos-32 when needed). */
        public LogoDetectionDataset build() {
            List<LogoImage> all = openDataset().split(split).stream()
                    .filter(i -> includeNoLogo || !i.isNoLogo()).filter(filter).toList();
            List<LogoImage> kept = sample(all);
            int rows = maxBoxes != null ? maxBoxes
                    : Math.max(1, kept.stream().mapToInt(i -> i.boxLines().size()).max().orElse(1));
            return new LogoDetectionDataset(this, kept, rows);
        }
    }
}
