package org.logokit.detect.fpn;

import java.util.List;
import java.util.Objects;
import org.logokit.detect.Backbone;
import org.logokit.detect.DetectorSpec;
import org.logokit.detect.rcnn.FasterRcnn;
import org.logokit.detect.rcnn.PoolerKind;
import org.logokit.detect.rcnn.RegionProposalNetwork;
import org.logokit.detect.rcnn.RoiConfig;
import org.logokit.detect.rcnn.RoiHeads;
import org.logokit.detect.rcnn.RpnConfig;
import org.logokit.detect.rcnn.SingleLevelPooler;

/**
 * Faster R-CNN with a feature pyramid (Lin et al. 2017, section 4): the same {@link FasterRcnn},
 * {@link RegionProposalNetwork} and {@link RoiHeads} as the single-level model, composed with
 * different parts:
 *
 * <ul>
 *   <li>features: {@link PyramidFeatures}, a ResNet-18 (C2..C5) under a {@link FeaturePyramid}
 *       making P2..P6 (P6 by max-pooling P5);
 *   <li>RPN: one shared head over all five levels with <em>one anchor size per level</em> (3 aspect
 *       ratios), the size doubling from level to level; proposals are taken per level (top-N and
 *       NMS per level) as torchvision does;
 *   <li>RoI heads: a {@link MultiScaleRoIAlign} that pools every proposal from P2..P5 by its size
 *       ({@link LevelMapper}), with the single-level model's RoIAlign settings (2 × 2 samples per
 *       bin, half-pixel aligned), so the comparison with it isolates the pyramid.
 * </ul>
 *
 * <p>This class holds no detector logic of its own: it is the {@link Config} saved in the spec and
 * the factory the catalog calls for the kind {@value #KIND}.
 */
public final class FpnFasterRcnn {
    /** The catalog kind. */
    public static final String KIND = "faster-rcnn-fpn";

    private FpnFasterRcnn() {}

    /**
     * Settings of the FPN model (saved in its spec).
     *
     * @param width backbone width
     * @param frozenStages backbone blocks kept frozen (stem = 1, stage1 = 2, ...)
     * @param pyramidWidth channels of every pyramid level (256 in the paper)
     * @param canonicalSize the level mapper's s0 (224 in the paper)
     * @param rpn the RPN: one anchor size and the same ratios on each of the five levels P2..P6
     * @param roi the RoI heads (their pooler kind must be RoIAlign)
     */
    public record Config(Backbone.Width width, int frozenStages, int pyramidWidth, double canonicalSize,
            RpnConfig rpn, RoiConfig roi) {
        /** Checks the fields. */
        public Config {
            Objects.requireNonNull(width, "width");
            Objects.requireNonNull(rpn, "rpn");
            Objects.requireNonNull(roi, "roi");
            if (rpn.levels() != 5) {
                throw new IllegalArgumentException("The FPN RPN has anchors on the five levels P2..P6; this RPN config"
                        + " has " + rpn.levels() + ". Use FpnFasterRcnn.rpnConfig(...)");
            }
            if (roi.pooler() != PoolerKind.ROI_ALIGN) {
                throw new IllegalArgumentException("The FPN model pools with multi-scale RoIAlign; the RoI config asks"
                        + " for " + roi.pooler());
            }
            if (pyramidWidth < 1 || !(canonicalSize > 0)) {
                throw new IllegalArgumentException("Need pyramidWidth >= 1 and canonicalSize > 0");
            }
        }

        /** The pyramid's settings: C2..C5 in, P2..P6 out. */
        public FeaturePyramid.Config pyramid() {
            return FeaturePyramid.Config.fasterRcnn(pyramidWidth);
        }
    }

    /**
     * The RPN settings of the paper (torchvision's defaults) with one anchor size per level.
     *
     * @param smallest anchor size on P2 in input pixels (32 in the paper for 800-pixel images); the
     *     size doubles on every level up to P6
     */
    public static RpnConfig rpnConfig(float smallest) {
        float[][] sizes = new float[5][];
        float[][] ratios = new float[5][];
        for (int level = 0; level < 5; level++) {
            sizes[level] = new float[] {smallest * (1 << level)};
            ratios[level] = new float[] {0.5f, 1f, 2f};
        }
        RpnConfig single = RpnConfig.singleLevel(smallest);
        return new RpnConfig(sizes, ratios, single.foregroundIoU(), single.backgroundIoU(), single.batchSizePerImage(),
                single.positiveFraction(), single.preNmsTopNTrain(), single.postNmsTopNTrain(), single.preNmsTopNTest(),
                single.postNmsTopNTest(), single.nmsThreshold(), single.minSize(), single.boxBeta(), single.seed());
    }

    /**
     * A spec for the FPN model.
     *
     * @param name a short name (files, logs)
     * @param classes brand names by id
     * @param imageSize side of the square input
     */
    public static DetectorSpec spec(String name, List<String> classes, int imageSize, Config config) {
        return DetectorSpec.of(KIND, name, classes, imageSize, config);
    }

    /** Builds the model a spec of kind {@value #KIND} describes (the catalog's factory). */
    public static FasterRcnn fromSpec(DetectorSpec spec) {
        Config config = spec.settings(Config.class);
        PyramidFeatures features = new PyramidFeatures(config.width(), config.frozenStages(), config.pyramid());
        RegionProposalNetwork rpn = new RegionProposalNetwork(config.rpn(), features.channels(), features.strides());
        // P2..P5: P6 serves the RPN's largest anchors only, as in the paper
        MultiScaleRoIAlign pooler = new MultiScaleRoIAlign(new int[] {4, 8, 16, 32}, config.roi().poolSize(),
                SingleLevelPooler.ALIGN_SAMPLING_RATIO, true, config.canonicalSize());
        RoiHeads heads = new RoiHeads(config.roi(), spec.numClasses(), pooler, features.strides());
        return new FasterRcnn(spec, features, rpn, heads);
    }

    /** The pyramid features of a model built by {@link #fromSpec}. */
    public static PyramidFeatures pyramidOf(FasterRcnn model) {
        if (!(model.features() instanceof PyramidFeatures pyramid)) {
            throw new IllegalArgumentException("This Faster R-CNN reads " + model.features() + ", not a feature pyramid");
        }
        return pyramid;
    }
}
