package org.logokit.data.synth;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;

/** The 33 FlickrLogos-32 classes and their folder names. */
public final class BrandCatalog {
    /** The 32 brands in FlickrLogos-32's order (folder names of {@code classes/jpg}). */
    public static final List<String> BRANDS = List.of("adidas", "aldi", "apple", "becks", "bmw",
            "carlsberg", "chimay", "cocacola", "corona", "dhl", "erdinger", "esso", "fedex",
            "ferrari", "ford", "fosters", "google", "guiness", "heineken", "HP", "milka", "nvidia",
            "paulaner", "pepsi", "rittersport", "shell", "singha", "starbucks", "stellaartois",
            "texaco", "tsingtao", "ups");
    /** The class of images without a logo. */
    public static final String NO_LOGO = "no-logo";
    /** All 33 classes: the brands, then {@code no-logo}. */
    public static final List<String> CLASSES;

    static {
        List<String> all = new ArrayList<>(BRANDS);
        all.add(NO_LOGO);
        CLASSES = Collections.unmodifiableList(all);
    }

    private BrandCatalog() {}

    /**
     * Folder name of a class under {@code classes/masks}: lower case, which differs from the image
     * folder only for {@code HP} ({@code classes/jpg/HP} but {@code classes/masks/hp}), as in the
     * real data set.
     */
    public static String maskFolder(String className) {
        return className.toLowerCase(Locale.ROOT);
    }
}
