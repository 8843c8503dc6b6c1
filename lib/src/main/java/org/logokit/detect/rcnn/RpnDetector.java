package org.logokit.detect.rcnn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
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
 * The region proposal network on its own: a class-agnostic "is there a logo here?" detector (seed
 * 002's standalone RPN). Its one class is {@value #CLASS}; a detection's score is the RPN's
 * objectness probability and its box a proposal, after the test-time proposal filter. Trained on
 * the two RPN loss terms ({@code rpn_objectness, rpn_box}); brands in the labels are ignored.
 *
 * <p>Measure it with proposal recall at N (how many logos some of the first N proposals cover),
 * the number that matters when it feeds a second stage.
 */
public final class RpnDetector extends Detector {
    /** The catalog kind. */
    public static final String KIND = "rpn";
    /** Its single class. */
    public static final String CLASS = "logo";
    /** The loss terms, in order. */
    public static final List<String> LOSS_NAMES = List.of("rpn_objectness", "rpn_box");

    private static final byte VERSION = 1;

    /**
     * Settings (saved in the spec).
     *
     * @param width backbone width
     * @param level the backbone level the RPN reads
     * @param frozenStages backbone blocks kept frozen (stem = 1, stage1 = 2, ...)
     * @param rpn the region proposal network
     * @param outputStride the backbone's output stride: null (or 32) is the ordinary ResNet, 8 keeps C4 at
     *     stride 8 with dilated convolutions ({@link Backbone.Config}); null is stored as absent, so specs
     *     saved before this setting existed still match
     */
    public record Config(Backbone.Width width, String level, int frozenStages,
            RpnConfig rpn, Integer outputStride) {
        /** Checks the fields. */
        public Config {
            Objects.requireNonNull(width, "width");
            Objects.requireNonNull(level, "level");
            Objects.requireNonNull(rpn, "rpn");
            outputStride = outputStride == null || outputStride == 32 ? null : outputStride;
        }

        /** Settings on the ordinary (undilated) backbone. */
        public Config(Backbone.Width width, String level, int frozenStages, RpnConfig rpn) {
            this(width, level, frozenStages, rpn, null);
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

    /**
     * Composes a standalone RPN.
     *
     * @param spec its spec (one class)
     * @param features the feature levels
     * @param rpn the proposal network for those levels
     */
    public RpnDetector(DetectorSpec spec, FeatureSource features, RegionProposalNetwork rpn) {
        super(VERSION);
        this.spec = Objects.requireNonNull(spec, "spec");
        if (spec.numClasses() != 1) {
            throw new IllegalArgumentException("A standalone RPN has one class ('" + CLASS + "'), the spec has "
                    + spec.classes());
        }
        this.features = addChildBlock("features", features);
        this.rpn = addChildBlock("rpn", rpn);
    }

    /** Builds the model a {@link Config} describes (the catalog's factory). */
    public static RpnDetector fromSpec(DetectorSpec spec) {
        Config config = spec.settings(Config.class);
        BackboneFeatures features = new BackboneFeatures(config.backbone());
        return new RpnDetector(spec, features,
                new RegionProposalNetwork(config.rpn(), features.channels(), features.strides()));
    }

    /** A spec for a standalone RPN with the single class {@value #CLASS}. */
    public static DetectorSpec spec(String name, int imageSize, Config config) {
        return DetectorSpec.of(KIND, name, List.of(CLASS), imageSize, config);
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

    @Override
    public List<String> lossNames() {
        return LOSS_NAMES;
    }

    /**
     * Runs backbone and RPN head (for pictures: targets, proposals before and after NMS).
     *
     * @param training DJL's training flag (batch norm)
     */
    public RegionProposalNetwork.Output rpnOutput(ParameterStore parameterStore, NDArray images, boolean training) {
        NDList levels = features.forward(parameterStore, new NDList(images), training, null);
        return rpn.run(parameterStore, levels, training, null);
    }

    @Override
    protected NDList computeLosses(ParameterStore parameterStore, NDArray images, DetectionBatch targets,
            PairList<String, Object> params) {
        NDList levels = features.forward(parameterStore, new NDList(images), true, params);
        return rpn.losses(rpn.run(parameterStore, levels, true, params), targets);
    }

    /** NDList(proposal boxes (R, 4), objectness (R), rows per image (B)), rows grouped by image. */
    @Override
    protected NDList predict(ParameterStore parameterStore, NDArray images, boolean training,
            PairList<String, Object> params) {
        NDList levels = features.forward(parameterStore, new NDList(images), training, params);
        List<Proposals> proposals = rpn.proposals(rpn.run(parameterStore, levels, training, params), imageSize(),
                false);
        NDManager manager = images.getManager();
        long[] counts = new long[proposals.size()];
        NDList boxes = new NDList();
        NDList scores = new NDList();
        for (int i = 0; i < proposals.size(); i++) {
            counts[i] = proposals.get(i).size();
            if (counts[i] > 0) {
                boxes.add(proposals.get(i).boxes());
                scores.add(proposals.get(i).scores());
            }
        }
        NDArray allBoxes = boxes.isEmpty() ? manager.zeros(new Shape(0, 4))
                : boxes.size() == 1 ? boxes.head() : NDArrays.concat(boxes, 0);
        NDArray allScores = scores.isEmpty() ? manager.zeros(new Shape(0))
                : scores.size() == 1 ? scores.head() : NDArrays.concat(scores, 0);
        return new NDList(allBoxes, allScores, manager.create(counts));
    }

    @Override
    public List<Detections> postProcess(NDList rawOutputs) {
        long[] counts = rawOutputs.get(2).toLongArray();
        List<Detections> result = new ArrayList<>();
        long start = 0;
        for (long count : counts) {
            if (count == 0) {
                result.add(Detections.none());
            } else {
                String rows = start + ":" + (start + count);
                NDArray scores = rawOutputs.get(1).get(rows);
                result.add(Detections.of(rawOutputs.get(0).get(rows), scores, scores.zerosLike()));
            }
            start += count;
        }
        return result;
    }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
        features.initialize(manager, dataType, inputShapes);
        rpn.initialize(manager, dataType, features.getOutputShapes(inputShapes));
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        long b = inputShapes[0].get(0);
        long r = b * rpn.config().postNmsTopNTest();
        return new Shape[] {new Shape(r, 4), new Shape(r), new Shape(b)};
    }

    @Override
    public String toString() {
        return "RpnDetector[" + spec.name() + ": " + features + " -> " + rpn + "]";
    }
}
