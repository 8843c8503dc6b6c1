package org.logokit.loss;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.DataType;
import ai.djl.training.loss.Loss;
import org.logokit.match.HardNegativeMiner;

/**
 * SSD's MultiBox loss (Liu et al. 2016): smooth L1 localisation on the positive anchors plus
 * softmax confidence on the positives and on the hardest background anchors (3 per positive by
 * default, chosen by {@link HardNegativeMiner}), the sum divided by the number of positives.
 *
 * <pre>
 *   L = (L_conf + alpha L_loc) / max(1, numPositives)
 *   L_loc  = sum over positives of smoothL1(delta - target; beta = 1), over (cx, cy, w, h)
 *   L_conf = sum over positives and mined negatives of CE(logits, label)
 * </pre>
 *
 * <p><b>Labels</b> per anchor: 0 = background, k &gt; 0 = class k, -1 = ignore (never a hard
 * negative, no loss). The negatives are mined on the cross-entropy values without gradient; the
 * mining is per image, positives counted per image, the normaliser over the whole batch.
 *
 * <p>As a DJL {@link Loss}: labels = NDList((N, A) anchor labels, (N, A, 4) target deltas (SSD
 * encoding)), predictions = NDList((N, A, K+1) class logits, (N, A, 4) predicted deltas).
 */
public final class MultiBoxLoss extends Loss {

    /** Added to the mining score of ignored anchors so they are never picked as hard negatives. */
    private static final float NEVER = -1e30f;

    private final HardNegativeMiner miner;
    private final double alpha;

    /** SSD's settings: 3 negatives per positive, alpha = 1. */
    public MultiBoxLoss() {
        this(3, 1.0);
    }

    /**
     * @param negativesPerPositive hard negatives kept per positive anchor
     * @param alpha weight of the localisation term
     */
    public MultiBoxLoss(double negativesPerPositive, double alpha) {
        super("MultiBoxLoss");
        this.miner = new HardNegativeMiner(negativesPerPositive);
        this.alpha = alpha;
    }

    /**
     * The two normalised terms.
     *
     * @param classLogits (N, A, K+1), class 0 = background
     * @param boxDeltas (N, A, 4)
     * @param labels (N, A) integer labels, -1 = ignore
     * @param targetDeltas (N, A, 4)
     * @return NDList(confidence loss, localisation loss), scalars divided by max(1, positives)
     */
    public NDList terms(NDArray classLogits, NDArray boxDeltas, NDArray labels, NDArray targetDeltas) {
        return new NDList(confidence(classLogits, labels), localisation(boxDeltas, targetDeltas, labels));
    }

    /**
     * The localisation term alone: smooth L1 (β = 1) over the four offsets of every positive anchor,
     * divided by max(1, positives).
     *
     * @param boxDeltas (N, A, 4) predicted offsets
     * @param targetDeltas (N, A, 4) target offsets (read at positives only)
     * @param labels (N, A) integer labels; positives are &gt; 0
     * @return the scalar localisation loss
     */
    public static NDArray localisation(NDArray boxDeltas, NDArray targetDeltas, NDArray labels) {
        DataType type = boxDeltas.getDataType();
        NDArray positiveF = labels.toType(type, false).gt(0.0).toType(type, false);
        return SmoothL1Loss.compute(boxDeltas, targetDeltas.toType(type, false), 1.0)
                .sum(new int[] {2}).mul(positiveF).sum().div(positiveF.sum().maximum(1f));
    }

    /**
     * The confidence term alone: cross-entropy over the positives and the mined hard negatives,
     * divided by max(1, positives). Detectors that localise with another loss (GIoU, DIoU on
     * decoded boxes) use it with their own box term.
     *
     * @param classLogits (N, A, K+1), class 0 = background
     * @param labels (N, A) integer labels, -1 = ignore
     * @return the scalar confidence loss
     */
    public NDArray confidence(NDArray classLogits, NDArray labels) {
        NDArray ce = perAnchorCrossEntropy(classLogits, labels);
        DataType type = classLogits.getDataType();
        NDArray positiveF = labels.toType(type, false).gt(0.0).toType(type, false);
        NDArray hard = mine(ce, labels);
        return ce.mul(positiveF.add(hard)).sum().div(positiveF.sum().maximum(1f));
    }

    /**
     * Which background anchors the confidence term counts: per image, the
     * {@code negativesPerPositive × positives} background anchors with the highest cross-entropy
     * (all background anchors when there are fewer); never an ignored anchor.
     *
     * @param classLogits (N, A, K+1), class 0 = background
     * @param labels (N, A) integer labels, -1 = ignore
     * @return (N, A) float 1 at the mined negatives (no gradient)
     */
    public NDArray hardNegatives(NDArray classLogits, NDArray labels) {
        return mine(perAnchorCrossEntropy(classLogits, labels), labels).stopGradient();
    }

    private NDArray perAnchorCrossEntropy(NDArray classLogits, NDArray labels) {
        if (classLogits.getShape().dimension() != 3 || labels.getShape().dimension() != 2
                || classLogits.getShape().get(0) != labels.getShape().get(0)
                || classLogits.getShape().get(1) != labels.getShape().get(1)) {
            throw new IllegalArgumentException("class logits must be (N, A, K+1) and labels (N, A);"
                    + " got " + classLogits.getShape() + " and " + labels.getShape());
        }
        long n = classLogits.getShape().get(0);
        long a = classLogits.getShape().get(1);
        long k1 = classLogits.getShape().get(2);
        return CrossEntropyLoss.perRow(classLogits.reshape(n * a, k1), labels.reshape(n * a),
                null, -1).get(0).reshape(n, a);
    }

    /** The hard-negative mask (float) from the per-anchor cross-entropy. */
    private NDArray mine(NDArray ce, NDArray labels) {
        DataType type = ce.getDataType();
        NDArray label = labels.toType(type, false);
        NDArray positive = label.gt(0.0);
        NDArray background = label.eq(0.0).toType(type, false);
        NDArray miningScore = ce.stopGradient().mul(background).add(background.sub(1f).mul(-NEVER));
        return miner.mine(miningScore, positive).toType(type, false).mul(background);
    }

    /** {@inheritDoc} */
    @Override
    public NDArray evaluate(NDList labels, NDList predictions) {
        NDList t = terms(predictions.get(0), predictions.get(1), labels.get(0), labels.get(1));
        return t.get(0).add(t.get(1).mul((float) alpha));
    }
}
