package org.logokit.loss;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.nn.Activation;
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
        // Few whole-array passes, each temporary closed as soon as it is used: a (100k, 32) loss
        // is memory-bound, and arrays that stay alive until their manager closes land on fresh
        // pages (one page fault per 4 KB). Autograd keeps what backward needs, so closing the
        // handles is safe while training. Scalars are floats (not 0-dim float64 arrays), and
        // gamma 1 or 2 avoid pow. 14 passes with alpha and gamma = 2 (torchvision's formula: 17).
        NDArray t = targets.toType(logits.getDataType(), false);
        boolean ownT = t != targets;
        // ce = softplus(x) - x t: binary cross-entropy with logits, stable for large |x|
        NDArray xt = logits.mul(t);
        NDArray softplus = Activation.softPlus(logits);
        NDArray loss = softplus.sub(xt);
        softplus.close();
        xt.close();
        // a = 1 - 2t: -1 for positives, 1 for negatives; both 1 - p_t and alpha_t are linear in it
        NDArray a = null;
        if (gamma != 0 || alpha >= 0) {
            NDArray minus2t = t.mul(-2f);
            a = minus2t.add(1f);
            minus2t.close();
        }
        if (gamma != 0) {
            // 1 - p_t = p + t - 2 p t = p a + t, also for soft targets
            NDArray p = Activation.sigmoid(logits);
            NDArray pa = p.mul(a);
            p.close();
            NDArray oneMinusPt = pa.add(t);
            pa.close();
            NDArray modulating = power(oneMinusPt, gamma);
            if (modulating != oneMinusPt) {
                oneMinusPt.close();
            }
            loss = replace(loss, loss.mul(modulating));
            modulating.close();
        }
        if (ownT) {
            t.close();
        }
        if (alpha >= 0) {
            // alpha_t = alpha t + (1 - alpha)(1 - t) = 1/2 + (1/2 - alpha) a
            NDArray scaled = a.mul((float) (0.5 - alpha));
            NDArray alphaT = scaled.add(0.5f);
            scaled.close();
            loss = replace(loss, loss.mul(alphaT));
            alphaT.close();
        }
        if (a != null) {
            a.close();
        }
        NDArray reduced = reduction.reduce(loss);
        if (reduced != loss) {
            loss.close();
        }
        return reduced;
    }

    /** y^gamma with the cheap forms for gamma 1 and 2 (pow with an array exponent is slow). */
    private static NDArray power(NDArray y, double gamma) {
        if (gamma == 1) {
            return y;
        }
        if (gamma == 2) {
            return y.square();
        }
        return y.pow((float) gamma);
    }

    /** Closes {@code old} and returns {@code next}: for running products. */
    private static NDArray replace(NDArray old, NDArray next) {
        old.close();
        return next;
    }

    /** {@inheritDoc} */
    @Override
    public NDArray evaluate(NDList labels, NDList predictions) {
        return compute(predictions.singletonOrThrow(), labels.singletonOrThrow(), alpha, gamma,
                reduction.orWhenNone(Reduction.SUM));
    }
}
