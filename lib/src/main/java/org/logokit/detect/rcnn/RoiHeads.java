package org.logokit.detect.rcnn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Activation;
import ai.djl.nn.Blocks;
import ai.djl.nn.Parameter;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.core.Linear;
import ai.djl.training.ParameterStore;
import ai.djl.training.initializer.NormalInitializer;
import ai.djl.util.PairList;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.logokit.box.BoxCoder;
import org.logokit.detect.DetectionBatch;
import org.logokit.detect.Detections;
import org.logokit.detect.PostProcess;
import org.logokit.detect.TargetAssigner;
import org.logokit.loss.FastRcnnLoss;
import org.logokit.match.BalancedSampler;
import org.logokit.match.IoUMatcher;
import org.logokit.nd.Indices;

/**
 * The second stage of Faster R-CNN (torchvision's {@code RoIHeads}): pool every proposal to a fixed
 * map, classify it into C brands + background and refine its box, one set of deltas per class.
 *
 * <ul>
 *   <li><b>Training samples</b> ({@link #sample}): the image's ground-truth boxes are added to its
 *       proposals (so the head sees perfect boxes from the first step), every candidate is matched
 *       (IoU &ge; 0.5 foreground, [0, 0.5) background) and {@link BalancedSampler} keeps 512 per
 *       image with at most 25 % foreground.
 *   <li><b>Head</b>: {@link RoiPooler} → flatten → two fully connected layers with ReLU → C + 1
 *       class logits and (C + 1) × 4 class-specific deltas, encoded with
 *       {@link BoxCoder#rcnnHead()} (weights 10, 10, 5, 5).
 *   <li><b>Loss</b>: {@link FastRcnnLoss}: softmax cross-entropy over the sampled RoIs + smooth L1 of
 *       the true class's deltas on the foreground ones.
 *   <li><b>Detections</b>: softmax, per-class boxes decoded on the proposals, then
 *       {@link PostProcess} (score &gt; 0.05, class-wise NMS 0.5, at most 100 per image).
 * </ul>
 *
 * <p>RoI rows of a batch are grouped by image: image 0's first. Raw outputs carry the number of rows
 * of each image, so detections are split back without a per-row loop.
 */
public final class RoiHeads extends AbstractBlock {
    private static final byte VERSION = 1;

    /**
     * The RoIs a training step uses, with their targets.
     *
     * @param rois (R, 5) rows (batchIndex, x1, y1, x2, y2), XYXY input pixels
     * @param classTargets (R) int64: brand id + 1 for foreground, 0 for background
     * @param boxTargets (R, 4) encoded matched boxes (zero for background)
     * @param foreground number of foreground RoIs
     */
    public record Samples(NDArray rois, NDArray classTargets, NDArray boxTargets, long foreground) {

        /** Number of sampled RoIs. */
        public long size() {
            return rois.getShape().get(0);
        }
    }

    private final RoiConfig config;
    private final int numClasses;
    private final RoiPooler pooler;
    private final int[] strides;
    private final SequentialBlock boxHead;
    private final Linear classLogits;
    private final Linear boxDeltas;
    private final TargetAssigner assigner;
    private final PostProcess postProcess;

    /**
     * @param config the settings
     * @param numClasses C, brands without background
     * @param pooler how RoIs are pooled from the feature levels
     * @param strides strides of the feature levels in input pixels
     */
    public RoiHeads(RoiConfig config, int numClasses, RoiPooler pooler, int[] strides) {
        super(VERSION);
        this.config = Objects.requireNonNull(config, "config");
        this.pooler = Objects.requireNonNull(pooler, "pooler");
        if (numClasses < 1) {
            throw new IllegalArgumentException("Need at least one class, got " + numClasses);
        }
        if (pooler.outputSize() != config.poolSize()) {
            throw new IllegalArgumentException("The pooler gives " + pooler.outputSize() + "x" + pooler.outputSize()
                    + " maps but the head expects " + config.poolSize() + "x" + config.poolSize());
        }
        this.numClasses = numClasses;
        this.strides = strides.clone();
        int width = config.representationSize();
        boxHead = addChildBlock("box_head", new SequentialBlock()
                .add(Blocks.batchFlattenBlock())
                .add(Linear.builder().setUnits(width).build())
                .add(Activation::relu)
                .add(Linear.builder().setUnits(width).build())
                .add(Activation::relu));
        classLogits = addChildBlock("class_logits", Linear.builder().setUnits(numClasses + 1L).build());
        boxDeltas = addChildBlock("box_deltas", Linear.builder().setUnits(4L * (numClasses + 1)).build());
        // Detectron2's initialisation of the two predictors
        classLogits.setInitializer(new NormalInitializer(0.01f), Parameter.Type.WEIGHT);
        boxDeltas.setInitializer(new NormalInitializer(0.001f), Parameter.Type.WEIGHT);
        assigner = new TargetAssigner(new IoUMatcher(config.foregroundIoU(), config.backgroundIoU(), false),
                new BalancedSampler(config.batchSizePerImage(), config.positiveFraction(), config.seed()),
                BoxCoder.rcnnHead());
        postProcess = config.postProcess();
    }

    /** The settings. */
    public RoiConfig config() {
        return config;
    }

    /** The pooler. */
    public RoiPooler pooler() {
        return pooler;
    }

    /** Matcher, sampler and coder of the RoI targets. */
    public TargetAssigner targetAssigner() {
        return assigner;
    }

    /** The detection post-processing. */
    public PostProcess postProcessing() {
        return postProcess;
    }

    /**
     * Chooses the training RoIs of a batch: proposals plus ground truth, matched and sampled.
     *
     * @param proposals per image, (K_i, 4) XYXY input pixels (no gradient)
     * @param targets the batch's ground truth
     * @return the sampled RoIs with their targets, on the manager of the first image's proposals
     */
    public Samples sample(List<NDArray> proposals, DetectionBatch targets) {
        if (proposals.size() != targets.size()) {
            throw new IllegalArgumentException(proposals.size() + " proposal lists for " + targets.size() + " images");
        }
        NDManager manager = proposals.get(0).getManager();
        NDList rois = new NDList();
        NDList classes = new NDList();
        NDList boxes = new NDList();
        for (int i = 0; i < proposals.size(); i++) {
            NDArray gtBoxes = targets.boxes(i);
            NDArray gtClasses = targets.classes(i);
            NDArray own = proposals.get(i).toType(DataType.FLOAT32, false);
            NDArray candidates = concatRows(own, gtBoxes);
            if (candidates.getShape().get(0) == 0) {
                continue;
            }
            TargetAssigner.Targets t = assigner.assign(candidates, gtBoxes, gtClasses);
            NDArray chosen = Indices.of(t.matchLabel().gte(0));
            if (chosen.size() == 0) {
                continue;
            }
            NDArray chosenBoxes = Indices.rows(candidates, chosen);
            NDArray batchColumn = manager.full(new Shape(chosen.size(), 1), (float) i, DataType.FLOAT32);
            rois.add(batchColumn.concat(chosenBoxes, 1));
            classes.add(Indices.rows(t.classTarget(), chosen));
            boxes.add(Indices.rows(t.boxTarget(), chosen));
        }
        if (rois.isEmpty()) {
            return new Samples(manager.zeros(new Shape(0, 5)), manager.zeros(new Shape(0), DataType.INT64),
                    manager.zeros(new Shape(0, 4)), 0);
        }
        NDArray allClasses = concat(classes);
        long foreground = allClasses.gt(0).toType(DataType.INT64, false).sum().getLong();
        return new Samples(concat(rois), allClasses, concat(boxes), foreground);
    }

    /**
     * Pools the RoIs and runs the head.
     *
     * @param levels the feature levels, as the pooler reads them
     * @param rois (R, 5) rows (batchIndex, x1, y1, x2, y2), R &gt; 0
     * @return NDList(class logits (R, C + 1), box deltas (R, 4 (C + 1)))
     */
    public NDList heads(ParameterStore parameterStore, NDList levels, NDArray rois, boolean training,
            PairList<String, Object> params) {
        NDArray pooled = pooler.pool(levels, strides, rois);
        return forward(parameterStore, new NDList(pooled), training, params);
    }

    /**
     * The two loss terms of a training step.
     *
     * @return NDList(classification loss, box loss), scalars
     */
    public NDList losses(ParameterStore parameterStore, NDList levels, Samples samples, boolean training,
            PairList<String, Object> params) {
        if (samples.size() == 0) {
            NDManager m = samples.rois().getManager();
            return new NDList(m.zeros(new Shape()), m.zeros(new Shape()));
        }
        NDList out = heads(parameterStore, levels, samples.rois(), training, params);
        return FastRcnnLoss.terms(out.get(0), out.get(1), samples.classTargets(), samples.boxTargets(),
                config.boxBeta());
    }

    /**
     * Per-class boxes and scores of every proposal, before post-processing.
     *
     * @param proposals per image, its proposals
     * @return NDList(boxes (R, C, 4) XYXY input pixels, scores (R, C) brand probabilities, rows per
     *     image (B) int64), rows grouped by image
     */
    public NDList predict(ParameterStore parameterStore, NDList levels, List<Proposals> proposals, boolean training,
            PairList<String, Object> params) {
        NDManager manager = levels.head().getManager();
        long[] counts = new long[proposals.size()];
        List<NDArray> boxes = new ArrayList<>();
        for (int i = 0; i < proposals.size(); i++) {
            counts[i] = proposals.get(i).size();
            boxes.add(proposals.get(i).boxes());
        }
        NDArray rows = manager.create(counts);
        NDArray rois = roisOf(boxes, manager);
        long r = rois.getShape().get(0);
        if (r == 0) {
            return new NDList(manager.zeros(new Shape(0, numClasses, 4)), manager.zeros(new Shape(0, numClasses)),
                    rows);
        }
        NDList out = heads(parameterStore, levels, rois, training, params);
        NDArray scores = out.get(0).softmax(-1).get(":, 1:");
        NDArray deltas = out.get(1).reshape(r, numClasses + 1, 4).get(":, 1:, :");
        NDArray references = rois.get(":, 1:5").expandDims(1);
        NDArray decoded = assigner.coder().decode(deltas, references);
        return new NDList(decoded, scores, rows);
    }

    /**
     * Detections of every image from {@link #predict}'s output.
     *
     * @param raw NDList(boxes (R, C, 4), scores (R, C), rows per image (B))
     * @param imageSize side of the square input
     */
    public List<Detections> detections(NDList raw, int imageSize) {
        long[] counts = raw.get(2).toLongArray();
        List<Detections> result = new ArrayList<>();
        long start = 0;
        for (long count : counts) {
            if (count == 0) {
                result.add(Detections.none());
            } else {
                String rows = start + ":" + (start + count);
                result.add(postProcess.apply(raw.get(0).get(rows), raw.get(1).get(rows), imageSize, imageSize));
            }
            start += count;
        }
        return result;
    }

    /** (R, 5) rows (batchIndex, box) from per-image boxes; empty images contribute nothing. */
    static NDArray roisOf(List<NDArray> boxes, NDManager manager) {
        NDList parts = new NDList();
        for (int i = 0; i < boxes.size(); i++) {
            NDArray b = boxes.get(i);
            long k = b.getShape().get(0);
            if (k > 0) {
                parts.add(manager.full(new Shape(k, 1), (float) i, DataType.FLOAT32)
                        .concat(b.toType(DataType.FLOAT32, false), 1));
            }
        }
        return parts.isEmpty() ? manager.zeros(new Shape(0, 5)) : concat(parts);
    }

    /** Rows of a then b, leaving out an empty side (MXNet cannot concatenate zero-size arrays). */
    private static NDArray concatRows(NDArray a, NDArray b) {
        if (b.getShape().get(0) == 0) {
            return a;
        }
        if (a.getShape().get(0) == 0) {
            return b;
        }
        return a.concat(b, 0);
    }

    private static NDArray concat(NDList parts) {
        return parts.size() == 1 ? parts.head() : NDArrays.concat(parts, 0);
    }

    @Override
    protected NDList forwardInternal(ParameterStore parameterStore, NDList inputs, boolean training,
            PairList<String, Object> params) {
        NDArray hidden = boxHead.forward(parameterStore, inputs, training, params).head();
        NDArray logits = classLogits.forward(parameterStore, new NDList(hidden), training, params).head();
        NDArray deltas = boxDeltas.forward(parameterStore, new NDList(hidden), training, params).head();
        return new NDList(logits, deltas);
    }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
        boxHead.initialize(manager, dataType, inputShapes);
        Shape hidden = boxHead.getOutputShapes(inputShapes)[0];
        classLogits.initialize(manager, dataType, hidden);
        boxDeltas.initialize(manager, dataType, hidden);
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        long r = inputShapes[0].get(0);
        return new Shape[] {new Shape(r, numClasses + 1L), new Shape(r, 4L * (numClasses + 1))};
    }

    @Override
    public String toString() {
        return "RoiHeads[" + pooler + ", MLP " + config.representationSize() + ", " + numClasses
                + " classes + background, sample " + config.batchSizePerImage() + " per image ("
                + Math.round(100 * config.positiveFraction()) + " % foreground)]";
    }
}
