package org.logokit.loss;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.training.loss.Loss;

/**
 * Sigmoid focal loss (RetinaNet, Lin et al. 2017), with torchvision's
 * {@code sigmoid_focal_loss} definition.
 *
 * <p>For a logit x and a binary target t: {@code p = sigmoid(x)}, {@code p_t = p} if t = 1 else
 * {@code 1 - p}, and {@code FL = -alpha_t (1 - p_t)^gamma log(p_t)} with {@code alpha_t = alpha} for
 * t = 1 and {@code 1 - alpha} for t = 0. The factor {@code (1 - p_t)^gamma} shrinks the loss of easy,
 * well-classified anchors (mostly background), so the few hard ones dominate training.
 *
 * <p>Conventions: {@code gamma = 0} and {@code alpha < 0} (no weighting, torchvision's "-1")
 * give plain binary cross-entropy with logits; {@code gamma = 0, alpha = 0.5} gives half of it.
 * RetinaNet uses alpha = 0.25, gamma = 2, and divides the SUM by the number of foreground anchors
 * (do that division yourself with {@link Reduction#SUM}).
 *
 * <p>As a DJL {@link Loss}: labels = NDList(targets), predictions = NDList(logits), same shape, e.g.
 * (A, C) with one column per class and all zeros for background anchors.
 */
public final class SigmoidFocalLoss extends Loss {

    private final double alpha;
    private final double gamma;
    private final Reduction reduction;

    /** RetinaNet's alpha = 0.25, gamma = 2, summed. */
    public SigmoidFocalLoss() {
        this(0.25, 2.0, Reduction.SUM);
    }

    /**
     * @param alpha weight of positives in [0, 1]; negative disables the weighting
     * @param gamma focusing exponent {@code >= 0}
     * @param reduction MEAN or SUM
     */
    public SigmoidFocalLoss(double alpha, double gamma, Reduction reduction) {
        super("SigmoidFocalLoss");
        if (!(gamma >= 0)) {
            throw new IllegalArgumentException("gamma must be >= 0, got " + gamma);
        }
        if (alpha > 1) {
            throw new IllegalArgumentException("alpha must be in [0, 1] (or negative to disable), got " + alpha);
        }
        this.alpha = alpha;
        this.gamma = gamma;
        this.reduction = reduction;
    }

    /**
     * Focal loss.
     *
     * @param logits any shape, raw scores (before the sigmoid)
     * @param targets same shape, 0 or 1 (soft targets in [0, 1] work too)
     * @param alpha weight of positives in [0, 1]; negative disables the weighting
     * @param gamma focusing exponent {@code >= 0}
     * @param reduction NONE (per element), MEAN or SUM
     * @return the loss
     */
    public static NDArray compute(NDArray logits, NDArray targets, double alpha, double gamma,
            Reduction reduction) {
        NDArray t = targets.toType(logits.getDataType(), false);
        // stable BCE with logits: max(x,0) - x t + log(1 + exp(-|x|))
        NDArray ce = logits.maximum(0.0).sub(logits.mul(t))
                .add(logits.abs().neg().exp().add(1.0).log());
        NDArray p = logits.neg().exp().add(1.0).pow(-1.0);
        NDArray pt = p.mul(t).add(p.neg().add(1.0).mul(t.neg().add(1.0)));
        NDArray loss = gamma == 0 ? ce : ce.mul(pt.neg().add(1.0).pow(gamma));
        if (alpha >= 0) {
            NDArray alphaT = t.mul(alpha).add(t.neg().add(1.0).mul(1 - alpha));
            loss = loss.mul(alphaT);
        }
        return reduction.reduce(loss);
    }

    /** {@inheritDoc} */
    @Override
    public NDArray evaluate(NDList labels, NDList predictions) {
        return compute(predictions.singletonOrThrow(), labels.singletonOrThrow(), alpha, gamma,
                reduction.orWhenNone(Reduction.SUM));
    }
}
