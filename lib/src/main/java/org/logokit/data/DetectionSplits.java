package org.logokit.data;

import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The course's one protocol for training and measuring detectors, so every detector of chapters
 * 06-12 is compared on the same images:
 *
 * <ul>
 *   <li><b>train</b>: the logo images of TRAIN and VAL (FlickrLogos-32's usual "trainval"
 *       detection training set), minus the validation hold-out, with augmentation (flip and SSD's
 *       IoU-constrained crop);
 *   <li><b>validation</b>: the first {@link #holdOutPerBrand} VAL logo images of each brand (in list
 *       order), never trained on; it picks the best epoch;
 *   <li><b>test</b>: every logo image of TEST (960 on FlickrLogos-32 and SynthLogos-32 standard),
 *       which the course reports mAP on.
 * </ul>
 * No-logo images are left out (the detection literature on FlickrLogos-32 evaluates on the logo
 * images). All images are resized to S × S; boxes are XYXY pixels of that input.
 */
public final class DetectionSplits {

    /**
     * Sizes of the three sets.
     *
     * @param imageSize side S of the network input in pixels
     * @param batchSize images per batch
     * @param trainLimit at most this many training images (a seeded sample), or 0 for all
     * @param testLimit at most this many test images, or 0 for all
     * @param holdOutPerBrand validation images per brand taken out of VAL
     * @param seed augmentation and sampling seed
     */
    public record Settings(int imageSize, int batchSize, long trainLimit, long testLimit, int holdOutPerBrand,
            long seed) {
        /** Checks the numbers. */
        public Settings {
            if (batchSize < 1 || holdOutPerBrand < 1 || trainLimit < 0 || testLimit < 0) {
                throw new IllegalArgumentException("Need batchSize >= 1, holdOutPerBrand >= 1 and limits >= 0");
            }
        }

        /** Every image, 3 validation images per brand, seed 1. */
        public static Settings of(int imageSize, int batchSize) {
            return new Settings(imageSize, batchSize, 0, 0, 3, 1);
        }

        /** These settings with limits on the training and test images (e.g. for a smoke run). */
        public Settings limited(long train, long test) {
            return new Settings(imageSize, batchSize, train, test, holdOutPerBrand, seed);
        }

        /** These settings with another hold-out size. */
        public Settings holdingOut(int perBrand) {
            return new Settings(imageSize, batchSize, trainLimit, testLimit, perBrand, seed);
        }
    }

    private final FlickrLogos32 dataset;
    private final Settings settings;
    private final Set<String> heldOut;

    private DetectionSplits(FlickrLogos32 dataset, Settings settings) {
        this.dataset = dataset;
        this.settings = settings;
        this.heldOut = holdOut(dataset.split(Split.VAL), settings.holdOutPerBrand());
    }

    /** The protocol on the located dataset (FlickrLogos-32 when configured, else SynthLogos-32). */
    public static DetectionSplits of(Settings settings) {
        return of(DatasetLocator.locate().open(), settings);
    }

    /** The protocol on a given dataset tree. */
    public static DetectionSplits of(FlickrLogos32 dataset, Settings settings) {
        return new DetectionSplits(dataset, settings);
    }

    /** The dataset tree. */
    public FlickrLogos32 dataset() {
        return dataset;
    }

    /** The settings. */
    public Settings settings() {
        return settings;
    }

    /** Training images: TRAIN + VAL logos minus the hold-out, augmented, shuffled. */
    public LogoDetectionDataset train() {
        LogoDetectionDataset.Builder b = base(Split.TRAINVAL).filter(i -> !heldOut.contains(key(i)))
                .augment(true).setSampling(settings.batchSize(), true);
        if (settings.trainLimit() > 0) {
            b.limit(settings.trainLimit());
        }
        return b.build();
    }

    /** The validation hold-out (not augmented, in order). */
    public LogoDetectionDataset validation() {
        return base(Split.VAL).filter(i -> heldOut.contains(key(i))).augment(false)
                .setSampling(settings.batchSize(), false).build();
    }

    /** Test images (not augmented, in order). */
    public LogoDetectionDataset test() {
        LogoDetectionDataset.Builder b = base(Split.TEST).augment(false).setSampling(settings.batchSize(), false);
        if (settings.testLimit() > 0) {
            b.limit(settings.testLimit());
        }
        return b.build();
    }

    /** E.g. {@code train 1,184 · validation 96 · test 960 logo images at 320 x 320}. */
    public String describe() {
        return String.format(Locale.ROOT, "train %,d · validation %,d · test %,d logo images at %d x %d",
                train().size(), validation().size(), test().size(), settings.imageSize(), settings.imageSize());
    }

    private LogoDetectionDataset.Builder base(Split split) {
        return LogoDetectionDataset.builder().dataset(dataset).split(split).imageSize(settings.imageSize())
                .seed(settings.seed());
    }

    private static Set<String> holdOut(List<LogoImage> val, int perBrand) {
        Map<Integer, Integer> taken = new HashMap<>();
        Set<String> keys = new HashSet<>();
        for (LogoImage image : val) {
            if (image.isNoLogo()) {
                continue;
            }
            int n = taken.merge(image.classId(), 1, Integer::sum);
            if (n <= perBrand) {
                keys.add(key(image));
            }
        }
        return keys;
    }

    private static String key(LogoImage image) {
        return image.className() + "/" + image.fileName();
    }
}
