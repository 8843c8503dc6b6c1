package org.logokit.detect.rcnn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import java.util.Locale;
import org.logokit.box.Boxes;
import org.logokit.box.Nms;
import org.logokit.nd.Indices;

/**
 * From the RPN's decoded anchors and objectness logits of one image to its proposals, in
 * torchvision's order ({@code RegionProposalNetwork.filter_proposals}):
 *
 * <ol>
 *   <li>keep the {@code preNmsTopN} highest logits <em>of each level</em> (all when fewer);
 *   <li>objectness probability = sigmoid(logit);
 *   <li>clip the boxes to the image;
 *   <li>drop boxes with a side below {@code minSize} pixels;
 *   <li>drop boxes scoring below {@code scoreThreshold};
 *   <li>non-maximum suppression at {@code nmsThreshold} IoU, separately per level;
 *   <li>keep the {@code postNmsTopN} best survivors.
 * </ol>
 * Taking the top N before NMS bounds NMS's cost; taking it again after NMS bounds the work of the
 * second stage. The order matters: a box clipped to a sliver is dropped after the top-N choice, so
 * fewer than N may reach NMS.
 *
 * <p>Memory: results on the manager of the input boxes; temporaries in a closed sub-manager.
 * Inputs are treated as constants (callers pass detached arrays: proposals carry no gradient).
 */
public final class ProposalFilter {
    private final int preNmsTopN;
    private final int postNmsTopN;
    private final double nmsThreshold;
    private final double minSize;
    private final double scoreThreshold;

    /**
     * Every stage of the filter for one image, for pictures and tests.
     *
     * @param topN the per-level top-N before anything else (boxes unclipped)
     * @param clipped those boxes clipped, tiny and low-scoring ones dropped: what NMS sees
     * @param afterNms NMS survivors, best first
     * @param proposals the final top-N after NMS
     */
    public record Stages(Proposals topN, Proposals clipped, Proposals afterNms, Proposals proposals) {}

    /**
     * @param preNmsTopN boxes kept per level before NMS (torchvision: 2000 train / 1000 test)
     * @param postNmsTopN proposals kept after NMS (2000 train / 1000 test)
     * @param nmsThreshold IoU above which NMS removes a box (0.7)
     * @param minSize smallest side in pixels (torchvision: 1e-3)
     * @param scoreThreshold smallest objectness probability kept (torchvision: 0)
     */
    public ProposalFilter(int preNmsTopN, int postNmsTopN, double nmsThreshold, double minSize,
            double scoreThreshold) {
        if (preNmsTopN < 1 || postNmsTopN < 1) {
            throw new IllegalArgumentException("preNmsTopN and postNmsTopN must be positive, got "
                    + preNmsTopN + " and " + postNmsTopN);
        }
        if (!(nmsThreshold > 0 && nmsThreshold <= 1)) {
            throw new IllegalArgumentException("nmsThreshold must be in (0, 1], got " + nmsThreshold);
        }
        this.preNmsTopN = preNmsTopN;
        this.postNmsTopN = postNmsTopN;
        this.nmsThreshold = nmsThreshold;
        this.minSize = minSize;
        this.scoreThreshold = scoreThreshold;
    }

    /** Boxes kept per level before NMS. */
    public int preNmsTopN() {
        return preNmsTopN;
    }

    /** Proposals kept after NMS. */
    public int postNmsTopN() {
        return postNmsTopN;
    }

    /** NMS threshold. */
    public double nmsThreshold() {
        return nmsThreshold;
    }

    /**
     * The proposals of one image.
     *
     * @param boxes (N, 4) decoded anchors, XYXY input pixels, in anchor order (level by level)
     * @param logits (N) objectness logits
     * @param levelSizes anchors per level (summing to N)
     * @param imageWidth input width in pixels
     * @param imageHeight input height in pixels
     */
    public Proposals apply(NDArray boxes, NDArray logits, int[] levelSizes, int imageWidth, int imageHeight) {
        return stages(boxes, logits, levelSizes, imageWidth, imageHeight, false).proposals();
    }

    /** Like {@link #apply} but returns every intermediate stage as well. */
    public Stages trace(NDArray boxes, NDArray logits, int[] levelSizes, int imageWidth, int imageHeight) {
        return stages(boxes, logits, levelSizes, imageWidth, imageHeight, true);
    }

    private Stages stages(NDArray boxes, NDArray logits, int[] levelSizes, int imageWidth, int imageHeight,
            boolean keepStages) {
        long n = logits.size();
        if (boxes.getShape().dimension() != 2 || boxes.getShape().get(0) != n || boxes.getShape().get(1) != 4) {
            throw new IllegalArgumentException("boxes must be (N, 4) for N = " + n + " logits, got "
                    + boxes.getShape());
        }
        long total = 0;
        for (int size : levelSizes) {
            total += size;
        }
        if (total != n) {
            throw new IllegalArgumentException("level sizes add up to " + total + " but there are " + n
                    + " anchors");
        }
        NDManager manager = boxes.getManager();
        try (NDManager scratch = manager.newSubManager()) {
            NDArray flatLogits = logits.toType(DataType.FLOAT32, false).reshape(-1);
            NDArray allBoxes = boxes.toType(DataType.FLOAT32, false);
            flatLogits.attach(scratch);
            allBoxes.attach(scratch);
            // 1. top N of each level, as indices into the whole anchor list, with the level of each
            NDList chosen = new NDList();
            NDList levels = new NDList();
            long offset = 0;
            for (int level = 0; level < levelSizes.length; level++) {
                int size = levelSizes[level];
                if (size > 0) {
                    NDArray levelLogits = flatLogits.get(offset + ":" + (offset + size));
                    NDArray top = Nms.topK(levelLogits, preNmsTopN).add(offset);
                    chosen.add(top);
                    levels.add(scratch.full(new Shape(top.size()), level, DataType.INT64));
                }
                offset += size;
            }
            NDArray index = chosen.size() == 1 ? chosen.head() : NDArrays.concat(chosen, 0);
            NDArray level = levels.size() == 1 ? levels.head() : NDArrays.concat(levels, 0);
            NDArray topBoxes = Indices.rows(allBoxes, index);
            // 2. probabilities
            NDArray topScores = Activation.sigmoid(Indices.rows(flatLogits, index));
            Proposals topN = keepStages ? new Proposals(topBoxes, topScores) : null;
            // 3.-5. clip, drop tiny and low-scoring boxes
            NDArray clipped = Boxes.clip(topBoxes, imageWidth, imageHeight);
            NDArray keep = Boxes.removeSmall(clipped, minSize);
            clipped = Indices.rows(clipped, keep);
            NDArray scores = Indices.rows(topScores, keep);
            level = Indices.rows(level, keep);
            if (scoreThreshold > 0) {
                NDArray confident = Nms.aboveScore(scores, scoreThreshold - 1e-12);
                clipped = Indices.rows(clipped, confident);
                scores = Indices.rows(scores, confident);
                level = Indices.rows(level, confident);
            }
            Proposals beforeNms = keepStages ? new Proposals(clipped, scores) : null;
            // 6. NMS within each level
            NDArray survivors = levelSizes.length == 1
                    ? Nms.nms(clipped, scores, nmsThreshold)
                    : Nms.batched(clipped, scores, level, nmsThreshold);
            NDArray nmsBoxes = Indices.rows(clipped, survivors);
            NDArray nmsScores = Indices.rows(scores, survivors);
            Proposals afterNms = keepStages ? new Proposals(nmsBoxes, nmsScores) : null;
            // 7. top N after NMS (survivors come best first)
            NDArray finalBoxes = nmsBoxes;
            NDArray finalScores = nmsScores;
            if (nmsScores.size() > postNmsTopN) {
                finalBoxes = nmsBoxes.get("0:" + postNmsTopN);
                finalScores = nmsScores.get("0:" + postNmsTopN);
            }
            Proposals proposals = new Proposals(finalBoxes, finalScores);
            Stages stages = new Stages(topN, beforeNms, afterNms, proposals);
            attach(stages, manager);
            return stages;
        }
    }

    private static void attach(Stages stages, NDManager manager) {
        for (Proposals p : new Proposals[] {stages.topN(), stages.clipped(), stages.afterNms(), stages.proposals()}) {
            if (p != null) {
                p.boxes().attach(manager);
                p.scores().attach(manager);
            }
        }
    }

    @Override
    public String toString() {
        return String.format(Locale.ROOT, "ProposalFilter[top %d per level, clip, min side %.3g, score >= %.3g,"
                + " NMS %.2f, top %d]", preNmsTopN, minSize, scoreThreshold, nmsThreshold, postNmsTopN);
    }
}
