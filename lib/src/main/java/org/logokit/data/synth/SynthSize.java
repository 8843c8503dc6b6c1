package org.logokit.data.synth;

import java.util.Locale;

/**
 * How big a SynthLogos-32 data set to generate.
 *
 * <p>Every size contains all 33 classes (32 brands and {@code no-logo}) and all three splits.
 * {@link #STANDARD} and {@link #FULL} have exactly FlickrLogos-32's counts (8,240 images: train 320 =
 * 10 per brand; val and test 3,960 each = 30 per brand + 3,000 no-logo); they differ only in image
 * resolution. {@link #MINI} is a tiny version for CI and quick notebook runs.
 */
public enum SynthSize {
    /** 4 train + 2 val + 2 test images per brand, 16 no-logo images in val and test; longest side 256. */
    MINI(4, 2, 2, 16, 256),
    /** FlickrLogos-32's exact counts at reduced resolution (longest side 320 pixels). */
    STANDARD(10, 30, 30, 3000, 320),
    /** FlickrLogos-32's exact counts at a resolution close to the real photos (longest side 800). */
    FULL(10, 30, 30, 3000, 800);

    private final int trainPerBrand;
    private final int valPerBrand;
    private final int testPerBrand;
    private final int noLogoPerEvalSplit;
    private final int longestSide;

    SynthSize(int trainPerBrand, int valPerBrand, int testPerBrand, int noLogoPerEvalSplit,
            int longestSide) {
        this.trainPerBrand = trainPerBrand;
        this.valPerBrand = valPerBrand;
        this.testPerBrand = testPerBrand;
        this.noLogoPerEvalSplit = noLogoPerEvalSplit;
        this.longestSide = longestSide;
    }

    /** Images per brand in the training split (FlickrLogos-32: 10). */
    public int trainPerBrand() {
        return trainPerBrand;
    }

    /** Images per brand in the validation split (FlickrLogos-32: 30). */
    public int valPerBrand() {
        return valPerBrand;
    }

    /** Images per brand in the test split (FlickrLogos-32: 30). */
    public int testPerBrand() {
        return testPerBrand;
    }

    /** No-logo images in each of the validation and test splits (FlickrLogos-32: 3,000). */
    public int noLogoPerEvalSplit() {
        return noLogoPerEvalSplit;
    }

    /** Longest image side in pixels; the other side follows from a per-image aspect ratio. */
    public int longestSide() {
        return longestSide;
    }

    /** Total number of images: 32 brands times all per-brand counts plus the no-logo images. */
    public int totalImages() {
        return BrandCatalog.BRANDS.size() * (trainPerBrand + valPerBrand + testPerBrand)
                + 2 * noLogoPerEvalSplit;
    }

    /** Lower-case name used in folder names and on the command line ({@code mini}, ...). */
    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    /**
     * Parses {@code mini}, {@code standard} or {@code full} (any case).
     *
     * @throws IllegalArgumentException naming the allowed values
     */
    public static SynthSize parse(String text) {
        for (SynthSize size : values()) {
            if (size.id().equalsIgnoreCase(text == null ? "" : text.trim())) {
                return size;
            }
        }
        throw new IllegalArgumentException("Unknown SynthLogos-32 size '" + text
                + "': use mini, standard or full.");
    }
}
