package org.logokit.detect.rcnn;

import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import java.util.Objects;
import org.logokit.detect.Backbone;

/**
 * One level of the {@link Backbone} as a {@link FeatureSource}: the map a single-scale Faster R-CNN
 * runs its RPN and RoI pooling on (C4, stride 16, in the paper's ResNet version).
 */
public final class BackboneFeatures extends AbstractBlock implements FeatureSource {
    private static final byte VERSION = 1;

    private final Backbone backbone;
    private final String level;

    /**
     * @param config the backbone; it must return exactly one level
     * @throws IllegalArgumentException when the config asks for several levels
     */
    public BackboneFeatures(Backbone.Config config) {
        super(VERSION);
        Objects.requireNonNull(config, "config");
        if (config.outputs().size() != 1) {
            throw new IllegalArgumentException("BackboneFeatures gives the heads one level, but the config asks"
                    + " for " + config.outputs() + ". Several levels of different widths need a feature"
                    + " pyramid in between.");
        }
        this.level = config.outputs().get(0);
        this.backbone = addChildBlock("backbone", new Backbone(config));
    }

    /**
     * The backbone settings of a single-level detector.
     *
     * @param width full or quarter width
     * @param level the level returned (C2..C5)
     * @param frozenStages blocks kept frozen (0: none, 1: stem, 2: stem and stage1, ...)
     */
    public static Backbone.Config config(Backbone.Width width, String level, int frozenStages) {
        Backbone.Config config = Backbone.Config.of(width, level);
        return frozenStages == 0 ? config : config.frozen(frozenStages);
    }

    /** The level returned (C2..C5). */
    public String level() {
        return level;
    }

    @Override
    public int[] strides() {
        return new int[] {backbone.config().stride(level)};
    }

    @Override
    public int channels() {
        return backbone.channels(level);
    }

    @Override
    public Backbone backbone() {
        return backbone;
    }

    @Override
    protected NDList forwardInternal(ParameterStore parameterStore, NDList inputs, boolean training,
            PairList<String, Object> params) {
        return backbone.forward(parameterStore, inputs, training, params);
    }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
        backbone.initialize(manager, dataType, inputShapes);
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        return backbone.getOutputShapes(inputShapes);
    }

    @Override
    public String toString() {
        return "BackboneFeatures[" + level + " of " + backbone + "]";
    }
}
