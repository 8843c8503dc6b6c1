package org.logokit.experiments;

import java.util.Locale;
import org.logokit.config.Profile;
import org.logokit.detect.Backbone;
import org.logokit.detect.rcnn.RpnConfig;

/**
 * The sizes chapters 06 and 07 share for a two-stage detector on 2 CPU cores: input size, backbone
 * level and anchors, chosen for the logos of SynthLogos-32 (see the chapters' "what we measured").
 *
 * <p>At 256 × 256 the training logos have a median size (square root of the area) of 48 pixels
 * (5 % below 24, 5 % above 101) and are wider than tall (median height / width 0.71), so the 9
 * anchors are 28, 56 and 112 pixels at height / width 1/3, 2/3 and 4/3, on C4 of the quarter-width
 * ResNet-18 (stride 16, a 16 × 16 map, 2,304 anchors). Proposal counts are the paper's 2,000 / 1,000
 * scaled down for CPUs: NMS over the pre-NMS top N dominates a step's time.
 */
public final class DetectorRecipe {
    /** Anchor sizes in input pixels. */
    public static final float[] ANCHOR_SIZES = {28, 56, 112};
    /** Anchor aspect ratios, height / width. */
    public static final float[] ANCHOR_RATIOS = {1 / 3f, 2 / 3f, 4 / 3f};
    /** The backbone level both stages read. */
    public static final String LEVEL = "C4";
    /** Backbone width. */
    public static final Backbone.Width WIDTH = Backbone.Width.QUARTER;

    private DetectorRecipe() {}

    /** Input size: 128 (smoke) or 256 (full). */
    public static int imageSize(Profile profile) {
        return profile.pick(128, 256);
    }

    /** The RPN settings of a profile (paper thresholds and samples; fewer proposals). */
    public static RpnConfig rpn(Profile profile) {
        RpnConfig base = new RpnConfig(new float[][] {ANCHOR_SIZES.clone()}, new float[][] {ANCHOR_RATIOS.clone()},
                0.7, 0.3, 256, 0.5, 2000, 2000, 1000, 1000, 0.7, 1e-3, 1.0 / 9, 1L);
        return profile == Profile.SMOKE ? base.withProposals(300, 150, 200, 100) : base.withProposals(600, 300, 600, 300);
    }

    /** The name a saved model gets: the chapter's prefix and the profile. */
    public static String modelName(String prefix, Profile profile) {
        return prefix + "-" + profile.name().toLowerCase(Locale.ROOT);
    }
}
