package org.logokit.viz;

import java.awt.Color;
import java.util.Objects;

/**
 * The kit's colours, shared by every picture so that a class keeps its colour from chart to image.
 *
 * <p>Twelve well-separated hues (a qualitative palette in the spirit of Tableau 10, widened a
 * little). A label is mapped to a colour by its {@link String#hashCode()}, which Java specifies
 * exactly, so "adidas" gets the same colour in every run, notebook and JVM.
 */
public final class Palette {
    private static final Color[] COLORS = {
        new Color(0x1F77B4), new Color(0xFF7F0E), new Color(0x2CA02C), new Color(0xD62728),
        new Color(0x9467BD), new Color(0x8C564B), new Color(0xE377C2), new Color(0x17BECF),
        new Color(0xBCBD22), new Color(0x7F7F7F), new Color(0x393B79), new Color(0xAD494A),
    };

    private Palette() {}

    /** Number of distinct colours before they repeat. */
    public static int size() {
        return COLORS.length;
    }

    /** Returns the {@code index}-th colour, wrapping around (negative indices too). */
    public static Color color(int index) {
        return COLORS[Math.floorMod(index, COLORS.length)];
    }

    /** Returns the colour of a class label; equal labels always get equal colours. */
    public static Color forLabel(String label) {
        Objects.requireNonNull(label, "label");
        return color(label.hashCode());
    }

    /**
     * Returns black or white, whichever reads better on {@code background} (by its perceived
     * luminance, ITU-R BT.601 weights).
     */
    public static Color textOn(Color background) {
        double luminance = 0.299 * background.getRed() + 0.587 * background.getGreen()
                + 0.114 * background.getBlue();
        return luminance > 150 ? Color.BLACK : Color.WHITE;
    }
}
