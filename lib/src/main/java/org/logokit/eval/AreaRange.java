package org.logokit.eval;

/**
 * A range of box areas (in square pixels) that an evaluation is restricted to, as in pycocotools:
 * ground truth outside the range is ignored (neither found nor missed), a detection matched to such
 * a box is ignored, and an unmatched detection outside the range is ignored too. Both ends are
 * inclusive, so a box of exactly 32 x 32 pixels counts as small and as medium (as in pycocotools).
 *
 * @param name the name shown in reports, e.g. "small"
 * @param minArea smallest area in the range, square pixels
 * @param maxArea largest area in the range, square pixels
 */
public record AreaRange(String name, double minArea, double maxArea) {
    /** Every box: [0, 1e5^2]. */
    public static final AreaRange ALL = new AreaRange("all", 0, 1e10);
    /** COCO's small objects: area at most 32^2 = 1,024 square pixels. */
    public static final AreaRange SMALL = new AreaRange("small", 0, 32 * 32);
    /** COCO's medium objects: area from 32^2 to 96^2 = 9,216 square pixels. */
    public static final AreaRange MEDIUM = new AreaRange("medium", 32 * 32, 96 * 96);
    /** COCO's large objects: area at least 96^2. */
    public static final AreaRange LARGE = new AreaRange("large", 96 * 96, 1e10);
    /** COCO's four ranges in pycocotools' order: all, small, medium, large. */
    public static final AreaRange[] COCO = {ALL, SMALL, MEDIUM, LARGE};

    /** Checks the bounds. */
    public AreaRange {
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException("An area range needs a name");
        }
        if (!(minArea >= 0) || !(maxArea >= minArea)) {
            throw new IllegalArgumentException("Area range '" + name + "' needs 0 <= min <= max,"
                    + " got " + minArea + " .. " + maxArea);
        }
    }

    /** Whether a box of this area lies in the range (both ends inclusive). */
    public boolean contains(double area) {
        return area >= minArea && area <= maxArea;
    }
}
