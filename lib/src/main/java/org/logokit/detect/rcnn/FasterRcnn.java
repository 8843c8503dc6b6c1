package org.logokit.detect.rcnn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.logokit.detect.Backbone;
import org.logokit.detect.DetectionBatch;
import org.logokit.detect.Detections;
import org.logokit.detect.Detector;
import org.logokit.detect.DetectorSpec;

/**
 * Faster R-CNN (Ren et al. 2015): backbone features → {@link RegionProposalNetwork} → proposals →
 * {@link RoiHeads} → detections, trained jointly on four loss terms
 * ({@code rpn_objectness, rpn_box, roi_class, roi_box}).
 *
 * <p><b>Approximate joint training</b> (torchvision's): the proposals of a training step are
 * constants for the second stage; the RoI losses reach the backbone through the pooled features but
 * not through the proposal boxes, and the RPN learns from its own two losses.
 *
 * <p><b>Composition.</b> {@link #FasterRcnn(DetectorSpec, FeatureSource, RegionProposalNetwork,
 * RoiHeads)} takes any feature source (one backbone level here, a feature pyramid in chapter 10),
 * RPN and RoI heads, so other kinds reuse this class. The kind {@value #KIND} rebuilds one from
 * a spec whose settings are a {@link Config}.
 *
 * <p>Raw outputs ({@link #predict}): NDList(boxes (R, C, 4), brand scores (R, C), rows per image
 * (B)); {@link #postProcess} applies the score threshold, class-wise NMS and the per-image limit.
 */
public final class FasterRcnn extends Detector {
    /** The catalog kind of the single-level model. */
    public static final String KIND = "faster-rcnn";
    /** The loss terms, in order. */
    public static final List<String> LOSS_NAMES = List.of("rpn_objectness", "rpn_box", "roi_class", "roi_box");

    private static final byte VERSION = 1;

    /**
     * Settings of the single-level model (saved in its spec).
     *
     * @param width backbone width
     * @param level the backbone level both stages read (C3: stride 8, C4: stride 16)
     * @param frozenStages backbone blocks kept frozen (stem = 1, stage1 = 2, ...)
     * @param rpn the region proposal network
     * @param roi the RoI heads
     * @param outputStride the backbone's output stride: null (or 32) is the ordinary ResNet, 8 keeps C4 at
     *     stride 8 with dilated convolutions ({@link Backbone.Config}); null is stored as absent, so specs
     *     saved before this setting existed still match
     */
    public record Config(Backbone.Width width, String level, int frozenStages,
            RpnConfig rpn, RoiConfig roi, Integer outputStride) {
        /** Checks the fields. */
        public Config {
            Objects.requireNonNull(width, "width");
            Objects.requireNonNull(level, "level");
            Objects.requireNonNull(rpn, "rpn");
            outputStride = outputStride == null || outputStride == 32 ? null : outputStride;
            Objects.requireNonNull(roi, "roi");
        }

        /** Settings on the ordinary (undilated) backbone. */
        public Config(Backbone.Width width, String level, int frozenStages, RpnConfig rpn, RoiConfig roi) {
            this(width, level, frozenStages, rpn, roi, null);
        }

        /** The backbone settings. */
        public Backbone.Config backbone() {
            return BackboneFeatures.config(width, level, frozenStages)
                    .withOutputStride(outputStride == null ? 32 : outputStride);
        }
    }

    private final DetectorSpec spec;
    private final FeatureSource features;
    private final RegionProposalNetwork rpn;
    private final RoiHeads roiHeads;

    /**
     * Composes a Faster R-CNN from its parts.
     *
     * @param spec what it is (kind, classes, input size, settings)
     * @param features the backbone levels both stages read
     * @param rpn the proposal stage (its strides must be the features')
     * @param roiHeads the second stage, for {@code spec.numClasses()} brands
     */
    public FasterRcnn(DetectorSpec spec, FeatureSource features, RegionProposalNetwork rpn, RoiHeads roiHeads) {
        super(VERSION);
        this.spec = Objects.requireNonNull(spec, "spec");
        this.features = addChildBlock("features", features);
        this.rpn = addChildBlock("rpn", rpn);
        this.roiHeads = addChildBlock("roi_heads", roiHeads);
    }

    /** Builds the single-level model a {@link Config} describes (the catalog's factory). */
    public static FasterRcnn fromSpec(DetectorSpec spec) {
        Config config = spec.settings(Config.class);
        BackboneFeatures features = new BackboneFeatures(config.backbone());
        RegionProposalNetwork rpn = new RegionProposalNetwork(config.rpn(), features.channels(), features.strides());
        RoiPooler pooler = new SingleLevelPooler(config.roi().pooler(), config.roi().poolSize());
        RoiHeads heads = new RoiHeads(config.roi(), spec.numClasses(), pooler, features.strides());
        return new FasterRcnn(spec, features, rpn, heads);
    }

    /**
     * A spec for the single-level model.
     *
     * @param name a short name (files, logs)
     * @param classes brand names by id
     * @param imageSize side of the square input
     */
    public static DetectorSpec spec(String name, List<String> classes, int imageSize, Config config) {
        return DetectorSpec.of(KIND, name, classes, imageSize, config);
    }

    @Override
    public DetectorSpec spec() {
        return spec;
    }

    /** The feature source. */
    public FeatureSource features() {
        return features;
    }

    /** The backbone inside the feature source. */
    public Backbone backbone() {
        return features.backbone();
    }

    /** The region proposal network. */
    public RegionProposalNetwork rpn() {
        return rpn;
    }

    /** The RoI heads. */
    public RoiHeads roiHeads() {
        return roiHeads;
    }

    @Override
    public List<String> lossNames() {
        return LOSS_NAMES;
    }

    @Override
    protected NDList computeLosses(ParameterStore parameterStore, NDArray images, DetectionBatch targets,
            PairList<String, Object> params) {
        NDList levels = features.forward(parameterStore, new NDList(images), true, params);
        RegionProposalNetwork.Output rpnOutput = rpn.run(parameterStore, levels, true, params);
        NDList losses = rpn.losses(rpnOutput, targets);
        List<NDArray> proposalBoxes = new ArrayList<>();
        for (Proposals p : rpn.proposals(rpnOutput, imageSize(), true)) {
            proposalBoxes.add(p.boxes());
        }
        RoiHeads.Samples samples = roiHeads.sample(proposalBoxes, targets);
        losses.addAll(roiHeads.losses(parameterStore, levels, samples, true, params));
        return losses;
    }

    @Override
    protected NDList predict(ParameterStore parameterStore, NDArray images, boolean training,
            PairList<String, Object> params) {
        NDList levels = features.forward(parameterStore, new NDList(images), training, params);
        RegionProposalNetwork.Output rpnOutput = rpn.run(parameterStore, levels, training, params);
        List<Proposals> proposals = rpn.proposals(rpnOutput, imageSize(), false);
        return roiHeads.predict(parameterStore, levels, proposals, training, params);
    }

    @Override
    public List<Detections> postProcess(NDList rawOutputs) {
        return roiHeads.detections(rawOutputs, imageSize());
    }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
        features.initialize(manager, dataType, inputShapes);
        Shape[] levels = features.getOutputShapes(inputShapes);
        rpn.initialize(manager, dataType, levels);
        int p = roiHeads.pooler().outputSize();
        roiHeads.initialize(manager, dataType, new Shape(1, features.channels(), p, p));
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        long b = inputShapes[0].get(0);
        long r = b * rpn.config().postNmsTopNTest();
        int c = spec.numClasses();
        return new Shape[] {new Shape(r, c, 4), new Shape(r, c), new Shape(b)};
    }

    @Override
    public String toString() {
        return "FasterRcnn[" + spec.name() + ": " + features + " -> " + rpn + " -> " + roiHeads + "]";
    }
}
