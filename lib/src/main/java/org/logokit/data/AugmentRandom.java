package org.logokit.data;

import java.util.Random;
import java.util.concurrent.atomic.AtomicIntegerArray;

/**
 * Hands out one {@link Random} per (dataset seed, item, visit) so augmentation is reproducible
 * whatever the order or thread in which a data loader asks for items: the k-th visit of item i
 * always gets the same random numbers, and each epoch sees a fresh draw.
 */
final class AugmentRandom {
    private final long seed;
    private final AtomicIntegerArray visits;

    AugmentRandom(long seed, int items) {
        this.seed = seed;
        this.visits = new AtomicIntegerArray(Math.max(items, 1));
    }

    /** Returns the generator for the next visit of an item. */
    Random next(int item) {
        int visit = visits.getAndIncrement(item);
        long mixed = seed * 0x9E3779B97F4A7C15L + item * 0xBF58476D1CE4E5B9L + visit * 0x94D049BB133111EBL;
        return new Random(mixed);
    }
}
