package org.logokit.detect;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.Block;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import java.util.List;
import org.logokit.anchor.AnchorGenerator;
import org.logokit.box.BoxCoder;
import org.logokit.loss.CrossEntropyLoss;
import org.logokit.loss.Reduction;
import org.logokit.loss.SmoothL1Loss;
import org.logokit.match.IoUMatcher;

/**
 * The smallest anchor-based detector that uses the whole layer (for the layer's own tests, and as an
 * example): one backbone level, a 3×3 conv, softmax over C + 1 classes and box deltas per anchor,
 * {@link TargetAssigner} without sampling, {@link PostProcess}.
 */
public final class TinyAnchorDetector extends Detector {
    public static final String KIND = "tiny-anchor";

    /** Settings saved in the spec. */
    public record Config(String level, float[] sizes, int channels) {}

    private final DetectorSpec spec;
    private final Config config;
    private final Backbone backbone;
    private final Block head;
    private final AnchorGenerator anchors;
    private final TargetAssigner assigner;
    private final PostProcess postProcess = PostProcess.builder().scoreThreshold(0.05).build();
    private final int numAnchors;

    public TinyAnchorDetector(DetectorSpec spec) {
        super((byte) 1);
        this.spec = spec;
        this.config = spec.settings(Config.class);
        backbone = addChildBlock("backbone", new Backbone(Backbone.Config.of(Backbone.Width.QUARTER, config.level())));
        numAnchors = config.sizes().length;
        int outputs = numAnchors * (spec.numClasses() + 1 + 4);
        head = addChildBlock("head", new SequentialBlock()
                .add(Conv2d.builder().setFilters(config.channels()).setKernelShape(new Shape(3, 3))
                        .optPadding(new Shape(1, 1)).build())
                .add(Activation::relu)
                .add(Conv2d.builder().setFilters(outputs).setKernelShape(new Shape(1, 1)).build()));
        anchors = AnchorGenerator.singleLevel(config.sizes(), new float[] {1f});
        assigner = new TargetAssigner(new IoUMatcher(0.5, 0.4, true), null, BoxCoder.rpn());
    }

    public static DetectorSpec spec(int imageSize) {
        return DetectorSpec.of(KIND, "tiny", TinyScenes.CLASSES, imageSize,
                new Config("C3", new float[] {12, 20}, 32));
    }

    @Override
    public DetectorSpec spec() {
        return spec;
    }

    @Override
    public List<String> lossNames() {
        return List.of("class", "box");
    }

    /** (B, H*W*A, C+1) logits and (B, H*W*A, 4) deltas, location-major like the anchors. */
    private NDList heads(ParameterStore ps, NDArray images, boolean training, PairList<String, Object> params) {
        NDArray features = backbone.forward(ps, new NDList(images), training, params).head();
        NDArray out = head.forward(ps, new NDList(features), training, params).head();
        long b = out.getShape().get(0);
        int c1 = spec.numClasses() + 1;
        NDArray perLocation = out.transpose(0, 2, 3, 1).reshape(b, -1, numAnchors, c1 + 4);
        NDArray logits = perLocation.get(":, :, :, 0:" + c1).reshape(b, -1, c1);
        NDArray deltas = perLocation.get(":, :, :, " + c1 + ":").reshape(b, -1, 4);
        return new NDList(logits, deltas, features);
    }

    private NDArray anchorsFor(NDArray features, NDManager manager) {
        int h = (int) features.getShape().get(2);
        int w = (int) features.getShape().get(3);
        float stride = Backbone.stride(config.level());
        return anchors.anchors(manager, 0, h, w, stride, stride);
    }

    @Override
    protected NDList computeLosses(ParameterStore ps, NDArray images, DetectionBatch targets,
            PairList<String, Object> params) {
        NDList out = heads(ps, images, true, params);
        NDArray anchorBoxes = anchorsFor(out.get(2), images.getManager());
        TargetAssigner.Targets t = assigner.assign(anchorBoxes, targets);
        int c1 = spec.numClasses() + 1;
        NDArray positives = t.positiveMask();
        // summed and divided by the positives (as SSD and RetinaNet do), so the few objects are not drowned
        NDArray classLoss = CrossEntropyLoss.compute(out.get(0).reshape(-1, c1), t.classTarget().reshape(-1),
                null, TargetAssigner.IGNORED, Reduction.SUM).div(positives.sum().maximum(1f));
        NDArray boxLoss = SmoothL1Loss.compute(out.get(1), t.boxTarget(), 1.0 / 9).sum(new int[] {-1})
                .mul(positives).sum().div(positives.sum().maximum(1f));
        return new NDList(classLoss, boxLoss);
    }

    @Override
    protected NDList predict(ParameterStore ps, NDArray images, boolean training, PairList<String, Object> params) {
        NDList out = heads(ps, images, training, params);
        NDArray anchorBoxes = anchorsFor(out.get(2), images.getManager());
        NDArray probabilities = out.get(0).softmax(-1);
        NDArray boxes = assigner.coder().decode(out.get(1), anchorBoxes.expandDims(0));
        return new NDList(boxes, probabilities.get(":, :, 1:"));
    }

    @Override
    public List<Detections> postProcess(NDList raw) {
        return postProcess.applyToBatch(raw, imageSize());
    }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
        backbone.initialize(manager, dataType, inputShapes);
        head.initialize(manager, dataType, backbone.getOutputShapes(inputShapes));
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        Shape map = backbone.getOutputShapes(inputShapes)[0];
        long locations = map.get(2) * map.get(3) * numAnchors;
        long b = inputShapes[0].get(0);
        return new Shape[] {new Shape(b, locations, 4), new Shape(b, locations, spec.numClasses())};
    }
}
