package org.logokit.data;

/** Which images of a split a list holds: the dataset ships each split in three variants. */
public enum ListVariant {
    /** Every image of the split ({@code trainset.txt}). */
    ALL_IMAGES(""),
    /** Only images with a logo ({@code valset-logosonly.txt}). */
    LOGOS_ONLY("-logosonly"),
    /** Only {@code no-logo} images ({@code valset-nologos.txt}). */
    NO_LOGOS("-nologos");

    private final String suffix;

    ListVariant(String suffix) {
        this.suffix = suffix;
    }

    /** The file-name suffix after the split's base name, e.g. {@code -logosonly}. */
    public String suffix() {
        return suffix;
    }

    /** True when an image of the given class id belongs in this variant. */
    public boolean accepts(int classId) {
        return switch (this) {
            case ALL_IMAGES -> true;
            case LOGOS_ONLY -> classId != LogoClasses.NO_LOGO_ID;
            case NO_LOGOS -> classId == LogoClasses.NO_LOGO_ID;
        };
    }
}
