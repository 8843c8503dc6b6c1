package org.logokit.data.synth;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

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

    private static final Map<String, LogoDesign> DESIGNS = new ConcurrentHashMap<>();

    private BrandCatalog() {}

    /**
     * The logo design of a brand: the real vector shape and colour from simple-icons for the 16
     * brands it covers ({@link SimpleIcons#FLICKRLOGOS_SLUGS}), a synthetic word-mark
     * ({@link WordMarks}) for the other 16. Built once and shared (read-only).
     *
     * @throws IllegalArgumentException for {@code no-logo} or an unknown class
     */
    public static LogoDesign design(String brand) {
        if (!BRANDS.contains(brand)) {
            throw new IllegalArgumentException("'" + brand + "' is not a FlickrLogos-32 brand; "
                    + "brands are " + BRANDS);
        }
        return DESIGNS.computeIfAbsent(brand, b -> {
            String slug = SimpleIcons.FLICKRLOGOS_SLUGS.get(b);
            return slug != null ? SimpleIcons.design(b, slug) : WordMarks.design(b);
        });
    }

    /**
     * Folder name of a class under {@code classes/masks}: lower case, which differs from the image
     * folder only for {@code HP} ({@code classes/jpg/HP} but {@code classes/masks/hp}), as in the
     * real data set.
     */
    public static String maskFolder(String className) {
        return className.toLowerCase(Locale.ROOT);
    }
}
