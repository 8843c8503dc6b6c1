package org.logokit.train;

import ai.djl.engine.Engine;
import java.util.Random;

/**
 * Fixes random seeds so that a run can be repeated: the engine's generator (weight
 * initialisation, dropout), DJL's own {@code RandomUtils} (dataset shuffling) and a Java
 * {@link Random} for the caller.
 *
 * <p>On a CPU this makes runs repeatable; GPU kernels may still differ in the last digits.
 */
public final class Seeds {

    private Seeds() {}

    /**
     * Seeds the engine and returns a Java random generator seeded the same way.
     *
     * @param seed any integer, e.g. 42
     */
    public static Random fix(int seed) {
        Engine.getInstance().setRandomSeed(seed);
        return new Random(seed);
    }
}
