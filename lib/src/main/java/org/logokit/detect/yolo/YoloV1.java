package org.logokit.detect.yolo;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.SequentialBlock;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import java.util.List;
import java.util.Objects;
import org.logokit.detect.Backbone;
import org.logokit.detect.DetectionBatch;
import org.logokit.detect.Detections;
import org.logokit.detect.Detector;
import org.logokit.detect.DetectorSpec;
import org.logokit.detect.PostProcess;
import org.logokit.loss.YoloV1Loss;
import org.logokit.model.ConvLayers;

/**
 * YOLO v1 (Redmon et al., CVPR 2016): one pass of a convolutional network over the image gives,
 * for each of S × S grid cells, B boxes with a confidence each and one set of C class
 * probabilities: an (S, S, B·5 + C) output volume.
 *
 * <p><b>Network.</b> The ResNet-18 {@link Backbone} up to C5 (stride 32: S = 8 at 256 pixels) and
 * a head of two 3×3 conv-BN-ReLU layers and a 1×1 conv with B·5 + C outputs per cell. The paper
 * ends in fully connected layers; a convolutional head predicts the same volume with far fewer
 * weights. (x, y, w, h, confidence) go through a logistic and the class scores through a softmax,
 * so every output starts in its target's range; the loss is the paper's sum of squared errors on
 * those values ({@link YoloV1Loss}: λcoord 5, λnoobj 0.5, √w and √h).
 *
 * <p><b>Targets.</b> {@link YoloV1Targets}: the cell holding an object's centre is responsible;
 * of its B predictors, the one whose box overlaps the object best ({@link YoloV1Loss#responsible}).
 *
 * <p><b>Detections.</b> Each predictor's class-specific confidence is
 * {@code Pr(class | object) · confidence}; the S·S·B boxes go through {@link PostProcess}
 * (score threshold, class-wise NMS).
 *
 * <p>Loss terms: {@code center, size, object, no_object, class}.
 */
public final class YoloV1 extends Detector {
    /** The catalog kind. */
    public static final String KIND = "yolo-v1";

    private static final byte VERSION = 1;

    /**
     * Settings (saved in the spec).
     *
     * @param width backbone width
     * @param frozenStages backbone blocks (stem, stage1, ...) kept frozen, 0 to 5
     * @param boxesPerCell B (2 in the paper)
     * @param headChannels channels of the head's 3×3 layers
     * @param lambdaCoord weight of the centre and size terms (5)
     * @param lambdaNoObject weight of the confidence of predictors without an object (0.5)
     * @param rescore confidence target = IoU with the truth (the paper) or 1
     * @param scoreThreshold class-specific confidence a detection must exceed
     * @param nmsThreshold IoU above which class-wise NMS suppresses a box
     * @param maxDetections detections kept per image
     */
    public record Config(Backbone.Width width, int frozenStages, int boxesPerCell, int headChannels, double lambdaCoord,
            double lambdaNoObject, boolean rescore, double scoreThreshold, double nmsThreshold,
            int maxDetections) {
        /** Checks the values. */
        public Config {
            Objects.requireNonNull(width, "width");
            if (boxesPerCell < 1 || headChannels < 1 || maxDetections < 1) {
                throw new IllegalArgumentException("boxesPerCell, headChannels and maxDetections must be positive");
            }
            if (lambdaCoord < 0 || lambdaNoObject < 0) {
                throw new IllegalArgumentException("loss weights must be >= 0");
            }
        }

        /** The paper's loss (B = 2, λcoord 5, λnoobj 0.5, rescoring) on a quarter-width backbone. */
        public static Config defaults() {
            return new Config(Backbone.Width.QUARTER, 0, 2, 128, 5, 0.5, true, 0.01, 0.5, 100);
        }

        /** A copy with another backbone width and head. */
        public Config withWidth(Backbone.Width newWidth, int newHeadChannels) {
            return new Config(newWidth, frozenStages, boxesPerCell, newHeadChannels, lambdaCoord, lambdaNoObject,
                    rescore, scoreThreshold, nmsThreshold, maxDetections);
        }

        /** A copy with the first {@code stages} backbone blocks frozen. */
        public Config withFrozenStages(int stages) {
            return new Config(width, stages, boxesPerCell, headChannels, lambdaCoord, lambdaNoObject, rescore,
                    scoreThreshold, nmsThreshold, maxDetections);
        }
    }

    private final DetectorSpec spec;
    private final Config config;
    private final Backbone backbone;
    private final SequentialBlock head;
    private final int gridSize;
    private final YoloV1Loss loss;
    private final PostProcess postProcess;

    /** Builds an uninitialised detector from its spec (kind {@value #KIND}). */
    public YoloV1(DetectorSpec spec) {
        super(VERSION);
        this.spec = Objects.requireNonNull(spec, "spec");
        this.config = spec.settings(Config.class);
        backbone = addChildBlock("backbone", new Backbone(Backbone.Config.of(config.width(), "C5").frozen(config.frozenStages())));
        int outputs = 5 * config.boxesPerCell() + spec.numClasses();
        head = addChildBlock("head", new SequentialBlock()
                .add(ConvLayers.convBnRelu(config.headChannels(), 3, 1, 1))
                .add(ConvLayers.convBnRelu(config.headChannels(), 3, 1, 1))
                .add(ConvLayers.conv(outputs, 1, 1, 0)));
        gridSize = backbone.featureSizes(spec.imageSize())[0];
        loss = new YoloV1Loss(gridSize, config.boxesPerCell(), spec.numClasses(), config.lambdaCoord(),
                config.lambdaNoObject(), config.rescore());
        postProcess = PostProcess.builder().scoreThreshold(config.scoreThreshold())
                .nmsThreshold(config.nmsThreshold()).maxDetections(config.maxDetections()).build();
    }

    /** A spec for this detector. */
    public static DetectorSpec spec(String name, List<String> classes, int imageSize, Config config) {
        return DetectorSpec.of(KIND, name, classes, imageSize, config);
    }

    @Override
    public DetectorSpec spec() {
        return spec;
    }

    /** The settings. */
    public Config config() {
        return config;
    }

    /** S: the grid has S × S cells. */
    public int gridSize() {
        return gridSize;
    }

    /** B: predictors per cell. */
    public int boxesPerCell() {
        return config.boxesPerCell();
    }

    /** The loss (to inspect responsibility on a batch). */
    public YoloV1Loss loss() {
        return loss;
    }

    /** Boxes the detector proposes per image before post-processing: S · S · B. */
    public int boxesPerImage() {
        return gridSize * gridSize * config.boxesPerCell();
    }

    @Override
    public List<String> lossNames() {
        return List.of("center", "size", "object", "no_object", "class");
    }

    /**
     * The activated output volume.
     *
     * @return (N, S, S, B·5 + C): per cell B blocks (x, y, w, h, confidence) in [0, 1], then C
     *     class probabilities
     */
    public NDArray outputVolume(ParameterStore ps, NDArray images, boolean training,
            PairList<String, Object> params) {
        NDArray features = backbone.forward(ps, new NDList(images), training, params).head();
        NDArray cells = head.forward(ps, new NDList(features), training, params).head().transpose(0, 2, 3, 1);
        int boxValues = 5 * config.boxesPerCell();
        NDArray boxes = Activation.sigmoid(cells.get("..., 0:" + boxValues));
        NDArray classes = cells.get("..., " + boxValues + ":").softmax(-1);
        return boxes.concat(classes, -1);
    }

    @Override
    protected NDList computeLosses(ParameterStore ps, NDArray images, DetectionBatch targets,
            PairList<String, Object> params) {
        NDArray volume = outputVolume(ps, images, true, params);
        NDArray encoded = YoloV1Targets.encode(targets, imageSize(), gridSize, numClasses()).targets();
        YoloV1Loss.Terms t = loss.terms(volume, encoded);
        return new NDList(t.center(), t.size(), t.objectConfidence(), t.noObjectConfidence(), t.classes());
    }

    @Override
    protected NDList predict(ParameterStore ps, NDArray images, boolean training, PairList<String, Object> params) {
        return decode(outputVolume(ps, images, training, params));
    }

    /**
     * Boxes and class-specific confidences of an output volume.
     *
     * @param volume (N, S, S, B·5 + C) as {@link #outputVolume} returns it
     * @return NDList(boxes (N, S·S·B, 4) XYXY input pixels, scores (N, S·S·B, C) =
     *     {@code Pr(class | object) · confidence}), ordered row, column, predictor
     */
    public NDList decode(NDArray volume) {
        long n = volume.getShape().get(0);
        int s = gridSize;
        int b = config.boxesPerCell();
        int c = numClasses();
        NDManager manager = volume.getManager();
        NDArray boxes = volume.get("..., 0:" + (5 * b)).reshape(n, s, s, b, 5);
        NDArray index = manager.arange(0f, (float) s, 1f, DataType.FLOAT32);
        NDArray cx = boxes.get("..., 0").add(index.reshape(1, 1, s, 1)).mul(imageSize() / (float) s);
        NDArray cy = boxes.get("..., 1").add(index.reshape(1, s, 1, 1)).mul(imageSize() / (float) s);
        NDArray halfW = boxes.get("..., 2").mul(imageSize() / 2f);
        NDArray halfH = boxes.get("..., 3").mul(imageSize() / 2f);
        NDArray xyxy = NDArrays.stack(new NDList(cx.sub(halfW), cy.sub(halfH), cx.add(halfW), cy.add(halfH)), 4)
                .reshape(n, (long) s * s * b, 4);
        NDArray confidence = boxes.get("..., 4").expandDims(4); // (N, S, S, B, 1)
        NDArray classes = volume.get("..., " + (5 * b) + ":").reshape(n, s, s, 1, c);
        NDArray scores = confidence.mul(classes).reshape(n, (long) s * s * b, c);
        return new NDList(xyxy, scores);
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
        long n = inputShapes[0].get(0);
        return new Shape[] {new Shape(n, boxesPerImage(), 4), new Shape(n, boxesPerImage(), numClasses())};
    }

    /** The backbone (to load pretrained weights). */
    public Backbone backbone() {
        return backbone;
    }

    @Override
    public String toString() {
        return "YoloV1[" + gridSize + "x" + gridSize + " grid, B=" + config.boxesPerCell() + ", C=" + numClasses()
                + ", " + imageSize() + " px, " + backbone + "]";
    }
}
