package org.logokit.detect.rcnn;

import java.util.ArrayList;
import java.util.List;
import org.logokit.anchor.AnchorGenerator;

/**
 * Settings of a {@link RegionProposalNetwork} (saved in the detector's spec).
 *
 * @param anchorSizes per level, anchor sizes (square root of the area) in input pixels
 * @param anchorRatios per level, aspect ratios height / width
 * @param foregroundIoU an anchor with IoU at least this with a logo is positive (0.7)
 * @param backgroundIoU an anchor whose best IoU is below this is negative (0.3); in between: ignored
 * @param batchSizePerImage anchors sampled per image for the loss (256)
 * @param positiveFraction largest share of positives in that sample (0.5)
 * @param preNmsTopNTrain boxes kept per level before NMS in training (2000)
 * @param postNmsTopNTrain proposals kept after NMS in training (2000)
 * @param preNmsTopNTest boxes kept per level before NMS at test time (1000)
 * @param postNmsTopNTest proposals kept after NMS at test time (1000)
 * @param nmsThreshold NMS IoU threshold of the proposals (0.7)
 * @param minSize smallest proposal side in pixels (1e-3)
 * @param boxBeta smooth L1 threshold of the box loss (1/9)
 * @param seed seed of the anchor sampler
 */
public record RpnConfig(float[][] anchorSizes, float[][] anchorRatios, double foregroundIoU,
        double backgroundIoU, int batchSizePerImage, double positiveFraction, int preNmsTopNTrain,
        int postNmsTopNTrain, int preNmsTopNTest, int postNmsTopNTest, double nmsThreshold, double minSize,
        double boxBeta, long seed) {

    /** Checks the settings. */
    public RpnConfig {
        if (anchorSizes == null || anchorRatios == null || anchorSizes.length == 0
                || anchorSizes.length != anchorRatios.length) {
            throw new IllegalArgumentException("Need anchor sizes and ratios for the same, non-zero number of levels");
        }
        int perLocation = anchorSizes[0].length * anchorRatios[0].length;
        for (int level = 1; level < anchorSizes.length; level++) {
            if (anchorSizes[level].length * anchorRatios[level].length != perLocation) {
                throw new IllegalArgumentException("Every level needs the same number of anchors per location (one"
                        + " RPN head serves them all); level 0 has " + perLocation + ", level " + level + " has "
                        + anchorSizes[level].length * anchorRatios[level].length);
            }
        }
        if (backgroundIoU > foregroundIoU) {
            throw new IllegalArgumentException("backgroundIoU (" + backgroundIoU + ") must not exceed foregroundIoU ("
                    + foregroundIoU + ")");
        }
        if (batchSizePerImage < 1 || positiveFraction <= 0 || positiveFraction > 1) {
            throw new IllegalArgumentException("Need batchSizePerImage >= 1 and 0 < positiveFraction <= 1");
        }
        if (!(boxBeta > 0)) {
            throw new IllegalArgumentException("boxBeta must be positive, got " + boxBeta);
        }
    }

    /**
     * The paper's settings (torchvision's defaults) on one level with 3 sizes × 3 ratios (0.5, 1, 2).
     *
     * @param sizes the three (or any number of) anchor sizes for the input size in use
     */
    public static RpnConfig singleLevel(float... sizes) {
        return new RpnConfig(new float[][] {sizes.clone()}, new float[][] {{0.5f, 1f, 2f}}, 0.7, 0.3, 256, 0.5,
                2000, 2000, 1000, 1000, 0.7, 1e-3, 1.0 / 9, 1L);
    }

    /** This config with other proposal counts (pre / post NMS, training / test). */
    public RpnConfig withProposals(int preTrain, int postTrain, int preTest, int postTest) {
        return new RpnConfig(anchorSizes, anchorRatios, foregroundIoU, backgroundIoU, batchSizePerImage,
                positiveFraction, preTrain, postTrain, preTest, postTest, nmsThreshold, minSize, boxBeta, seed);
    }

    /** This config with another anchor sample per image. */
    public RpnConfig withSample(int perImage, double fraction) {
        return new RpnConfig(anchorSizes, anchorRatios, foregroundIoU, backgroundIoU, perImage, fraction,
                preNmsTopNTrain, postNmsTopNTrain, preNmsTopNTest, postNmsTopNTest, nmsThreshold, minSize, boxBeta,
                seed);
    }

    /** Number of feature levels the anchors are for. */
    public int levels() {
        return anchorSizes.length;
    }

    /** Anchors per location (the same on every level). */
    public int anchorsPerLocation() {
        return anchorSizes[0].length * anchorRatios[0].length;
    }

    /** The anchor generator of these settings. */
    public AnchorGenerator anchorGenerator() {
        List<float[]> sizes = new ArrayList<>();
        List<float[]> ratios = new ArrayList<>();
        for (int level = 0; level < levels(); level++) {
            sizes.add(anchorSizes[level]);
            ratios.add(anchorRatios[level]);
        }
        return new AnchorGenerator(sizes, ratios);
    }

    /** The filter used in training or at test time. */
    public ProposalFilter proposalFilter(boolean training) {
        return training
                ? new ProposalFilter(preNmsTopNTrain, postNmsTopNTrain, nmsThreshold, minSize, 0.0)
                : new ProposalFilter(preNmsTopNTest, postNmsTopNTest, nmsThreshold, minSize, 0.0);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof RpnConfig c && java.util.Arrays.deepEquals(anchorSizes, c.anchorSizes)
                && java.util.Arrays.deepEquals(anchorRatios, c.anchorRatios) && foregroundIoU == c.foregroundIoU
                && backgroundIoU == c.backgroundIoU && batchSizePerImage == c.batchSizePerImage
                && positiveFraction == c.positiveFraction && preNmsTopNTrain == c.preNmsTopNTrain
                && postNmsTopNTrain == c.postNmsTopNTrain && preNmsTopNTest == c.preNmsTopNTest
                && postNmsTopNTest == c.postNmsTopNTest && nmsThreshold == c.nmsThreshold && minSize == c.minSize
                && boxBeta == c.boxBeta && seed == c.seed;
    }

    @Override
    public int hashCode() {
        return java.util.Arrays.deepHashCode(anchorSizes) * 31 + Long.hashCode(seed) + preNmsTopNTrain;
    }
}
