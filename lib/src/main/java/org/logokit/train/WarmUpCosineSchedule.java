package org.logokit.train;

import ai.djl.training.tracker.Tracker;

/**
 * The learning-rate schedule detectors train with: a linear warm-up from a small fraction of the
 * rate (an untrained detector's first gradients are large and noisy), then a cosine decay to a
 * small final rate at the last iteration. {@link #resumedAt(int)} continues a schedule after a
 * resume instead of warming up again.
 */
public final class WarmUpCosineSchedule implements Tracker {
    private final float baseRate;
    private final float finalRate;
    private final int warmUpIterations;
    private final int totalIterations;
    private final int offset;

    /**
     * @param baseRate the peak learning rate
     * @param warmUpIterations iterations of linear warm-up from baseRate / 10 (0 for none)
     * @param totalIterations iterations of the whole run (the cosine ends there)
     * @param finalFraction the last rate as a fraction of the peak (e.g. 0.05)
     */
    public WarmUpCosineSchedule(float baseRate, int warmUpIterations, int totalIterations, float finalFraction) {
        this(baseRate, warmUpIterations, totalIterations, baseRate * finalFraction, 0);
    }

    private WarmUpCosineSchedule(float baseRate, int warmUp, int total, float finalRate, int offset) {
        if (!(baseRate > 0) || warmUp < 0 || total < 1) {
            throw new IllegalArgumentException("Need a positive rate, warm-up >= 0 and total >= 1 iterations; got "
                    + baseRate + ", " + warmUp + ", " + total);
        }
        this.baseRate = baseRate;
        this.finalRate = finalRate;
        this.warmUpIterations = warmUp;
        this.totalIterations = total;
        this.offset = offset;
    }

    /** The same schedule continued from iteration {@code done} (the optimiser counts from 0 again). */
    public WarmUpCosineSchedule resumedAt(int done) {
        return new WarmUpCosineSchedule(baseRate, warmUpIterations, totalIterations, finalRate, done);
    }

    @Override
    public float getNewValue(int numUpdate) {
        int t = numUpdate + offset;
        if (t < warmUpIterations) {
            float start = baseRate / 10;
            return start + (baseRate - start) * t / warmUpIterations;
        }
        int span = Math.max(1, totalIterations - warmUpIterations);
        double progress = Math.min(1.0, (t - warmUpIterations) / (double) span);
        return (float) (finalRate + (baseRate - finalRate) * 0.5 * (1 + Math.cos(Math.PI * progress)));
    }
}
