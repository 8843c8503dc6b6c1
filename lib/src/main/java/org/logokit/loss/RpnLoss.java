package org.logokit.loss;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.DataType;
import ai.djl.training.loss.Loss;

/**
 * Region Proposal Network loss (Faster R-CNN), as torchvision computes it: binary cross-entropy on
 * the objectness logits of the sampled anchors, plus smooth L1 on the box deltas of the sampled
 * positive anchors, both over the same sample.
 *
 * <pre>
 *   objectness = mean over sampled anchors of BCE(logit, label)
 *   box        = sum over sampled positives of smoothL1(delta - target; beta) / number sampled
 *   total      = objectness + boxWeight * box
 * </pre>
 *
 * <p><b>Labels</b> per anchor: 1 = foreground, 0 = background, -1 = not sampled / ignored. Mark the
 * sample first (e.g. 256 anchors per image, at most half positive, with
 * {@code org.logokit.match.BalancedSampler}); anchors left at -1 cost nothing.
 *
 * <p>As a DJL {@link Loss}: labels = NDList((N, A) anchor labels, (N, A, 4) target deltas),
 * predictions = NDList((N, A) objectness logits, (N, A, 4) predicted deltas). Deltas are in the
 * box coder's (dx, dy, dw, dh) encoding; any leading shape works as long as the two agree.
 */
public final class RpnLoss extends Loss {

    private final double beta;
    private final double boxWeight;

    /** torchvision's settings: beta = 1/9, box weight 1. */
    public RpnLoss() {
        this(1.0 / 9, 1.0);
    }

    /**
     * @param beta smooth L1 threshold
     * @param boxWeight weight of the box term
     */
    public RpnLoss(double beta, double boxWeight) {
        super("RpnLoss");
        this.beta = beta;
        this.boxWeight = boxWeight;
    }

    /**
     * The two terms.
     *
     * @param objectness (..., A) logits
     * @param deltas (..., A, 4) predicted deltas
     * @param labels (..., A) 1 / 0 / -1
     * @param targetDeltas (..., A, 4) encoded matched ground-truth boxes
     * @param beta smooth L1 threshold
     * @return NDList(objectness loss, box loss), scalars; both 0 when nothing is sampled
     */
    public static NDList terms(NDArray objectness, NDArray deltas, NDArray labels,
            NDArray targetDeltas, double beta) {
        if (!objectness.getShape().equals(labels.getShape())) {
            throw new IllegalArgumentException("objectness logits " + objectness.getShape()
                    + " and anchor labels " + labels.getShape() + " must have the same shape");
        }
        DataType type = objectness.getDataType();
        NDArray label = labels.toType(type, false);
        NDArray sampled = label.gte(0.0).toType(type, false);
        NDArray positive = label.gt(0.0).toType(type, false);
        NDArray count = sampled.sum().maximum(1f);
        NDArray bce = SigmoidFocalLoss.compute(objectness, positive, -1, 0, Reduction.NONE);
        NDArray objectnessLoss = bce.mul(sampled).sum().div(count);
        NDArray box = SmoothL1Loss.compute(deltas, targetDeltas.toType(type, false), beta)
                .sum(new int[] {-1}).mul(positive).sum().div(count);
        return new NDList(objectnessLoss, box);
    }

    /** {@inheritDoc} */
    @Override
    public NDArray evaluate(NDList labels, NDList predictions) {
        NDList t = terms(predictions.get(0), predictions.get(1), labels.get(0), labels.get(1), beta);
        return t.get(0).add(t.get(1).mul((float) boxWeight));
    }
}
