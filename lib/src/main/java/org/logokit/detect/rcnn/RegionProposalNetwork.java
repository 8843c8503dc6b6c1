package org.logokit.detect.rcnn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.logokit.anchor.AnchorGenerator;
import org.logokit.box.BoxCoder;
import org.logokit.detect.DetectionBatch;
import org.logokit.detect.TargetAssigner;
import org.logokit.loss.RpnLoss;
import org.logokit.match.BalancedSampler;
import org.logokit.match.IoUMatcher;

/**
 * The region proposal network (Faster R-CNN, seed 002): an {@link RpnHead} over a list of feature
 * levels, its anchors, their training targets and loss, and the proposals it hands to the second
 * stage.
 *
 * <ul>
 *   <li><b>Anchors</b>: {@link RpnConfig#anchorGenerator()} on every level (A per location).
 *   <li><b>Targets</b>: {@link TargetAssigner} with an {@link IoUMatcher} (IoU &ge; 0.7 positive,
 *       &lt; 0.3 negative, ignored between, every logo keeps its best anchors: "low-quality
 *       matches"), a {@link BalancedSampler} (256 anchors per image, at most half positive) and
 *       {@link BoxCoder#rpn()} (weights 1, 1, 1, 1).
 *   <li><b>Loss</b>: {@link RpnLoss}: binary cross-entropy over the sampled anchors plus smooth L1
 *       (β = 1/9) over the sampled positives, both divided by the number sampled.
 *   <li><b>Proposals</b>: deltas decoded on the anchors, then {@link ProposalFilter} (top-N per
 *       level, clip, tiny boxes out, NMS 0.7, top-N). Proposals are constants for the second stage:
 *       approximate joint training, as in torchvision, sends no gradient through them.
 * </ul>
 *
 * <p>Memory: arrays of a call live on the manager of the feature maps (the batch's manager in
 * training), so they are freed with the batch.
 */
public final class RegionProposalNetwork extends AbstractBlock {
    private static final byte VERSION = 1;

    /**
     * The head's outputs on a batch, with the anchors they refer to.
     *
     * @param objectness (B, N) logits
     * @param deltas (B, N, 4) box deltas
     * @param anchors (N, 4) XYXY input pixels, the same for every image
     * @param levelSizes anchors per level (summing to N)
     */
    public record Output(NDArray objectness, NDArray deltas, NDArray anchors, int[] levelSizes) {}

    private final RpnConfig config;
    private final int[] strides;
    private final RpnHead head;
    private final AnchorGenerator anchorGenerator;
    private final TargetAssigner assigner;
    private final ProposalFilter trainFilter;
    private final ProposalFilter testFilter;

    /**
     * @param config the settings
     * @param channels channels of the feature levels (the 3 × 3 conv keeps them)
     * @param strides stride of each level in input pixels, one per anchor level
     */
    public RegionProposalNetwork(RpnConfig config, int channels, int[] strides) {
        super(VERSION);
        this.config = Objects.requireNonNull(config, "config");
        if (strides.length != config.levels()) {
            throw new IllegalArgumentException("The RPN has anchors for " + config.levels() + " levels but the"
                    + " features have " + strides.length + " (strides " + java.util.Arrays.toString(strides) + ")");
        }
        this.strides = strides.clone();
        head = addChildBlock("head", new RpnHead(channels, config.anchorsPerLocation()));
        anchorGenerator = config.anchorGenerator();
        assigner = new TargetAssigner(new IoUMatcher(config.foregroundIoU(), config.backgroundIoU(), true),
                new BalancedSampler(config.batchSizePerImage(), config.positiveFraction(), config.seed()),
                BoxCoder.rpn());
        trainFilter = config.proposalFilter(true);
        testFilter = config.proposalFilter(false);
    }

    /** The settings. */
    public RpnConfig config() {
        return config;
    }

    /** The head block. */
    public RpnHead head() {
        return head;
    }

    /** The anchor generator. */
    public AnchorGenerator anchorGenerator() {
        return anchorGenerator;
    }

    /** Matcher, sampler and coder of the anchor targets. */
    public TargetAssigner targetAssigner() {
        return assigner;
    }

    /** The proposal filter of training or test time. */
    public ProposalFilter proposalFilter(boolean training) {
        return training ? trainFilter : testFilter;
    }

    /**
     * Runs the head on feature levels and lays out the anchors.
     *
     * @param levels one (B, C, H_l, W_l) map per level, finest first
     * @param training DJL's training flag
     */
    public Output run(ParameterStore parameterStore, NDList levels, boolean training,
            PairList<String, Object> params) {
        NDList out = forward(parameterStore, levels, training, params);
        int[][] sizes = new int[levels.size()][];
        float[][] levelStrides = new float[levels.size()][];
        int[] levelSizes = new int[levels.size()];
        for (int l = 0; l < levels.size(); l++) {
            Shape s = levels.get(l).getShape();
            sizes[l] = new int[] {Math.toIntExact(s.get(2)), Math.toIntExact(s.get(3))};
            levelStrides[l] = new float[] {strides[l], strides[l]};
            levelSizes[l] = sizes[l][0] * sizes[l][1] * config.anchorsPerLocation();
        }
        NDArray anchors = anchorGenerator.anchors(levels.head().getManager(), sizes, levelStrides);
        return new Output(out.get(0), out.get(1), anchors, levelSizes);
    }

    /**
     * Anchor targets of a batch (sampled).
     *
     * @param output the head's output (for its anchors)
     * @param targets the batch's ground truth
     * @return (B, N) labels 1 / 0 / -1 and (B, N, 4) box targets
     */
    public TargetAssigner.Targets targets(Output output, DetectionBatch targets) {
        return assigner.assign(output.anchors(), targets);
    }

    /**
     * The two RPN loss terms of a batch.
     *
     * @return NDList(objectness loss, box loss), scalars
     */
    public NDList losses(Output output, DetectionBatch targets) {
        TargetAssigner.Targets t = targets(output, targets);
        return RpnLoss.terms(output.objectness(), output.deltas(), t.matchLabel(), t.boxTarget(), config.boxBeta());
    }

    /** Each anchor moved by its predicted deltas, detached: (B, N, 4) XYXY input pixels. */
    public NDArray decodedAnchors(Output output) {
        NDArray deltas = output.deltas().stopGradient();
        return assigner.coder().decode(deltas, output.anchors().expandDims(0));
    }

    /**
     * The proposals of every image of the batch (no gradient flows through them).
     *
     * @param imageSize side of the square input
     * @param training use the training or the test proposal counts
     */
    public List<Proposals> proposals(Output output, int imageSize, boolean training) {
        ProposalFilter filter = proposalFilter(training);
        NDArray decoded = decodedAnchors(output);
        NDArray logits = output.objectness().stopGradient();
        List<Proposals> result = new ArrayList<>();
        for (int i = 0; i < decoded.getShape().get(0); i++) {
            result.add(filter.apply(decoded.get(i), logits.get(i), output.levelSizes(), imageSize, imageSize));
        }
        return result;
    }

    /**
     * Every filter stage for one image of the batch (pictures: proposals before and after NMS).
     *
     * @param image index in the batch
     */
    public ProposalFilter.Stages proposalStages(Output output, int image, int imageSize, boolean training) {
        NDArray decoded = decodedAnchors(output).get(image);
        return proposalFilter(training).trace(decoded, output.objectness().stopGradient().get(image),
                output.levelSizes(), imageSize, imageSize);
    }

    @Override
    protected NDList forwardInternal(ParameterStore parameterStore, NDList inputs, boolean training,
            PairList<String, Object> params) {
        return head.forward(parameterStore, inputs, training, params);
    }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
        head.initialize(manager, dataType, inputShapes);
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        return head.getOutputShapes(inputShapes);
    }

    @Override
    public String toString() {
        return "RegionProposalNetwork[" + anchorGenerator + ", strides " + java.util.Arrays.toString(strides)
                + ", train " + trainFilter + ", test " + testFilter + "]";
    }
}
