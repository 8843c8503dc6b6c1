package org.logokit.detect.fpn;

import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import java.util.Objects;
import org.logokit.detect.Backbone;
import org.logokit.detect.rcnn.FeatureSource;

/**
 * A backbone with a {@link FeaturePyramid} on top, as the {@link FeatureSource} a two-stage detector
 * reads: the RPN and the RoI heads see P2..P6 (or whatever the pyramid makes), all of one width,
 * instead of a single backbone level.
 */
public final class PyramidFeatures extends AbstractBlock implements FeatureSource {
    private static final byte VERSION = 1;

    private final Backbone backbone;
    private final FeaturePyramid pyramid;

    /**
     * @param width backbone width
     * @param frozenStages backbone blocks kept frozen (0: none, 1: stem, 2: stem and stage1, ...)
     * @param pyramid the pyramid's settings; the backbone returns exactly its input levels
     */
    public PyramidFeatures(Backbone.Width width, int frozenStages, FeaturePyramid.Config pyramid) {
        super(VERSION);
        Objects.requireNonNull(pyramid, "pyramid");
        this.backbone = addChildBlock("backbone", new Backbone(new Backbone.Config(width, pyramid.inputs(),
                frozenStages)));
        this.pyramid = addChildBlock("pyramid", new FeaturePyramid(pyramid));
    }

    /** The pyramid. */
    public FeaturePyramid pyramid() {
        return pyramid;
    }

    /** The pyramid's level names, finest first. */
    public java.util.List<String> levels() {
        return pyramid.levels();
    }

    @Override
    public int[] strides() {
        return pyramid.strides();
    }

    @Override
    public int channels() {
        return pyramid.config().width();
    }

    @Override
    public Backbone backbone() {
        return backbone;
    }

    @Override
    protected NDList forwardInternal(ParameterStore parameterStore, NDList inputs, boolean training,
            PairList<String, Object> params) {
        return pyramid.forward(parameterStore, backbone.forward(parameterStore, inputs, training, params), training,
                params);
    }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
        backbone.initialize(manager, dataType, inputShapes);
        pyramid.initialize(manager, dataType, backbone.getOutputShapes(inputShapes));
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        return pyramid.getOutputShapes(backbone.getOutputShapes(inputShapes));
    }

    @Override
    public String toString() {
        return "PyramidFeatures[" + backbone + " -> " + pyramid + "]";
    }
}
