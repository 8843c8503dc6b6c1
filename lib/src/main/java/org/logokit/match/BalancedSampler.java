package org.logokit.match;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import java.util.Random;

/**
 * Faster R-CNN's minibatch of anchors: from one image, draw at most {@code batchSizePerImage}
 * anchors with at most {@code positiveFraction} of them positive, filling the rest with negatives
 * (torchvision's {@code BalancedPositiveNegativeSampler}; the paper uses 256 anchors, up to 50 %
 * positive). Without this, background anchors outnumber objects by ~1000:1 and swamp the loss.
 *
 * <p>Input labels use {@link IoUMatcher}'s convention: index &ge; 0 positive, -1 negative,
 * -2 (ignored) never sampled. Randomness comes from a seeded {@link java.util.Random} on the host
 * (a random permutation of the anchors), so the same seed picks the same anchors on every engine;
 * the selection itself is vectorised. The sampler keeps its random state: successive calls draw
 * different subsets.
 */
public final class BalancedSampler {
    /**
     * The sampled anchors.
     *
     * @param positive (A) boolean mask of the sampled positive anchors
     * @param negative (A) boolean mask of the sampled negative anchors
     */
    public record Selection(NDArray positive, NDArray negative) {}

    private final int batchSizePerImage;
    private final double positiveFraction;
    private final Random random;

    /**
     * @param batchSizePerImage anchors per image (Faster R-CNN: 256 for the RPN, 512 for the head)
     * @param positiveFraction largest share of positives (0.5 for the RPN, 0.25 for the head)
     * @param seed seed of the random subset choice
     */
    public BalancedSampler(int batchSizePerImage, double positiveFraction, long seed) {
        if (batchSizePerImage < 1 || positiveFraction < 0 || positiveFraction > 1) {
            throw new IllegalArgumentException("Need batchSizePerImage >= 1 and 0 <="
                    + " positiveFraction <= 1, got " + batchSizePerImage + " and "
                    + positiveFraction);
        }
        this.batchSizePerImage = batchSizePerImage;
        this.positiveFraction = positiveFraction;
        this.random = new Random(seed);
    }

    /**
     * Samples one image's anchors.
     *
     * @param matches (A) integer labels from {@link IoUMatcher}: gt index, -1 or -2
     * @return masks of the chosen positives (min(#positives, batch * fraction) of them) and
     *     negatives (min(#negatives, batch - chosen positives))
     */
    public Selection sample(NDArray matches) {
        if (matches.getShape().dimension() != 1) {
            throw new IllegalArgumentException("matches must be 1-D (one label per anchor), got "
                    + matches.getShape() + "; sample each image separately.");
        }
        NDManager manager = matches.getManager();
        int a = (int) matches.size();
        try (NDManager scratch = manager.newSubManager()) {
            NDArray labels = matches.toType(DataType.FLOAT32, true);
            labels.attach(scratch);
            NDArray positive = labels.gte(0);
            NDArray negative = labels.eq(IoUMatcher.BACKGROUND);
            long numPositive = Math.min(count(positive),
                    (long) Math.floor(batchSizePerImage * positiveFraction));
            long numNegative = Math.min(count(negative), batchSizePerImage - numPositive);
            NDArray permutation = scratch.create(shuffledIndices(a));
            NDArray chosenPositive = firstInPermutation(positive, permutation, numPositive);
            NDArray chosenNegative = firstInPermutation(negative, permutation, numNegative);
            chosenPositive.attach(manager);
            chosenNegative.attach(manager);
            return new Selection(chosenPositive, chosenNegative);
        }
    }

    /**
     * Among the anchors in {@code candidates}, the {@code n} that come first in the permutation:
     * a uniformly random subset of size n, found with one sort instead of a loop.
     */
    private static NDArray firstInPermutation(NDArray candidates, NDArray permutation, long n) {
        if (n == 0) {
            return candidates.zerosLike().toType(DataType.BOOLEAN, false);
        }
        long a = permutation.size();
        // Candidates keep their permutation rank, others are pushed behind all candidates.
        NDArray key = permutation.add(candidates.logicalNot().toType(DataType.FLOAT32, false).mul(a));
        float cutoff = key.sort().getFloat(n - 1);
        return key.lte(cutoff).logicalAnd(candidates);
    }

    private static long count(NDArray mask) {
        if (mask.size() == 0) {
            return 0;
        }
        return mask.toType(DataType.INT64, false).sum().getLong();
    }

    /** 0 .. a-1 in random order (Fisher-Yates), as floats: exact below 2^24 anchors. */
    private float[] shuffledIndices(int a) {
        float[] values = new float[a];
        for (int i = 0; i < a; i++) {
            values[i] = i;
        }
        for (int i = a - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            float swap = values[i];
            values[i] = values[j];
            values[j] = swap;
        }
        return values;
    }
}
