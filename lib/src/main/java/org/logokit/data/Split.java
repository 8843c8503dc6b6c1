package org.logokit.data;

/**
 * The official FlickrLogos-32 splits and the base names of their list files.
 *
 * <p>Official sizes: train 320 (10 per brand, no no-logo), val 3,960 and test 3,960 (each 960 logo
 * images + 3,000 no-logo), trainval 4,280, all 8,240.
 */
public enum Split {
    /** {@code trainset}: 320 logo images. */
    TRAIN("trainset"),
    /** {@code valset}: 960 logo + 3,000 no-logo images. */
    VAL("valset"),
    /** {@code testset}: 960 logo + 3,000 no-logo images. */
    TEST("testset"),
    /** {@code trainvalset}: train and val together. */
    TRAINVAL("trainvalset"),
    /** {@code all}: every image of the dataset. */
    ALL("all");

    private final String baseName;

    Split(String baseName) {
        this.baseName = baseName;
    }

    /** Base name of the list files, e.g. {@code trainset} for {@code trainset.txt}. */
    public String baseName() {
        return baseName;
    }
}
