package org.logokit.data;

/**
 * Per-class loss weights against class imbalance (seed 001's training split has 1,500 no-logo
 * images and 10 of each brand).
 */
public final class ClassWeights {
    private ClassWeights() {}

    /**
     * Inverse-frequency weights, normalised so the average weight over the training images is 1:
     * {@code w[c] = N / (K * n[c])}, with N images in total and K classes that occur. A class that
     * does not occur gets weight 0. This is scikit-learn's "balanced" rule: every class then
     * contributes the same total weight {@code N / K} to the loss.
     *
     * @param counts images per class id
     * @return one weight per class id
     * @throws IllegalArgumentException if a count is negative or all are zero
     */
    public static float[] inverseFrequency(int[] counts) {
        long total = 0;
        int present = 0;
        for (int c : counts) {
            if (c < 0) {
                throw new IllegalArgumentException("class counts must not be negative");
            }
            total += c;
            present += c > 0 ? 1 : 0;
        }
        if (total == 0) {
            throw new IllegalArgumentException("all class counts are zero: no images to weigh");
        }
        float[] weights = new float[counts.length];
        for (int i = 0; i < counts.length; i++) {
            weights[i] = counts[i] == 0 ? 0f : (float) ((double) total / ((double) present * counts[i]));
        }
        return weights;
    }
}
