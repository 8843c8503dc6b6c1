package org.logokit.annotate;

import ai.djl.ndarray.NDArray;

/**
 * How a template is turned before it is matched: optionally mirrored left-right, then rotated by
 * a multiple of 90° counter-clockwise. The eight orientations are the symmetries of a rectangle
 * (the dihedral group of the square); a logo printed on its side or seen in a mirror matches one
 * of them.
 */
public enum Orientation {
    /** As drawn. */
    UPRIGHT(false, 0),
    /** Rotated 90° counter-clockwise. */
    ROTATED_90(false, 1),
    /** Upside down. */
    ROTATED_180(false, 2),
    /** Rotated 270° counter-clockwise (90° clockwise). */
    ROTATED_270(false, 3),
    /** Mirrored left-right. */
    FLIPPED(true, 0),
    /** Mirrored, then rotated 90° counter-clockwise. */
    FLIPPED_90(true, 1),
    /** Mirrored, then upside down (= mirrored top-bottom). */
    FLIPPED_180(true, 2),
    /** Mirrored, then rotated 270° counter-clockwise. */
    FLIPPED_270(true, 3);

    private final boolean flipped;
    private final int quarterTurns;

    Orientation(boolean flipped, int quarterTurns) {
        this.flipped = flipped;
        this.quarterTurns = quarterTurns;
    }

    /** Whether the template is mirrored left-right first. */
    public boolean flipped() {
        return flipped;
    }

    /** Counter-clockwise quarter turns after the mirror, 0 to 3. */
    public int quarterTurns() {
        return quarterTurns;
    }

    /** Whether width and height trade places (an odd number of quarter turns). */
    public boolean swapsSides() {
        return quarterTurns % 2 == 1;
    }

    /**
     * Applies this orientation to templates.
     *
     * @param templates (K, h, w) grey templates
     * @return (K, h, w), or (K, w, h) when {@link #swapsSides()}
     */
    public NDArray apply(NDArray templates) {
        NDArray out = flipped ? templates.flip(2) : templates;
        return quarterTurns == 0 ? out : out.rotate90(quarterTurns, new int[] {1, 2});
    }

    /** A short label: "upright", "flipped 90°", ... */
    public String label() {
        String turn = quarterTurns == 0 ? "" : (quarterTurns * 90) + "°";
        if (flipped) {
            return turn.isEmpty() ? "flipped" : "flipped " + turn;
        }
        return turn.isEmpty() ? "upright" : "rotated " + turn;
    }
}
