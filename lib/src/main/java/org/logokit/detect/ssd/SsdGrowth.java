package org.logokit.detect.ssd;

import java.util.Arrays;
import org.logokit.detect.ClassGrowth;

/**
 * Moves what a trained SSD learnt into an SSD with more classes: {@link ClassGrowth} with one group
 * of rows per default box of a location. Each map's class head grows from B·(1 + C) to B·(1 + C')
 * output channels (B default boxes per location, background first); every box keeps its background
 * and old class rows, and the new classes' rows start fresh (weights from the initialiser, bias at
 * the mean of that box's old class biases). Box heads, extra layers and backbone are copied as
 * they are, so the old classes' logits and every box offset stay the trained detector's.
 */
public final class SsdGrowth {
    private SsdGrowth() {}

    /**
     * Copies {@code from}'s weights into {@code to}.
     *
     * @param from a trained SSD with C classes
     * @param to an initialised SSD of the same layout (maps and default boxes per location) with
     *     C' &gt;= C classes whose first C are {@code from}'s in the same order
     * @throws IllegalArgumentException when the layouts or class lists do not fit
     */
    public static void copyGrowing(Ssd from, Ssd to) {
        if (!Arrays.equals(from.mapSizes(), to.mapSizes())
                || !Arrays.equals(from.boxesPerLocation(), to.boxesPerLocation())) {
            throw new IllegalArgumentException("Both SSDs need the same maps and default boxes per location; got maps "
                    + Arrays.toString(from.mapSizes()) + " with " + Arrays.toString(from.boxesPerLocation())
                    + " boxes and " + Arrays.toString(to.mapSizes()) + " with "
                    + Arrays.toString(to.boxesPerLocation()));
        }
        ClassGrowth.copyGrowing(from, to);
    }
}
