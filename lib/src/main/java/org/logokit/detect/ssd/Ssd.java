package org.logokit.detect.ssd;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.SequentialBlock;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import org.logokit.anchor.SsdDefaultBoxes;
import org.logokit.box.SsdBoxCoder;
import org.logokit.detect.Backbone;
import org.logokit.detect.DetectionBatch;
import org.logokit.detect.Detections;
import org.logokit.detect.Detector;
import org.logokit.detect.DetectorSpec;
import org.logokit.detect.PostProcess;
import org.logokit.detect.TargetAssigner;
import org.logokit.loss.MultiBoxLoss;
import org.logokit.match.IoUMatcher;
import org.logokit.model.ConvLayers;

/**
 * SSD, the Single Shot MultiBox Detector (Liu et al., ECCV 2016): class scores and box offsets for
 * a fixed set of default boxes on several feature maps at once, small boxes on the fine maps and
 * large ones on the coarse maps, in one pass.
 *
 * <p><b>Network.</b> The ResNet-18 {@link Backbone}'s C3, C4 and C5 (strides 8, 16, 32) and extra
 * layers that halve the map each time (a 1×1 conv, then a 3×3 conv of stride 2; a 3 × 3 map is
 * reduced to 1 × 1 by a 3×3 conv without padding, as SSD300's last layer): at 300 pixels the maps
 * are 38, 19, 10, 5, 3 and 1 cells wide, SSD300's sizes. On every map a 3×3 conv predicts C + 1
 * scores (background first) and another 3×3 conv 4 offsets for each default box of each location.
 *
 * <p><b>Default boxes.</b> {@link SsdDefaultBoxes} on those maps (scales from
 * {@link Config#sMin} to {@link Config#sMax}, ratios 1, 2, 1/2 and on the middle maps 3, 1/3 too:
 * 4, 6, 6, 6, 4, 4 per location, 8,732 at 300 pixels), or, with {@link Config#onePerLocation},
 * only one box per location, the one of aspect ratio 2 (seed 003's fast variant: 1,940 at 300
 * pixels).
 *
 * <p><b>Training.</b> Matching: every object takes the default box that overlaps it best, then
 * every default box with IoU ≥ {@link Config#matchThreshold} with some object is positive, the
 * rest background ({@link TargetAssigner} with {@link IoUMatcher}). The confidence term is
 * softmax cross-entropy on the positives and the hardest negatives, {@link Config#negativesPerPositive}
 * per positive ({@link MultiBoxLoss}); the box term is {@link SsdBoxLoss} on the positives; both
 * divided by the number of positives. Loss terms: {@code class, box}.
 *
 * <p><b>Detections.</b> Softmax scores without the background column, offsets decoded with
 * {@link SsdBoxCoder}, then per-class post-processing ({@link PostProcess}: score threshold, the
 * 400 best candidates, NMS per class at {@link Config#nmsThreshold}, the best
 * {@link Config#maxDetections}).
 */
public final class Ssd extends Detector {
    /** The catalog kind. */
    public static final String KIND = "ssd";

    private static final byte VERSION = 1;
    /**
     * Candidates (box, class) kept before NMS. torchvision's SSD keeps 400 per class; one budget of
     * 400 over all classes is enough for 100 detections per image, and NMS, which dominates SSD's
     * inference time at a score threshold of 0.01 (about 6,000 candidates per test image), costs
     * less than half of what the default 1,000 cost (measured on chapter 12's trained SSD: 21-24 ms
     * per image with 1,000, 8-11 ms with 400, both engines).
     */
    static final int PRE_NMS_TOP_K = 400;
    /** Index of the ratio-2 box in a location's list (square, extra square, 2, 1/2, ...). */
    private static final int RATIO_TWO = 2;

    /**
     * Settings (saved in the spec).
     *
     * @param width backbone width
     * @param frozenStages backbone blocks (stem, stage1, ...) kept frozen, 0 to 5
     * @param extraChannels output channels of each extra layer (its 1×1 conv has half); one
     *     entry per extra map
     * @param sMin default-box scale of the finest map (fraction of the image side)
     * @param sMax scale of the coarsest map
     * @param extraRatios per map the aspect ratios besides 1 (each adds r and 1/r); one list per
     *     map (3 backbone maps plus the extra ones)
     * @param onePerLocation keep one default box per location (aspect ratio 2) instead of all
     * @param boxLoss the localisation loss
     * @param boxLossWeight weight of the box term against the confidence term (the paper's α)
     * @param negativesPerPositive hard negatives per positive (3)
     * @param matchThreshold IoU at which a default box becomes positive (0.5)
     * @param scoreThreshold score a detection must exceed
     * @param nmsThreshold IoU above which NMS of the same class suppresses a box (0.45)
     * @param maxDetections detections kept per image
     */
    public record Config(Backbone.Width width, int frozenStages, int[] extraChannels, double sMin, double sMax,
            float[][] extraRatios, boolean onePerLocation, SsdBoxLoss boxLoss, double boxLossWeight,
            double negativesPerPositive, double matchThreshold, double scoreThreshold, double nmsThreshold,
            int maxDetections) {
        /** Checks the values and copies the arrays. */
        public Config {
            Objects.requireNonNull(width, "width");
            Objects.requireNonNull(boxLoss, "boxLoss");
            if (extraChannels == null || extraRatios == null || extraRatios.length != 3 + extraChannels.length) {
                throw new IllegalArgumentException("SSD needs one ratio list per map: 3 backbone maps plus "
                        + (extraChannels == null ? 0 : extraChannels.length) + " extra maps, got "
                        + (extraRatios == null ? 0 : extraRatios.length) + " lists");
            }
            extraChannels = extraChannels.clone();
            for (int c : extraChannels) {
                if (c < 2) {
                    throw new IllegalArgumentException("extra layers need at least 2 channels, got "
                            + Arrays.toString(extraChannels));
                }
            }
            float[][] copy = new float[extraRatios.length][];
            for (int i = 0; i < copy.length; i++) {
                copy[i] = extraRatios[i].clone();
                if (onePerLocation && (copy[i].length == 0 || copy[i][0] != 2f)) {
                    throw new IllegalArgumentException("The one-box variant keeps each location's ratio-2 box:"
                            + " every map's first extra ratio must be 2");
                }
            }
            extraRatios = copy;
            if (!(matchThreshold > 0 && matchThreshold <= 1) || negativesPerPositive < 0 || boxLossWeight < 0
                    || maxDetections < 1) {
                throw new IllegalArgumentException("matchThreshold must be in (0, 1], negativesPerPositive and"
                        + " boxLossWeight >= 0, maxDetections >= 1");
            }
        }

        /**
         * SSD300's layout on the quarter-width ResNet-18: three extra maps, scales 0.1 to 0.9
         * (logos are small: the paper's 0.2 would make the finest boxes 60 pixels at 300), ratios
         * {2} and {2, 3}, smooth L1, 3:1 negatives, match IoU 0.5, NMS 0.45.
         */
        public static Config defaults() {
            float[] two = {2};
            float[] twoThree = {2, 3};
            return new Config(Backbone.Width.QUARTER, 0, new int[] {128, 64, 64}, 0.1, 0.9,
                    new float[][] {two, twoThree, twoThree, twoThree, two, two}, false, SsdBoxLoss.SMOOTH_L1, 1.0,
                    3, 0.5, 0.01, 0.45, 100);
        }

        /** A copy with another box loss and its weight. */
        public Config withBoxLoss(SsdBoxLoss loss, double weight) {
            return new Config(width, frozenStages, extraChannels, sMin, sMax, extraRatios, onePerLocation, loss, weight,
                    negativesPerPositive, matchThreshold, scoreThreshold, nmsThreshold, maxDetections);
        }

        /** A copy with one default box per location (or all). */
        public Config withOnePerLocation(boolean one) {
            return new Config(width, frozenStages, extraChannels, sMin, sMax, extraRatios, one, boxLoss, boxLossWeight,
                    negativesPerPositive, matchThreshold, scoreThreshold, nmsThreshold, maxDetections);
        }

        /** A copy with another backbone width and extra layers. */
        public Config withWidth(Backbone.Width newWidth, int[] newExtraChannels) {
            return new Config(newWidth, frozenStages, newExtraChannels, sMin, sMax, extraRatios, onePerLocation, boxLoss,
                    boxLossWeight, negativesPerPositive, matchThreshold, scoreThreshold, nmsThreshold,
                    maxDetections);
        }

        /** A copy with the first {@code stages} backbone blocks frozen. */
        public Config withFrozenStages(int stages) {
            return new Config(width, stages, extraChannels, sMin, sMax, extraRatios, onePerLocation, boxLoss,
                    boxLossWeight, negativesPerPositive, matchThreshold, scoreThreshold, nmsThreshold, maxDetections);
        }

        /** A copy with other default-box scales. */
        public Config withScales(double newMin, double newMax) {
            return new Config(width, frozenStages, extraChannels, newMin, newMax, extraRatios, onePerLocation, boxLoss,
                    boxLossWeight, negativesPerPositive, matchThreshold, scoreThreshold, nmsThreshold,
                    maxDetections);
        }
    }

    private final DetectorSpec spec;
    private final Config config;
    private final Backbone backbone;
    private final List<Block> extras = new ArrayList<>();
    private final List<Block> classHeads = new ArrayList<>();
    private final List<Block> boxHeads = new ArrayList<>();
    private final int[] mapSizes;
    private final int[] boxesPerLocation;
    private final float[] defaultBoxes;
    private final TargetAssigner assigner;
    private final SsdBoxCoder coder = new SsdBoxCoder();
    private final MultiBoxLoss multiBox;
    private final PostProcess postProcess;

    /** Builds an uninitialised detector from its spec (kind {@value #KIND}). */
    public Ssd(DetectorSpec spec) {
        super(VERSION);
        this.spec = Objects.requireNonNull(spec, "spec");
        this.config = spec.settings(Config.class);
        backbone = addChildBlock("backbone", new Backbone(Backbone.Config.of(config.width(), "C3", "C4", "C5").frozen(config.frozenStages())));
        int[] backboneSizes = backbone.featureSizes(spec.imageSize());
        int levels = 3 + config.extraChannels().length;
        mapSizes = new int[levels];
        System.arraycopy(backboneSizes, 0, mapSizes, 0, 3);
        for (int e = 0; e < config.extraChannels().length; e++) {
            int in = mapSizes[2 + e];
            if (in < 2) {
                throw new IllegalArgumentException("The input of " + spec.imageSize() + " pixels is too small for "
                        + config.extraChannels().length + " extra maps: map " + (2 + e) + " is already " + in
                        + " cell wide. Use a larger image or fewer extra layers.");
            }
            int out = config.extraChannels()[e];
            // a 3 x 3 map becomes 1 x 1 through an unpadded 3 x 3 conv (SSD300's last layer), others halve
            boolean valid = in == 3;
            extras.add(addChildBlock("extra" + (e + 1), new SequentialBlock()
                    .add(ConvLayers.convBnRelu(out / 2, 1, 1, 0))
                    .add(ConvLayers.convBnRelu(out, 3, valid ? 1 : 2, valid ? 0 : 1))));
            mapSizes[3 + e] = valid ? 1 : (in + 1) / 2;
        }
        SsdDefaultBoxes boxes = new SsdDefaultBoxes(mapSizes, config.sMin(), config.sMax(), config.extraRatios());
        boxesPerLocation = new int[levels];
        for (int k = 0; k < levels; k++) {
            boxesPerLocation[k] = config.onePerLocation() ? 1 : boxes.boxesPerLocation(k);
            int c1 = spec.numClasses() + 1;
            classHeads.add(addChildBlock("class" + k, ConvLayers.conv(boxesPerLocation[k] * c1, 3, 1, 1)));
            boxHeads.add(addChildBlock("box" + k, ConvLayers.conv(boxesPerLocation[k] * 4, 3, 1, 1)));
        }
        defaultBoxes = pixelBoxes(boxes, spec.imageSize(), config.onePerLocation(), mapSizes);
        assigner = new TargetAssigner(new IoUMatcher(config.matchThreshold(), config.matchThreshold(), true), null,
                coder);
        multiBox = new MultiBoxLoss(config.negativesPerPositive(), 1.0);
        postProcess = PostProcess.builder().scoreThreshold(config.scoreThreshold())
                .preNmsTopK(PRE_NMS_TOP_K).nmsThreshold(config.nmsThreshold())
                .maxDetections(config.maxDetections()).build();
    }

    /** The default boxes in input pixels, all or each location's ratio-2 box, flattened (N * 4). */
    private static float[] pixelBoxes(SsdDefaultBoxes boxes, int imageSize, boolean one, int[] sizes) {
        float[] all;
        try (NDManager manager = NDManager.newBaseManager()) {
            all = boxes.xyxy(manager, false).mul(imageSize).toFloatArray();
        }
        if (!one) {
            return all;
        }
        List<Float> kept = new ArrayList<>();
        int start = 0;
        for (int k = 0; k < sizes.length; k++) {
            int b = boxes.boxesPerLocation(k);
            for (int location = 0; location < sizes[k] * sizes[k]; location++) {
                int row = start + location * b + RATIO_TWO;
                for (int j = 0; j < 4; j++) {
                    kept.add(all[4 * row + j]);
                }
            }
            start += sizes[k] * sizes[k] * b;
        }
        float[] out = new float[kept.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = kept.get(i);
        }
        return out;
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

    /** Sides of the feature maps the heads read, fine to coarse. */
    public int[] mapSizes() {
        return mapSizes.clone();
    }

    /** Default boxes per location on each map. */
    public int[] boxesPerLocation() {
        return boxesPerLocation.clone();
    }

    /** Number of default boxes (and of predictions) per image. */
    public int numDefaultBoxes() {
        return defaultBoxes.length / 4;
    }

    /** Number of default boxes on each map. */
    public int[] boxesPerMap() {
        int[] out = new int[mapSizes.length];
        for (int k = 0; k < out.length; k++) {
            out[k] = mapSizes[k] * mapSizes[k] * boxesPerLocation[k];
        }
        return out;
    }

    /**
     * The default boxes.
     *
     * @return ({@link #numDefaultBoxes()}, 4) XYXY input pixels, map by map, then row, column, box
     */
    public NDArray defaultBoxes(NDManager manager) {
        return manager.create(defaultBoxes, new Shape(numDefaultBoxes(), 4));
    }

    /** The default boxes as a host array: (N * 4) XYXY pixels in SSD's order (a copy). */
    public float[] defaultBoxArray() {
        return defaultBoxes.clone();
    }

    /** The box coder of the offsets (SSD's variances 0.1, 0.2). */
    public SsdBoxCoder coder() {
        return coder;
    }

    /** The matcher, sampler-free target chain and SSD box coder used in training. */
    public TargetAssigner assigner() {
        return assigner;
    }

    @Override
    public List<String> lossNames() {
        return List.of("class", "box");
    }

    /**
     * The heads' raw outputs for every default box.
     *
     * @return NDList(class logits (B, N, C + 1) with background at 0, offsets (B, N, 4) in SSD
     *     coding), in default-box order
     */
    public NDList rawOutputs(ParameterStore ps, NDArray images, boolean training, PairList<String, Object> params) {
        NDList maps = new NDList(backbone.forward(ps, new NDList(images), training, params));
        NDArray current = maps.get(maps.size() - 1);
        for (Block extra : extras) {
            current = extra.forward(ps, new NDList(current), training, params).head();
            maps.add(current);
        }
        long n = images.getShape().get(0);
        int c1 = numClasses() + 1;
        NDList logits = new NDList();
        NDList offsets = new NDList();
        for (int k = 0; k < maps.size(); k++) {
            NDArray map = maps.get(k);
            logits.add(classHeads.get(k).forward(ps, new NDList(map), training, params).head()
                    .transpose(0, 2, 3, 1).reshape(n, -1, c1));
            offsets.add(boxHeads.get(k).forward(ps, new NDList(map), training, params).head()
                    .transpose(0, 2, 3, 1).reshape(n, -1, 4));
        }
        return new NDList(NDArrays.concat(logits, 1), NDArrays.concat(offsets, 1));
    }

    /**
     * What the training step sees for a batch, to draw it: the targets of every default box, the
     * mined hard negatives and the per-box confidence loss.
     *
     * @param targets the matching result (class targets 0 background, k + 1 brand k)
     * @param hardNegatives (B, N) 1 at the background boxes the confidence term counts
     * @param defaultBoxes (N, 4) XYXY pixels
     */
    public record TrainingView(TargetAssigner.Targets targets, NDArray hardNegatives, NDArray defaultBoxes) {}

    /**
     * Matches a batch and mines its hard negatives with the current weights (no training).
     *
     * @param ps parameter store
     * @param images (B, 3, S, S) normalised images
     * @param batch their ground truth
     * @return the view, on the images' manager
     */
    public TrainingView trainingView(ParameterStore ps, NDArray images, DetectionBatch batch) {
        NDList raw = rawOutputs(ps, images, false, null);
        NDArray anchors = defaultBoxes(images.getManager());
        TargetAssigner.Targets t = assigner.assign(anchors, batch);
        return new TrainingView(t, multiBox.hardNegatives(raw.get(0), t.classTarget()), anchors);
    }

    @Override
    protected NDList computeLosses(ParameterStore ps, NDArray images, DetectionBatch batch,
            PairList<String, Object> params) {
        NDList raw = rawOutputs(ps, images, true, params);
        NDArray logits = raw.get(0);
        NDArray offsets = raw.get(1);
        NDArray anchors = defaultBoxes(images.getManager());
        TargetAssigner.Targets t = assigner.assign(anchors, batch);
        NDArray confidence = multiBox.confidence(logits, t.classTarget());
        NDArray box = config.boxLoss().compute(offsets, t.boxTarget(), t.classTarget(), anchors, coder);
        return new NDList(confidence, config.boxLossWeight() == 1 ? box : box.mul((float) config.boxLossWeight()));
    }

    @Override
    protected NDList predict(ParameterStore ps, NDArray images, boolean training, PairList<String, Object> params) {
        NDList raw = rawOutputs(ps, images, training, params);
        NDArray boxes = coder.decode(raw.get(1), defaultBoxes(images.getManager()).expandDims(0));
        NDArray scores = raw.get(0).softmax(-1).get(":, :, 1:");
        return new NDList(boxes, scores);
    }

    @Override
    public List<Detections> postProcess(NDList raw) {
        return postProcess.applyToBatch(raw, imageSize());
    }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
        backbone.initialize(manager, dataType, inputShapes);
        List<Shape> maps = new ArrayList<>(Arrays.asList(backbone.getOutputShapes(inputShapes)));
        Shape current = maps.get(maps.size() - 1);
        for (Block extra : extras) {
            extra.initialize(manager, dataType, current);
            current = extra.getOutputShapes(new Shape[] {current})[0];
            maps.add(current);
        }
        for (int k = 0; k < maps.size(); k++) {
            classHeads.get(k).initialize(manager, dataType, maps.get(k));
            boxHeads.get(k).initialize(manager, dataType, maps.get(k));
        }
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        long n = inputShapes[0].get(0);
        return new Shape[] {new Shape(n, numDefaultBoxes(), 4), new Shape(n, numDefaultBoxes(), numClasses())};
    }

    /** The backbone (to load pretrained weights). */
    public Backbone backbone() {
        return backbone;
    }

    @Override
    public String toString() {
        return String.format(Locale.ROOT, "Ssd[maps %s, %d default boxes%s, %s loss, C=%d, %d px, %s]",
                Arrays.toString(mapSizes), numDefaultBoxes(), config.onePerLocation() ? " (one per location)" : "",
                config.boxLoss().name().toLowerCase(Locale.ROOT), numClasses(), imageSize(), backbone);
    }
}
