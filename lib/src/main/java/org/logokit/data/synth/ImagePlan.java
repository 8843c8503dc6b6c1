package org.logokit.data.synth;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;

/**
 * Which images a data set holds: class, split and numeric file id of every image, decided up front
 * from the seed alone (so ids do not depend on thread timing).
 */
final class ImagePlan {

    /**
     * One planned image.
     *
     * @param index position in the plan (0-based)
     * @param id numeric file id, unique in the data set (file name {@code <id>.jpg})
     * @param className the FlickrLogos-32 class folder, e.g. {@code HP} or {@code no-logo}
     * @param split the split the image belongs to
     */
    record Entry(int index, long id, String className, SynthSplit split) {
        String fileName() {
            return id + ".jpg";
        }

        boolean hasLogo() {
            return !BrandCatalog.NO_LOGO.equals(className);
        }
    }

    private ImagePlan() {}

    /** Plans all images: per brand train, val, test; then no-logo val and test. */
    static List<Entry> plan(SynthSize size, long seed) {
        SplittableRandom ids = new SplittableRandom(seed * 0x9E3779B97F4A7C15L + 0x5EED);
        Set<Long> used = new HashSet<>();
        List<Entry> entries = new ArrayList<>(size.totalImages());
        for (String brand : BrandCatalog.BRANDS) {
            add(entries, used, ids, brand, SynthSplit.TRAIN, size.trainPerBrand());
            add(entries, used, ids, brand, SynthSplit.VAL, size.valPerBrand());
            add(entries, used, ids, brand, SynthSplit.TEST, size.testPerBrand());
        }
        add(entries, used, ids, BrandCatalog.NO_LOGO, SynthSplit.VAL, size.noLogoPerEvalSplit());
        add(entries, used, ids, BrandCatalog.NO_LOGO, SynthSplit.TEST, size.noLogoPerEvalSplit());
        return entries;
    }

    private static void add(List<Entry> entries, Set<Long> used, SplittableRandom ids,
            String className, SynthSplit split, int count) {
        for (int i = 0; i < count; i++) {
            long id;
            do {
                // Ten-digit ids, like Flickr photo ids of the real data set.
                id = 1_000_000_000L + ids.nextLong(9_000_000_000L);
            } while (!used.add(id));
            entries.add(new Entry(entries.size(), id, className, split));
        }
    }

    /** The generator of one image: depends only on the seed and the image's id. */
    static SplittableRandom imageRandom(long seed, long id) {
        return new SplittableRandom(mix(mix(seed) ^ id));
    }

    /** SplitMix64's finaliser: spreads nearby inputs over all bits. */
    static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }
}
