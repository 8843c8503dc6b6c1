package org.logokit.detect.yolo;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.nn.SequentialBlock;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import java.nio.FloatBuffer;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import org.logokit.box.BoxFormat;
import org.logokit.box.IoU;
import org.logokit.box.IoUKind;
import org.logokit.box.YoloBoxCoder;
import org.logokit.detect.Backbone;
import org.logokit.detect.DetectionBatch;
import org.logokit.detect.Detections;
import org.logokit.detect.Detector;
import org.logokit.detect.DetectorSpec;
import org.logokit.detect.PostProcess;
import org.logokit.loss.YoloV2Loss;
import org.logokit.model.ConvLayers;

/**
 * A YOLOv2-style detector (Redmon and Farhadi, "YOLO9000", CVPR 2017): every cell of an S × S grid
 * predicts, for each of A anchor priors, {@code (tx, ty, tw, th, to)} and C class scores, an output
 * of A·(5 + C) channels per cell. Boxes decode as {@code bx = σ(tx) + cx, bw = pw·e^tw}
 * ({@link YoloBoxCoder}); a box's score for class c is {@code σ(to) · softmax(class)_c}, objectness
 * times class confidence.
 *
 * <p><b>Network.</b> The ResNet-18 {@link Backbone} to C5 (stride 32), two 3×3 conv-BN-ReLU layers,
 * optionally YOLOv2's passthrough (C4 reduced by a 1×1 conv, rearranged space-to-depth from
 * 2S × 2S to S × S and concatenated, which gives the coarse grid finer detail), a 3×3 layer and
 * the 1×1 predicting conv. The objectness bias starts at logit(0.01) so that the first steps are not
 * spent learning that almost every slot is empty.
 *
 * <p><b>Training.</b> {@link YoloV2Targets} assigns each object to its centre's cell and its
 * best-fitting anchor; {@link YoloV2Loss} gives the terms {@code box, object, no_object, class};
 * predictions that already overlap an object by more than {@link Config#ignoreThreshold} are not
 * pushed towards "no object". Anchors are part of the model (saved in its spec): train and test with
 * the same ones.
 */
public final class YoloV2 extends Detector {
    /** The catalog kind. */
    public static final String KIND = "yolo-v2";

    private static final byte VERSION = 1;
    private static final float OBJECTNESS_PRIOR = 0.01f;

    /**
     * Settings (saved in the spec).
     *
     * @param width backbone width
     * @param frozenStages backbone blocks (stem, stage1, ...) kept frozen, 0 to 5
     * @param anchors (A, 2) anchor priors (width, height) in grid cells
     * @param passthrough whether C4 is passed through to the output grid (needs an input size that
     *     is a multiple of 32)
     * @param headChannels channels of the head's 3×3 layers
     * @param lambdaCoord weight of the box term (1)
     * @param lambdaObject weight of the confidence of responsible predictions (5)
     * @param lambdaNoObject weight of the confidence of the others (1)
     * @param lambdaClass weight of the class term (1)
     * @param ignoreThreshold IoU above which a non-responsible prediction is not penalised (0.6)
     * @param rescore confidence target = IoU of the predicted box with its object (true) or 1
     * @param scoreThreshold score a detection must exceed
     * @param nmsThreshold IoU above which class-wise NMS suppresses a box
     * @param maxDetections detections kept per image
     */
    public record Config(Backbone.Width width, int frozenStages, float[][] anchors, boolean passthrough, int headChannels,
            double lambdaCoord, double lambdaObject, double lambdaNoObject, double lambdaClass,
            double ignoreThreshold, boolean rescore, double scoreThreshold, double nmsThreshold,
            int maxDetections) {
        /** Checks the values and copies the anchors. */
        public Config {
            Objects.requireNonNull(width, "width");
            if (anchors == null || anchors.length == 0) {
                throw new IllegalArgumentException("YOLOv2 needs at least one anchor (width, height) in cells");
            }
            float[][] copy = new float[anchors.length][];
            for (int i = 0; i < anchors.length; i++) {
                if (anchors[i].length != 2 || !(anchors[i][0] > 0) || !(anchors[i][1] > 0)) {
                    throw new IllegalArgumentException("anchor " + i + " is " + Arrays.toString(anchors[i])
                            + "; anchors are (width, height) in grid cells, both positive");
                }
                copy[i] = anchors[i].clone();
            }
            anchors = copy;
            if (headChannels < 1 || maxDetections < 1) {
                throw new IllegalArgumentException("headChannels and maxDetections must be positive");
            }
        }

        /**
         * YOLOv2's settings on a quarter-width backbone with the given anchors.
         *
         * @param anchors (A, 2) priors in grid cells ({@link YoloAnchors})
         */
        public static Config defaults(float[][] anchors) {
            return new Config(Backbone.Width.QUARTER, 0, anchors, true, 128, 1, 5, 1, 1, 0.6, true, 0.01, 0.45, 100);
        }

        /** A copy with other anchors (same number or not: the head is rebuilt). */
        public Config withAnchors(float[][] newAnchors) {
            return new Config(width, frozenStages, newAnchors, passthrough, headChannels, lambdaCoord, lambdaObject,
                    lambdaNoObject, lambdaClass, ignoreThreshold, rescore, scoreThreshold, nmsThreshold,
                    maxDetections);
        }

        /** A copy with another backbone width and head. */
        public Config withWidth(Backbone.Width newWidth, int newHeadChannels) {
            return new Config(newWidth, frozenStages, anchors, passthrough, newHeadChannels, lambdaCoord, lambdaObject,
                    lambdaNoObject, lambdaClass, ignoreThreshold, rescore, scoreThreshold, nmsThreshold,
                    maxDetections);
        }

        /** A copy with the first {@code stages} backbone blocks frozen. */
        public Config withFrozenStages(int stages) {
            return new Config(width, stages, anchors, passthrough, headChannels, lambdaCoord, lambdaObject,
                    lambdaNoObject, lambdaClass, ignoreThreshold, rescore, scoreThreshold, nmsThreshold,
                    maxDetections);
        }

        /** Number of anchors A. */
        public int numAnchors() {
            return anchors.length;
        }
    }

    private final DetectorSpec spec;
    private final Config config;
    private final Backbone backbone;
    private final SequentialBlock deep;
    private final Block reduce;
    private final SequentialBlock head;
    private final int gridSize;
    private final int passChannels;
    private final YoloV2Loss loss;
    private final PostProcess postProcess;

    /** Builds an uninitialised detector from its spec (kind {@value #KIND}). */
    public YoloV2(DetectorSpec spec) {
        super(VERSION);
        this.spec = Objects.requireNonNull(spec, "spec");
        this.config = spec.settings(Config.class);
        if (config.passthrough() && spec.imageSize() % 32 != 0) {
            throw new IllegalArgumentException("YOLOv2's passthrough needs an input size that is a multiple of 32"
                    + " (C4 is folded 2 x 2 onto the C5 grid); got " + spec.imageSize()
                    + ". Use 256, 288 or 320, or turn the passthrough off.");
        }
        List<String> levels = config.passthrough() ? List.of("C4", "C5") : List.of("C5");
        backbone = addChildBlock("backbone", new Backbone(new Backbone.Config(config.width(), levels, config.frozenStages())));
        int ch = config.headChannels();
        deep = addChildBlock("deep", new SequentialBlock()
                .add(ConvLayers.convBnRelu(ch, 3, 1, 1))
                .add(ConvLayers.convBnRelu(ch, 3, 1, 1)));
        passChannels = Math.max(8, backbone.channels("C4") / 4);
        reduce = config.passthrough() ? addChildBlock("passthrough", ConvLayers.convBnRelu(passChannels, 1, 1, 0)) : null;
        int outputs = config.numAnchors() * (5 + spec.numClasses());
        head = addChildBlock("head", new SequentialBlock()
                .add(ConvLayers.convBnRelu(ch, 3, 1, 1))
                .add(ConvLayers.conv(outputs, 1, 1, 0)));
        int[] sizes = backbone.featureSizes(spec.imageSize());
        gridSize = sizes[sizes.length - 1];
        loss = new YoloV2Loss(config.lambdaCoord(), config.lambdaObject(), config.lambdaNoObject(),
                config.lambdaClass());
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

    /** Input pixels per grid cell. */
    public float cellSize() {
        return imageSize() / (float) gridSize;
    }

    /** Boxes the detector proposes per image before post-processing: S · S · A. */
    public int boxesPerImage() {
        return gridSize * gridSize * config.numAnchors();
    }

    /** Output channels per cell: A · (5 + C). */
    public int channelsPerCell() {
        return config.numAnchors() * (5 + numClasses());
    }

    @Override
    public List<String> lossNames() {
        return List.of("box", "object", "no_object", "class");
    }

    /** The anchors as an (A, 2) array of widths and heights in cells. */
    public NDArray anchors(NDManager manager) {
        float[] flat = new float[2 * config.numAnchors()];
        for (int i = 0; i < config.numAnchors(); i++) {
            flat[2 * i] = config.anchors()[i][0];
            flat[2 * i + 1] = config.anchors()[i][1];
        }
        return manager.create(flat, new Shape(config.numAnchors(), 2));
    }

    /**
     * The raw output per slot.
     *
     * @return (N, S·S·A, 5 + C): (tx, ty, tw, th, to, class logits) ordered row, column, anchor
     */
    public NDArray rawOutputs(ParameterStore ps, NDArray images, boolean training, PairList<String, Object> params) {
        NDList features = backbone.forward(ps, new NDList(images), training, params);
        NDArray top = deep.forward(ps, new NDList(features.get(features.size() - 1)), training, params).head();
        if (reduce != null) {
            NDArray fine = reduce.forward(ps, new NDList(features.get(0)), training, params).head();
            top = spaceToDepth(fine).concat(top, 1);
        }
        NDArray out = head.forward(ps, new NDList(top), training, params).head();
        long n = out.getShape().get(0);
        return out.transpose(0, 2, 3, 1).reshape(n, (long) boxesPerImage(), 5L + numClasses());
    }

    /** (N, C, 2H, 2W) to (N, 4C, H, W): each 2 × 2 block of a channel becomes four channels. */
    static NDArray spaceToDepth(NDArray x) {
        Shape s = x.getShape();
        long n = s.get(0);
        long c = s.get(1);
        long h = s.get(2) / 2;
        long w = s.get(3) / 2;
        return x.reshape(n, c, h, 2, w, 2).transpose(0, 1, 3, 5, 2, 4).reshape(n, c * 4, h, w);
    }

    /**
     * Decoded boxes of raw outputs.
     *
     * @param raw (N, S·S·A, 5 + C)
     * @return (N, S·S·A, 4) XYXY input pixels
     */
    public NDArray decodeBoxes(NDArray raw) {
        long n = raw.getShape().get(0);
        int s = gridSize;
        int a = config.numAnchors();
        NDArray t = raw.get(":, :, 0:4").reshape(n, s, s, a, 4);
        NDArray cells = YoloBoxCoder.decode(t, anchors(raw.getManager()));
        return BoxFormat.CXCYWH.toXyxy(cells).mul(cellSize()).reshape(n, (long) boxesPerImage(), 4);
    }

    @Override
    protected NDList computeLosses(ParameterStore ps, NDArray images, DetectionBatch batch,
            PairList<String, Object> params) {
        NDArray raw = rawOutputs(ps, images, true, params);
        YoloV2Targets.Targets t = YoloV2Targets.assign(batch, imageSize(), gridSize, anchors(images.getManager()));
        NDArray predicted = decodeBoxes(raw.stopGradient());
        long k = boxesPerImage();
        NDList ignoreRows = new NDList();
        for (int i = 0; i < batch.size(); i++) {
            NDArray gt = batch.boxes(i);
            ignoreRows.add(gt.getShape().get(0) == 0 ? images.getManager().zeros(new Shape(k))
                    : IoU.pairwise(predicted.get(i), gt).max(new int[] {1}).gt(config.ignoreThreshold())
                            .toType(DataType.FLOAT32, false));
        }
        NDArray ignore = NDArrays.stack(ignoreRows);
        long n = raw.getShape().get(0);
        NDArray objectTarget = config.rescore()
                ? IoU.elementwise(predicted.reshape(-1, 4), t.gtBoxes().reshape(-1, 4), IoUKind.IOU).reshape(n, k)
                : t.responsible().onesLike();
        YoloV2Loss.Terms terms = loss.terms(raw, new YoloV2Loss.Targets(t.offsets(), t.responsible(), t.classes(),
                t.boxWeight(), objectTarget, ignore));
        return new NDList(terms.box(), terms.object(), terms.noObject(), terms.classes());
    }

    @Override
    protected NDList predict(ParameterStore ps, NDArray images, boolean training, PairList<String, Object> params) {
        NDArray raw = rawOutputs(ps, images, training, params);
        NDArray boxes = decodeBoxes(raw);
        NDArray objectness = Activation.sigmoid(raw.get(":, :, 4:5"));
        NDArray scores = raw.get(":, :, 5:").softmax(-1).mul(objectness);
        return new NDList(boxes, scores);
    }

    @Override
    public List<Detections> postProcess(NDList raw) {
        return postProcess.applyToBatch(raw, imageSize());
    }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
        backbone.initialize(manager, dataType, inputShapes);
        Shape[] maps = backbone.getOutputShapes(inputShapes);
        Shape c5 = maps[maps.length - 1];
        deep.initialize(manager, dataType, c5);
        long channels = config.headChannels();
        if (reduce != null) {
            reduce.initialize(manager, dataType, maps[0]);
            channels += 4L * passChannels;
        }
        head.initialize(manager, dataType, new Shape(c5.get(0), channels, c5.get(2), c5.get(3)));
        startObjectnessLow();
    }

    /** Sets the objectness biases to logit(prior) so that σ(to) starts near the prior. */
    private void startObjectnessLow() {
        Block last = head.getChildren().get(head.getChildren().size() - 1).getValue();
        Parameter bias = last.getParameters().get("bias");
        NDArray array = bias.getArray();
        float[] values = array.toFloatArray();
        float logit = (float) Math.log(OBJECTNESS_PRIOR / (1 - OBJECTNESS_PRIOR));
        int perAnchor = 5 + numClasses();
        for (int a = 0; a < config.numAnchors(); a++) {
            values[a * perAnchor + 4] = logit;
        }
        array.set(FloatBuffer.wrap(values));
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
        return "YoloV2[" + gridSize + "x" + gridSize + " grid, A=" + config.numAnchors() + ", C=" + numClasses()
                + ", " + imageSize() + " px" + (config.passthrough() ? ", passthrough" : "") + ", " + backbone + "]";
    }
}
