package org.logokit.detect;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.util.Objects;
import org.logokit.box.BoxCoder;
import org.logokit.match.BalancedSampler;
import org.logokit.match.IoUMatcher;
import org.logokit.nd.Indices;
import org.logokit.nd.Select;

/**
 * From anchors (or proposals) and one image's ground truth to what a head is trained on: the chain
 * matcher → sampler → class encoder → box encoder that every anchor-based detector of the course
 * uses (GluonCV's {@code target.py} chain; torchvision's {@code assign_targets_to_anchors}).
 *
 * <ol>
 *   <li>{@link IoUMatcher}: each anchor gets the ground-truth box it overlaps best, or background,
 *       or "ignore" between the thresholds;
 *   <li>optionally a {@link BalancedSampler}: only a fixed-size minibatch of positives and negatives
 *       counts, the rest becomes "ignore" (Faster R-CNN's 256 anchors, at most half positive);
 *   <li>class targets: {@code gtClass + 1} for positives, 0 (background) for negatives, -1 ignored;
 *   <li>box targets: the matched box encoded against its anchor with the {@link BoxCoder}, zero
 *       where the anchor is not positive.
 * </ol>
 *
 * <p>Convention (DETECTION.md): the match result is two arrays, {@code matchedIndex} (row of the
 * ground truth, or -1) and {@code matchLabel} (1 positive, 0 negative, -1 ignored); a class id never
 * shares an array with a match label. Anchors and boxes are XYXY pixels of the input image.
 */
public final class TargetAssigner {
    /** Match label of a positive anchor (matched to an object, sampled). */
    public static final int POSITIVE = 1;
    /** Match label of a negative anchor (background, sampled). */
    public static final int NEGATIVE = 0;
    /** Match label of an anchor left out of the loss (between thresholds, or not sampled). */
    public static final int IGNORED = -1;

    /**
     * The matcher's verdict per anchor, before sampling.
     *
     * @param matchedIndex (A) int64: the row of the ground-truth box the anchor overlaps best when
     *     it is positive, else -1
     * @param matchLabel (A) int32: {@link #POSITIVE}, {@link #NEGATIVE} or {@link #IGNORED}
     */
    public record Match(NDArray matchedIndex, NDArray matchLabel) {}

    /**
     * Training targets per anchor.
     *
     * @param matchedIndex (..., A) int64 ground-truth row of positive anchors, else -1
     * @param matchLabel (..., A) int32 after sampling: 1 positive, 0 negative, -1 ignored
     * @param classTarget (..., A) int64: {@code gtClass + 1} for positives, 0 for negatives, -1
     *     ignored (so a softmax head has C + 1 outputs with background at 0)
     * @param boxTarget (..., A, 4) float32 encoded deltas of the matched box; 0 unless positive
     */
    public record Targets(NDArray matchedIndex, NDArray matchLabel, NDArray classTarget,
            NDArray boxTarget) {

        /** (..., A) float32 1 where the anchor is positive. */
        public NDArray positiveMask() {
            return matchLabel.eq(POSITIVE).toType(DataType.FLOAT32, false);
        }

        /** (..., A) float32 1 where the anchor counts in the classification loss (not ignored). */
        public NDArray sampledMask() {
            return matchLabel.gte(NEGATIVE).toType(DataType.FLOAT32, false);
        }

        /** Number of positive anchors (a host value). */
        public long positives() {
            return matchLabel.size() == 0 ? 0 : matchLabel.eq(POSITIVE).toType(DataType.INT64, false).sum().getLong();
        }

        /** Number of negative anchors (a host value). */
        public long negatives() {
            return matchLabel.size() == 0 ? 0 : matchLabel.eq(NEGATIVE).toType(DataType.INT64, false).sum().getLong();
        }
    }

    private final IoUMatcher matcher;
    private final BalancedSampler sampler;
    private final BoxCoder coder;

    /**
     * @param matcher how anchors are matched to ground truth
     * @param sampler which matched anchors count, or null for all of them (SSD, RetinaNet)
     * @param coder how a matched box is encoded against its anchor
     */
    public TargetAssigner(IoUMatcher matcher, BalancedSampler sampler, BoxCoder coder) {
        this.matcher = Objects.requireNonNull(matcher, "matcher");
        this.sampler = sampler;
        this.coder = Objects.requireNonNull(coder, "coder");
    }

    /** The matcher. */
    public IoUMatcher matcher() {
        return matcher;
    }

    /** The box coder. */
    public BoxCoder coder() {
        return coder;
    }

    /**
     * Matches anchors to one image's boxes, without sampling (e.g. to draw positives, negatives and
     * ignored anchors).
     *
     * @param anchors (A, 4) XYXY pixels
     * @param gtBoxes (G, 4) XYXY pixels, G may be 0
     * @return the match, on the manager of {@code anchors}
     */
    public Match match(NDArray anchors, NDArray gtBoxes) {
        NDManager manager = anchors.getManager();
        try (NDManager scratch = manager.newSubManager()) {
            NDArray raw = matcher.match(gtBoxes, anchors);
            raw.attach(scratch);
            NDArray label = labelsOf(raw, null);
            NDArray index = matchedIndex(raw, label);
            NDArray matchLabel = label.toType(DataType.INT32, false);
            index.attach(manager);
            matchLabel.attach(manager);
            return new Match(index, matchLabel);
        }
    }

    /**
     * Targets for one image.
     *
     * @param anchors (A, 4) XYXY pixels, positive size
     * @param gtBoxes (G, 4) XYXY pixels, G may be 0 (an image without logos: every sampled anchor
     *     is background)
     * @param gtClasses (G) brand ids 0..C-1
     * @return the targets, on the manager of {@code anchors}
     */
    public Targets assign(NDArray anchors, NDArray gtBoxes, NDArray gtClasses) {
        long g = gtBoxes.getShape().get(0);
        if (gtClasses.getShape().dimension() != 1 || gtClasses.getShape().get(0) != g) {
            throw new IllegalArgumentException("Need one class id per box: " + gtBoxes.getShape()
                    + " boxes but classes " + gtClasses.getShape());
        }
        NDManager manager = anchors.getManager();
        long a = anchors.getShape().get(0);
        try (NDManager scratch = manager.newSubManager()) {
            NDArray raw = matcher.match(gtBoxes, anchors);
            raw.attach(scratch);
            BalancedSampler.Selection selection = sampler == null ? null : sampler.sample(raw);
            if (selection != null) {
                selection.positive().attach(scratch);
                selection.negative().attach(scratch);
            }
            NDArray label = labelsOf(raw, selection); // float32 1 / 0 / -1
            NDArray index = matchedIndex(raw, label);
            NDArray positive = label.eq(POSITIVE);
            NDArray classTarget;
            NDArray boxTarget;
            if (g == 0 || a == 0) {
                classTarget = Select.where(label.eq(NEGATIVE), scratch.zeros(new Shape(1)),
                        scratch.full(new Shape(1), (float) IGNORED)).toType(DataType.INT64, false);
                boxTarget = scratch.zeros(new Shape(a, 4), DataType.FLOAT32);
            } else {
                NDArray safeIndex = index.toType(DataType.FLOAT32, false).maximum(0f);
                NDArray gtClassOfAnchor = Indices.rows(gtClasses.toType(DataType.FLOAT32, false), safeIndex);
                classTarget = Select.where(positive, gtClassOfAnchor.add(1f),
                        Select.where(label.eq(NEGATIVE), scratch.zeros(new Shape(1)),
                                scratch.full(new Shape(1), (float) IGNORED))).toType(DataType.INT64, false);
                NDArray matchedBoxes = Indices.rows(gtBoxes.toType(DataType.FLOAT32, false), safeIndex);
                NDArray encoded = coder.encode(matchedBoxes, anchors.toType(DataType.FLOAT32, false));
                // where, not a product: a zero-size box's log(0) must not leak into the targets as NaN
                boxTarget = Select.where(positive.expandDims(1).broadcast(a, 4), encoded,
                        scratch.zeros(new Shape(1, 1)));
            }
            NDArray matchLabel = label.toType(DataType.INT32, false);
            NDList result = new NDList(index, matchLabel, classTarget, boxTarget);
            result.attach(manager);
            return new Targets(index, matchLabel, classTarget, boxTarget);
        }
    }

    /**
     * Targets for every image of a batch, stacked.
     *
     * @param anchors (A, 4) XYXY pixels, the same for every image
     * @param batch the batch's ground truth
     * @return targets of shape (B, A) and (B, A, 4), on the manager of {@code anchors}
     */
    public Targets assign(NDArray anchors, DetectionBatch batch) {
        NDList index = new NDList();
        NDList label = new NDList();
        NDList cls = new NDList();
        NDList box = new NDList();
        for (int i = 0; i < batch.size(); i++) {
            NDArray gtBoxes = batch.boxes(i);
            NDArray gtClasses = batch.classes(i);
            Targets t = assign(anchors, gtBoxes, gtClasses);
            gtBoxes.close();
            gtClasses.close();
            index.add(t.matchedIndex());
            label.add(t.matchLabel());
            cls.add(t.classTarget());
            box.add(t.boxTarget());
        }
        Targets stacked = new Targets(NDArrays.stack(index), NDArrays.stack(label), NDArrays.stack(cls),
                NDArrays.stack(box));
        index.close();
        label.close();
        cls.close();
        box.close();
        return stacked;
    }

    /** 1 / 0 / -1 as float32, from the matcher's (index, -1 background, -2 ignore) and the sample. */
    private static NDArray labelsOf(NDArray raw, BalancedSampler.Selection selection) {
        NDManager m = raw.getManager();
        if (raw.size() == 0) {
            return m.zeros(new Shape(0), DataType.FLOAT32);
        }
        NDArray one = m.full(new Shape(1), (float) POSITIVE);
        NDArray zero = m.full(new Shape(1), (float) NEGATIVE);
        NDArray ignored = m.full(new Shape(1), (float) IGNORED);
        if (selection != null) {
            return Select.where(selection.positive(), one, Select.where(selection.negative(), zero, ignored));
        }
        NDArray r = raw.toType(DataType.FLOAT32, false);
        return Select.where(r.gte(0f), one, Select.where(r.eq((float) IoUMatcher.BACKGROUND), zero, ignored));
    }

    /** The ground-truth row of positive anchors, -1 elsewhere, int64. */
    private static NDArray matchedIndex(NDArray raw, NDArray label) {
        if (raw.size() == 0) {
            return raw.getManager().zeros(new Shape(0), DataType.INT64);
        }
        NDArray r = raw.toType(DataType.FLOAT32, false);
        return Select.where(label.eq(POSITIVE), r, raw.getManager().full(new Shape(1), -1f))
                .toType(DataType.INT64, false);
    }
}
