package org.logokit.experiments;

import java.util.Locale;
import org.logokit.config.Profile;
import org.logokit.detect.Backbone;
import org.logokit.detect.rcnn.RpnConfig;

/**
 * The sizes chapters 06 and 07 share for a two-stage detector on 2 CPU cores: input size, backbone
 * level and anchors, chosen for the logos of SynthLogos-32 (see the chapters' "what we measured").
 *
 * <p>At 256 × 256 the training logos of SynthLogos-32 2.0 have a median size (square root of the
 * area) of 40 pixels (a quarter below 21, 5 % above 96) and are wider than tall (median height /
 * width 0.71), so the 9 anchors are 24, 48 and 96 pixels at height / width 1/3, 2/3 and 4/3, on C4
 * of the quarter-width ResNet-18 (stride 16, a 16 × 16 map, 2,304 anchors). Of all the 3-size sets
 * tried, it gives the training logos the best anchors at that stride (mean best IoU 0.53; 66 % of
 * the logos have an anchor at IoU 0.5 or more). Proposal counts are the paper's 2,000 / 1,000 scaled
 * down for CPUs: NMS over the pre-NMS top N dominates a step's time.
 *
 * <p>Chapter 06's RPN differs from the paper in two settings, both measured there against the paper's (same
 * anchors, epochs and images): an anchor is positive from IoU {@value #RPN_FOREGROUND_IOU} with a
 * logo, not 0.7, and the RPN's box term weighs {@value #RPN_BOX_WEIGHT} times its objectness term,
 * not once. With 24-96-pixel anchors 16 pixels apart few anchors reach IoU 0.7 with a small or
 * slanted logo, so under the paper's rule most logos train the box regression through their one
 * low-quality match; SSD and RetinaNet take 0.5 for the same reason. The box term, normalised by
 * the 256 sampled anchors as in torchvision, is then still a tenth of the objectness term: the
 * weight makes the proposals' boxes, not only their ranking, learn in the few epochs a CPU has.
 * Chapter 07's Faster R-CNN keeps the paper's thresholds ({@link #paperRpn}; see its settings).
 */
public final class DetectorRecipe {
    /** Anchor sizes in input pixels. */
    public static final float[] ANCHOR_SIZES = {24, 48, 96};
    /** Anchor aspect ratios, height / width. */
    public static final float[] ANCHOR_RATIOS = {1 / 3f, 2 / 3f, 4 / 3f};
    /** The backbone level both stages read. */
    public static final String LEVEL = "C4";
    /** Backbone width. */
    public static final Backbone.Width WIDTH = Backbone.Width.QUARTER;
    /** IoU with a logo from which an RPN anchor is positive (the paper: 0.7). */
    public static final double RPN_FOREGROUND_IOU = 0.5;
    /** Weight of the RPN's box term ({@code rpn_box}) in the training loss (the paper: 1). */
    public static final double RPN_BOX_WEIGHT = 5;

    private DetectorRecipe() {}

    /** Input size: 128 (smoke) or 256 (full). */
    public static int imageSize(Profile profile) {
        return profile.pick(128, 256);
    }

    /**
     * The course's RPN settings of a profile: the paper's samples, background threshold and box
     * coding, anchors positive from {@link #RPN_FOREGROUND_IOU}, fewer proposals.
     */
    public static RpnConfig rpn(Profile profile) {
        return rpn(profile, RPN_FOREGROUND_IOU);
    }

    /** The paper's RPN thresholds (positive from IoU 0.7) with the course's anchors and proposal counts. */
    public static RpnConfig paperRpn(Profile profile) {
        return rpn(profile, 0.7);
    }

    private static RpnConfig rpn(Profile profile, double foregroundIoU) {
        RpnConfig base = new RpnConfig(new float[][] {ANCHOR_SIZES.clone()}, new float[][] {ANCHOR_RATIOS.clone()},
                foregroundIoU, 0.3, 256, 0.5, 2000, 2000, 1000, 1000, 0.7, 1e-3, 1.0 / 9, 1L);
        return profile == Profile.SMOKE ? base.withProposals(300, 150, 200, 100) : base.withProposals(600, 300, 600, 300);
    }

    /** The name a saved model gets: the chapter's prefix and the profile. */
    public static String modelName(String prefix, Profile profile) {
        return prefix + "-" + profile.name().toLowerCase(Locale.ROOT);
    }
}
