package org.logokit.data;

import java.util.List;
import java.util.Locale;

/**
 * The 32 FlickrLogos-32 brands plus {@code no-logo}, and their class ids.
 *
 * <p>Ids follow the dataset's own (alphabetical, case-insensitive) order: brands are 0 to 31 and
 * {@code no-logo} is 32, so a 33-way classifier uses ids 0 to 32 and a detector (which sees only
 * brands) uses 0 to 31. Folder names are case-sensitive on disk: the images of {@code HP} live in
 * {@code classes/jpg/HP} but its box files in {@code classes/masks/hp}; {@link #maskFolder} knows.
 */
public final class LogoClasses {
    private LogoClasses() {}

    /** The 32 brand names as spelt in the dataset's list files. */
    public static final List<String> BRANDS = List.of(
            "adidas", "aldi", "apple", "becks", "bmw", "carlsberg", "chimay", "cocacola", "corona",
            "dhl", "erdinger", "esso", "fedex", "ferrari", "ford", "fosters", "google", "guiness",
            "heineken", "HP", "milka", "nvidia", "paulaner", "pepsi", "rittersport", "shell", "singha",
            "starbucks", "stellaartois", "texaco", "tsingtao", "ups");

    /** Name of the class of images without any logo. */
    public static final String NO_LOGO = "no-logo";

    /** All 33 class names: the brands, then {@code no-logo}. Index = class id. */
    public static final List<String> ALL = List.of(concat());

    /** Number of brands (32). */
    public static final int BRAND_COUNT = 32;

    /** Class id of {@code no-logo} (32). */
    public static final int NO_LOGO_ID = 32;

    /**
     * Returns the class id of a name, matching case-insensitively (the dataset spells HP both
     * {@code HP} and {@code hp}), or -1 when it is not a FlickrLogos-32 class.
     */
    public static int idOf(String name) {
        for (int i = 0; i < ALL.size(); i++) {
            if (ALL.get(i).equalsIgnoreCase(name.trim())) {
                return i;
            }
        }
        return -1;
    }

    /** Returns the class name of an id (0 to 32). */
    public static String nameOf(int id) {
        return ALL.get(id);
    }

    /** Folder of a class's images under {@code classes/jpg} (its canonical spelling, e.g. {@code HP}). */
    public static String imageFolder(int id) {
        return ALL.get(id);
    }

    /**
     * Folder of a class's box and mask files under {@code classes/masks}. The dataset spells it in
     * lower case ({@code hp}); {@link FlickrLogos32} also accepts the image folder's spelling.
     */
    public static String maskFolder(int id) {
        return ALL.get(id).toLowerCase(Locale.ROOT);
    }

    private static String[] concat() {
        String[] all = new String[33];
        for (int i = 0; i < 32; i++) {
            all[i] = BRANDS.get(i);
        }
        all[32] = NO_LOGO;
        return all;
    }
}
