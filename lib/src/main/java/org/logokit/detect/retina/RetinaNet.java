package org.logokit.detect.retina;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import org.logokit.anchor.AnchorGenerator;
import org.logokit.box.BoxCoder;
import org.logokit.box.IoUKind;
import org.logokit.detect.Backbone;
import org.logokit.detect.DetectionBatch;
import org.logokit.detect.Detections;
import org.logokit.detect.Detector;
import org.logokit.detect.DetectorSpec;
import org.logokit.detect.PostProcess;
import org.logokit.detect.TargetAssigner;
import org.logokit.detect.fpn.FeaturePyramid;
import org.logokit.loss.BoxIoULoss;
import org.logokit.loss.Reduction;
import org.logokit.loss.SigmoidFocalLoss;
import org.logokit.loss.SmoothL1Loss;
import org.logokit.match.IoUMatcher;
import org.logokit.nd.Indices;

/**
 * RetinaNet (Lin et al., "Focal Loss for Dense Object Detection", ICCV 2017): a one-stage detector
 * made of a ResNet-18 {@link Backbone} (C3..C5), a {@link FeaturePyramid} (P3..P7), and one
 * {@link RetinaHead} shared by all levels, trained with the sigmoid focal loss.
 *
 * <p><b>Anchors.</b> On level P_l, {@code scalesPerOctave} sizes {@code base_l · 2^(i / scales)}
 * times the aspect ratios (3 × 3 = 9 per location in the paper, base 32 on P3 up to 512 on P7),
 * from {@link AnchorGenerator}; level strides are image size / feature size, as in torchvision.
 *
 * <p><b>Training</b> (torchvision's {@code RetinaNet.compute_loss}). Every anchor is matched to
 * the ground truth ({@link IoUMatcher}: IoU &ge; 0.5 foreground, &lt; 0.4 background, in between
 * ignored, and each box keeps its best anchors). Two loss terms:
 * <ul>
 *   <li>{@code class}: the sigmoid focal loss FL(p_t) = -α_t (1 - p_t)^γ log(p_t) over every
 *       (non-ignored anchor, class) pair, target 1 only for the matched brand, <em>summed</em> and
 *       divided by the number of foreground anchors of the batch (Detectron's normalisation: the
 *       sum is dominated by the few anchors that matter, not by the ~10⁴ easy negatives). γ = 0
 *       and α &lt; 0 give plain binary cross-entropy ({@link Config#withCrossEntropy()}).
 *   <li>{@code box}: over foreground anchors only, L1 (torchvision's default) or smooth L1 of the
 *       (1, 1, 1, 1)-weighted deltas, or 1 - GIoU of the decoded boxes; summed and divided by the
 *       same count.
 * </ul>
 *
 * <p><b>Inference.</b> {@link #predict} returns {@code NDList(scores (B, N, C) sigmoid
 * probabilities, deltas (B, N, 4), anchors (N, 4))}; {@link #postProcess} keeps, per level, the
 * {@code topKPerLevel} best (anchor, brand) pairs scoring above the threshold, decodes their boxes,
 * then runs class-wise NMS over all levels together and keeps {@code maxDetections}.
 */
public final class RetinaNet extends Detector {
    /** The catalog kind. */
    public static final String KIND = "retinanet";
    private static final byte VERSION = 1;

    /** The box regression loss. */
    public enum BoxLoss {
        /** |d - t| summed over the four deltas (torchvision's default). */
        L1,
        /** Smooth L1 of the deltas with {@link Config#smoothL1Beta()} (Detectron: 0.1). */
        SMOOTH_L1,
        /** 1 - GIoU of the decoded predicted and matched boxes. */
        GIOU
    }

    /**
     * Everything that defines a RetinaNet (saved as the spec's settings).
     *
     * @param backboneWidth full or quarter-width ResNet-18
     * @param frozenStages backbone blocks to freeze (stem, stage1, ...; 0 to 5)
     * @param pyramidWidth channels of every pyramid level and of the head towers (256 in the paper)
     * @param extra levels above P5: {@code P6P7_FROM_C5} (paper), {@code P6P7_FROM_P5}, or fewer
     * @param towerDepth 3×3 conv + ReLU layers in each subnet (4 in the paper)
     * @param anchorSizes base anchor size per level P3, P4, ... in input pixels
     * @param scalesPerOctave anchor sizes per level: base · 2^(i / n), i = 0..n-1 (3)
     * @param aspectRatios anchor height / width ratios (0.5, 1, 2)
     * @param foregroundIoU IoU at or above which an anchor is foreground (0.5)
     * @param backgroundIoU IoU below which it is background (0.4)
     * @param focalAlpha α of the focal loss (0.25; negative: no weighting)
     * @param focalGamma γ of the focal loss (2; 0 with α &lt; 0 is cross-entropy)
     * @param priorProbability π of the class-logit bias initialisation (0.01)
     * @param boxLoss L1, smooth L1 or GIoU
     * @param smoothL1Beta β of the smooth L1 loss
     * @param scoreThreshold detections must score more (0.05)
     * @param topKPerLevel candidates kept per level before NMS (1000)
     * @param nmsThreshold class-wise NMS IoU (0.5)
     * @param maxDetections detections kept per image (300 in torchvision, 100 for COCO mAP)
     */
    public record Config(Backbone.Width backboneWidth, int frozenStages, int pyramidWidth,
            FeaturePyramid.Extra extra, int towerDepth, float[] anchorSizes, int scalesPerOctave, float[] aspectRatios,
            double foregroundIoU, double backgroundIoU, double focalAlpha, double focalGamma, double priorProbability,
            BoxLoss boxLoss, double smoothL1Beta, double scoreThreshold, int topKPerLevel, double nmsThreshold,
            int maxDetections) {

        /** Checks the fields against each other. */
        public Config {
            Objects.requireNonNull(backboneWidth, "backboneWidth");
            Objects.requireNonNull(extra, "extra");
            Objects.requireNonNull(boxLoss, "boxLoss");
            int levels = 3 + extra.count();
            if (anchorSizes == null || anchorSizes.length != levels) {
                throw new IllegalArgumentException("RetinaNet with extra levels " + extra + " has " + levels
                        + " pyramid levels (P3..P" + (2 + levels) + "), so it needs " + levels + " anchor sizes; got "
                        + (anchorSizes == null ? "none" : Arrays.toString(anchorSizes)));
            }
            if (scalesPerOctave < 1 || aspectRatios == null || aspectRatios.length == 0) {
                throw new IllegalArgumentException("Need at least one anchor scale per octave and one aspect ratio");
            }
            if (!(backgroundIoU <= foregroundIoU && backgroundIoU >= 0 && foregroundIoU <= 1)) {
                throw new IllegalArgumentException("Need 0 <= backgroundIoU <= foregroundIoU <= 1, got " + backgroundIoU
                        + " and " + foregroundIoU);
            }
            if (!(focalGamma >= 0) || focalAlpha > 1) {
                throw new IllegalArgumentException("The focal loss needs gamma >= 0 and alpha <= 1 (negative: off); got"
                        + " gamma " + focalGamma + ", alpha " + focalAlpha);
            }
            if (topKPerLevel < 1 || maxDetections < 1) {
                throw new IllegalArgumentException("topKPerLevel and maxDetections must be >= 1");
            }
            anchorSizes = anchorSizes.clone();
            aspectRatios = aspectRatios.clone();
        }

        /**
         * The paper's settings (alpha 0.25, gamma 2, pi 0.01, IoU 0.5 / 0.4, 3 scales x 3 ratios,
         * P3..P7 with P6 from C5, four-layer towers, L1 box loss, torchvision's post-processing) on
         * the given backbone and width, with anchor bases {@code base, 2 base, ...}.
         *
         * @param width backbone width
         * @param pyramidWidth pyramid and tower channels
         * @param base anchor base on P3 (32 for 800-pixel images; smaller inputs want smaller)
         */
        public static Config paper(Backbone.Width width, int pyramidWidth, float base) {
            return new Config(width, 0, pyramidWidth, FeaturePyramid.Extra.P6P7_FROM_C5, 4,
                    new float[] {base, 2 * base, 4 * base, 8 * base, 16 * base}, 3, new float[] {0.5f, 1f, 2f},
                    0.5, 0.4, 0.25, 2.0, 0.01, BoxLoss.L1, 1.0 / 9, 0.05, 1000, 0.5, 300);
        }

        /** This config with plain binary cross-entropy instead of the focal loss (gamma 0, no alpha). */
        public Config withCrossEntropy() {
            return withFocal(-1, 0);
        }

        /** This config with another focal loss. */
        public Config withFocal(double alpha, double gamma) {
            return new Config(backboneWidth, frozenStages, pyramidWidth, extra, towerDepth, anchorSizes,
                    scalesPerOctave, aspectRatios, foregroundIoU, backgroundIoU, alpha, gamma, priorProbability, boxLoss,
                    smoothL1Beta, scoreThreshold, topKPerLevel, nmsThreshold, maxDetections);
        }

        /** This config with another prior probability π (0.5 gives a zero bias: no prior). */
        public Config withPrior(double pi) {
            return new Config(backboneWidth, frozenStages, pyramidWidth, extra, towerDepth, anchorSizes,
                    scalesPerOctave, aspectRatios, foregroundIoU, backgroundIoU, focalAlpha, focalGamma, pi, boxLoss,
                    smoothL1Beta, scoreThreshold, topKPerLevel, nmsThreshold, maxDetections);
        }

        /** This config with another box loss. */
        public Config withBoxLoss(BoxLoss loss) {
            return new Config(backboneWidth, frozenStages, pyramidWidth, extra, towerDepth, anchorSizes,
                    scalesPerOctave, aspectRatios, foregroundIoU, backgroundIoU, focalAlpha, focalGamma, priorProbability,
                    loss, smoothL1Beta, scoreThreshold, topKPerLevel, nmsThreshold, maxDetections);
        }

        /** This config with the first backbone blocks (stem, stage1, ...) frozen. */
        public Config withFrozen(int stages) {
            return new Config(backboneWidth, stages, pyramidWidth, extra, towerDepth, anchorSizes,
                    scalesPerOctave, aspectRatios, foregroundIoU, backgroundIoU, focalAlpha, focalGamma, priorProbability,
                    boxLoss, smoothL1Beta, scoreThreshold, topKPerLevel, nmsThreshold, maxDetections);
        }

        /** This config with other pyramid levels above P5 and their anchor bases. */
        public Config withLevels(FeaturePyramid.Extra newExtra, float[] newAnchorSizes) {
            return new Config(backboneWidth, frozenStages, pyramidWidth, newExtra, towerDepth,
                    newAnchorSizes, scalesPerOctave, aspectRatios, foregroundIoU, backgroundIoU, focalAlpha, focalGamma,
                    priorProbability, boxLoss, smoothL1Beta, scoreThreshold, topKPerLevel, nmsThreshold, maxDetections);
        }

        /** This config with other tower depth. */
        public Config withTowerDepth(int depth) {
            return new Config(backboneWidth, frozenStages, pyramidWidth, extra, depth, anchorSizes,
                    scalesPerOctave, aspectRatios, foregroundIoU, backgroundIoU, focalAlpha, focalGamma, priorProbability,
                    boxLoss, smoothL1Beta, scoreThreshold, topKPerLevel, nmsThreshold, maxDetections);
        }

        /** Whether the classification loss is the focal loss (gamma &gt; 0) rather than cross-entropy. */
        public boolean usesFocalLoss() {
            return focalGamma > 0;
        }

        /**
         * The anchor sizes of every level: base · 2^(i / scalesPerOctave), truncated to whole pixels
         * as torchvision does ({@code int(x * 2 ** (1 / 3))}: 32, 40, 50 on P3 for base 32).
         */
        public List<float[]> levelSizes() {
            List<float[]> sizes = new ArrayList<>();
            for (float base : anchorSizes) {
                float[] level = new float[scalesPerOctave];
                for (int i = 0; i < scalesPerOctave; i++) {
                    level[i] = (float) Math.floor(base * Math.pow(2, (double) i / scalesPerOctave));
                }
                sizes.add(level);
            }
            return sizes;
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Config c && toString().equals(c.toString());
        }

        @Override
        public int hashCode() {
            return toString().hashCode();
        }

        @Override
        public String toString() {
            return "Config[" + backboneWidth + ", frozen " + frozenStages + ", width " + pyramidWidth
                    + ", " + extra + ", depth " + towerDepth + ", anchors " + Arrays.toString(anchorSizes) + " x"
                    + scalesPerOctave + " " + Arrays.toString(aspectRatios) + ", IoU " + foregroundIoU + "/" + backgroundIoU
                    + ", alpha " + focalAlpha + ", gamma " + focalGamma + ", pi " + priorProbability + ", " + boxLoss
                    + " beta " + smoothL1Beta + ", score > " + scoreThreshold + ", top " + topKPerLevel + ", NMS "
                    + nmsThreshold + ", max " + maxDetections + "]";
        }
    }

    private final DetectorSpec spec;
    private final Config config;
    private final Backbone backbone;
    private final FeaturePyramid pyramid;
    private final RetinaHead head;
    private final AnchorGenerator anchorGenerator;
    private final TargetAssigner assigner;
    private final PostProcess finalStep;
    private int[] featureSizes;

    /** Builds an uninitialised RetinaNet from its spec (settings: a {@link Config}). */
    public RetinaNet(DetectorSpec spec) {
        super(VERSION);
        this.spec = Objects.requireNonNull(spec, "spec");
        this.config = spec.settings(Config.class);
        backbone = addChildBlock("backbone", new Backbone(new Backbone.Config(config.backboneWidth(),
                List.of("C3", "C4", "C5"), config.frozenStages())));
        pyramid = addChildBlock("pyramid", new FeaturePyramid(new FeaturePyramid.Config(List.of("C3", "C4", "C5"),
                config.pyramidWidth(), config.extra())));
        List<float[]> ratios = new ArrayList<>();
        for (int i = 0; i < config.anchorSizes().length; i++) {
            ratios.add(config.aspectRatios());
        }
        anchorGenerator = new AnchorGenerator(config.levelSizes(), ratios);
        head = addChildBlock("head", new RetinaHead(spec.numClasses(), anchorGenerator.anchorsPerLocation(0),
                config.pyramidWidth(), config.towerDepth(), config.priorProbability()));
        assigner = new TargetAssigner(new IoUMatcher(config.foregroundIoU(), config.backgroundIoU(), true), null,
                BoxCoder.rpn());
        finalStep = PostProcess.builder().scoreThreshold(config.scoreThreshold()).nmsThreshold(config.nmsThreshold())
                .preNmsTopK(0).maxDetections(config.maxDetections()).build();
    }

    /**
     * A spec for a RetinaNet.
     *
     * @param name file-safe name
     * @param classes brand names
     * @param imageSize square input side in pixels
     * @param config the settings
     */
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

    /** The backbone (for loading pretrained weights). */
    public Backbone backbone() {
        return backbone;
    }

    /** The pyramid. */
    public FeaturePyramid pyramid() {
        return pyramid;
    }

    /** The shared class and box subnets. */
    public RetinaHead head() {
        return head;
    }

    /** The anchor generator (one entry per pyramid level). */
    public AnchorGenerator anchorGenerator() {
        return anchorGenerator;
    }

    /** The matcher, sampler-free assigner and (1, 1, 1, 1) box coder. */
    public TargetAssigner assigner() {
        return assigner;
    }

    @Override
    public List<String> lossNames() {
        return List.of("class", "box");
    }

    /** The pyramid levels' names, P3 first. */
    public List<String> levels() {
        return pyramid.levels();
    }

    /** Side of each level's feature map for this detector's input size, P3 first. */
    public synchronized int[] featureSizes() {
        if (featureSizes == null) {
            featureSizes = pyramid.featureSizes(backbone, imageSize());
        }
        return featureSizes.clone();
    }

    /** Number of anchors on each level, P3 first. */
    public long[] anchorsPerLevel() {
        int[] sizes = featureSizes();
        long[] counts = new long[sizes.length];
        for (int i = 0; i < sizes.length; i++) {
            counts[i] = (long) sizes[i] * sizes[i] * anchorGenerator.anchorsPerLocation(i);
        }
        return counts;
    }

    /**
     * All anchors of an input image, level by level (torchvision's strides: image size / map size).
     *
     * @return (N, 4) XYXY pixels on {@code manager}
     */
    public NDArray anchors(NDManager manager) {
        int[] sizes = featureSizes();
        int[][] grid = new int[sizes.length][];
        float[][] strides = new float[sizes.length][];
        for (int i = 0; i < sizes.length; i++) {
            grid[i] = new int[] {sizes[i], sizes[i]};
            float stride = imageSize() / sizes[i];
            strides[i] = new float[] {stride, stride};
        }
        return anchorGenerator.anchors(manager, grid, strides);
    }

    /** The pyramid levels of a batch: (B, width, H_l, W_l) for P3, P4, ... */
    public NDList pyramidLevels(ParameterStore ps, NDArray images, boolean training, PairList<String, Object> params) {
        NDList c = backbone.forward(ps, new NDList(images), training, params);
        return pyramid.forward(ps, c, training, params);
    }

    /** (B, N, C) class logits and (B, N, 4) deltas. */
    private NDList heads(ParameterStore ps, NDArray images, boolean training, PairList<String, Object> params) {
        return head.forward(ps, pyramidLevels(ps, images, training, params), training, params);
    }

    @Override
    protected NDList computeLosses(ParameterStore ps, NDArray images, DetectionBatch targets,
            PairList<String, Object> params) {
        NDList out = heads(ps, images, true, params);
        NDArray anchors = anchors(images.getManager());
        TargetAssigner.Targets t = assigner.assign(anchors, targets);
        return new NDList(classLoss(out.get(0), t), boxLoss(out.get(1), t, anchors));
    }

    /**
     * The focal (or cross-entropy) classification loss of a batch, summed over every non-ignored
     * (anchor, class) pair and divided by the number of foreground anchors (at least 1).
     *
     * @param logits (B, N, C) class logits
     * @param t the batch's targets (B, N)
     * @return a scalar
     */
    public NDArray classLoss(NDArray logits, TargetAssigner.Targets t) {
        int c = numClasses();
        NDArray brands = logits.getManager().arange(1, c + 1, 1, DataType.INT64).reshape(1, 1, c);
        // one column per brand: 1 where the anchor's class target is that brand, background rows all 0
        NDArray oneHot = t.classTarget().expandDims(-1).eq(brands).toType(DataType.FLOAT32, false);
        NDArray perPair = SigmoidFocalLoss.compute(logits, oneHot, config.focalAlpha(), config.focalGamma(),
                Reduction.NONE);
        NDArray counted = perPair.mul(t.sampledMask().expandDims(-1));
        return counted.sum().div(positives(t));
    }

    /**
     * The box loss over foreground anchors, divided by their number (at least 1).
     *
     * @param deltas (B, N, 4) predicted deltas
     * @param t the batch's targets
     * @param anchors (N, 4) the anchors
     * @return a scalar
     */
    public NDArray boxLoss(NDArray deltas, TargetAssigner.Targets t, NDArray anchors) {
        NDArray positive = Indices.of(t.positiveMask().reshape(-1));
        NDArray predicted = Indices.rows(deltas.reshape(-1, 4), positive);
        NDArray target = Indices.rows(t.boxTarget().reshape(-1, 4), positive);
        NDArray perBox = switch (config.boxLoss()) {
            case L1 -> SmoothL1Loss.compute(predicted, target, 0);
            case SMOOTH_L1 -> SmoothL1Loss.compute(predicted, target, config.smoothL1Beta());
            case GIOU -> {
                long b = deltas.getShape().get(0);
                NDArray tiled = anchors.expandDims(0).broadcast(b, anchors.getShape().get(0), 4).reshape(-1, 4);
                NDArray references = Indices.rows(tiled, positive);
                yield BoxIoULoss.compute(assigner.coder().decode(predicted, references),
                        assigner.coder().decode(target, references), IoUKind.GIOU);
            }
        };
        return perBox.sum().div(positives(t));
    }

    private static NDArray positives(TargetAssigner.Targets t) {
        return t.positiveMask().sum().maximum(1f);
    }

    @Override
    protected NDList predict(ParameterStore ps, NDArray images, boolean training, PairList<String, Object> params) {
        NDList out = heads(ps, images, training, params);
        return new NDList(Activation.sigmoid(out.get(0)), out.get(1), anchors(images.getManager()));
    }

    @Override
    public List<Detections> postProcess(NDList raw) {
        NDArray scores = raw.get(0);
        NDArray deltas = raw.get(1);
        NDArray anchors = raw.get(2);
        long[] perLevel = anchorsPerLevel();
        if (Arrays.stream(perLevel).sum() != anchors.getShape().get(0)) {
            throw new IllegalArgumentException("These outputs have " + anchors.getShape().get(0) + " anchors but this"
                    + " RetinaNet makes " + Arrays.stream(perLevel).sum() + " at " + imageSize() + " pixels");
        }
        List<Detections> result = new ArrayList<>();
        for (int i = 0; i < scores.getShape().get(0); i++) {
            try (NDManager scratch = scores.getManager().newSubManager()) {
                NDArray imageScores = scores.get(i);
                NDArray imageDeltas = deltas.get(i);
                imageScores.attach(scratch);
                imageDeltas.attach(scratch);
                result.add(detectionsOfImage(imageScores, imageDeltas, anchors, perLevel, scratch));
            }
        }
        return result;
    }

    /** Per level: threshold and top-k of (anchor, brand) pairs; then NMS over all levels. */
    private Detections detectionsOfImage(NDArray scores, NDArray deltas, NDArray anchors, long[] perLevel,
            NDManager scratch) {
        int c = numClasses();
        NDList boxes = new NDList();
        NDList pairScores = new NDList();
        NDList brands = new NDList();
        long start = 0;
        for (long count : perLevel) {
            String range = start + ":" + (start + count);
            start += count;
            NDArray flat = scores.get(range).reshape(-1);
            NDArray kept = CandidateSelection.aboveScoreTopK(flat, config.scoreThreshold(), config.topKPerLevel());
            if (kept.size() == 0) {
                continue;
            }
            // flat index = anchor * C + brand; float64 division is exact for these integer sizes
            NDArray anchorIndex = kept.toType(DataType.FLOAT64, false).div(c).floor();
            NDArray brand = kept.toType(DataType.FLOAT64, false).sub(anchorIndex.mul(c));
            NDArray rows = anchorIndex.toType(DataType.INT64, false);
            NDArray levelAnchors = anchors.get(range);
            boxes.add(assigner.coder().decode(Indices.rows(deltas.get(range), rows), Indices.rows(levelAnchors, rows)));
            pairScores.add(Indices.rows(flat, kept));
            brands.add(brand);
        }
        if (boxes.isEmpty()) {
            return Detections.none();
        }
        NDArray allBoxes = CandidateSelection.concat(boxes);
        NDArray allScores = CandidateSelection.concat(pairScores);
        NDArray allBrands = CandidateSelection.concat(brands);
        // one row per candidate, its score in its brand's column: PostProcess clips, filters and runs NMS
        NDArray columns = scratch.arange(0, c, 1, DataType.FLOAT64).reshape(1, c);
        NDArray scoreMatrix = allBrands.reshape(-1, 1).eq(columns).toType(DataType.FLOAT32, false)
                .mul(allScores.reshape(-1, 1));
        return finalStep.apply(allBoxes, scoreMatrix, imageSize(), imageSize());
    }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
        backbone.initialize(manager, dataType, inputShapes);
        Shape[] c = backbone.getOutputShapes(inputShapes);
        pyramid.initialize(manager, dataType, c);
        head.initialize(manager, dataType, pyramid.getOutputShapes(c));
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        Shape[] heads = head.getOutputShapes(pyramid.getOutputShapes(backbone.getOutputShapes(inputShapes)));
        long n = heads[0].get(1);
        return new Shape[] {heads[0], heads[1], new Shape(n, 4)};
    }

    @Override
    public String toString() {
        return "RetinaNet[" + spec.name() + ", " + imageSize() + " px, " + numClasses() + " classes, " + config + "]";
    }
}
