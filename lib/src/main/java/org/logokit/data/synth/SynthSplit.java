package org.logokit.data.synth;

/** The three FlickrLogos-32 splits and the base names of their list files. */
public enum SynthSplit {
    /** Training: 10 images per brand in FlickrLogos-32, no no-logo images. */
    TRAIN("trainset"),
    /** Validation: 30 per brand plus 3,000 no-logo images. */
    VAL("valset"),
    /** Test: 30 per brand plus 3,000 no-logo images. */
    TEST("testset");

    private final String listName;

    SynthSplit(String listName) {
        this.listName = listName;
    }

    /** Base name of the split's list file, e.g. {@code trainset} for {@code trainset.txt}. */
    public String listName() {
        return listName;
    }
}
