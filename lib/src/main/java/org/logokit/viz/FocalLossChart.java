package org.logokit.viz;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import org.jfree.chart.JFreeChart;
import org.logokit.loss.Reduction;
import org.logokit.loss.SigmoidFocalLoss;

/**
 * The focal loss FL(p_t) = -(1 - p_t)^γ log(p_t) against the probability p_t of the true class, one
 * curve per γ (Lin et al. 2017, figure 1): γ = 0 is cross-entropy; larger γ flattens the loss of
 * well-classified examples (p_t &gt; 0.5) towards zero while leaving hard ones almost untouched.
 *
 * <p>The values come from the library's {@link SigmoidFocalLoss} itself (logit log(p / (1 - p)),
 * target 1, no α weighting), not from a second formula.
 */
public final class FocalLossChart {
    private FocalLossChart() {}

    /**
     * FL(p_t) at the given probabilities.
     *
     * @param manager where the temporaries go (closed before returning)
     * @param pt probabilities of the true class, each in (0, 1)
     * @param gamma the focusing exponent, &ge; 0
     * @return the loss at each p_t
     */
    public static double[] values(NDManager manager, double[] pt, double gamma) {
        for (double p : pt) {
            if (!(p > 0 && p < 1)) {
                throw new IllegalArgumentException("p_t must lie strictly between 0 and 1, got " + p);
            }
        }
        try (NDManager scratch = manager.newSubManager()) {
            NDArray probability = scratch.create(pt);
            NDArray logits = probability.div(probability.neg().add(1.0)).log();
            NDArray loss = SigmoidFocalLoss.compute(logits, scratch.ones(logits.getShape(), logits.getDataType()), -1,
                    gamma, Reduction.NONE);
            return loss.toDoubleArray();
        }
    }

    /**
     * The chart: p_t from 0.01 to 0.99, one curve per γ.
     *
     * @param manager where the temporaries go
     * @param gammas e.g. {0, 0.5, 1, 2, 5}
     */
    public static JFreeChart chart(NDManager manager, double... gammas) {
        if (gammas.length == 0) {
            throw new IllegalArgumentException("Name at least one gamma, e.g. 0, 0.5, 1, 2, 5");
        }
        int points = 99;
        double[] pt = new double[points];
        for (int i = 0; i < points; i++) {
            pt[i] = (i + 1) / 100.0;
        }
        Map<String, double[]> curves = new LinkedHashMap<>();
        for (double gamma : gammas) {
            String name = String.format(Locale.ROOT, "γ = %s", gamma == Math.rint(gamma)
                    ? String.valueOf((long) gamma) : String.valueOf(gamma)) + (gamma == 0 ? " (cross-entropy)" : "");
            curves.put(name, values(manager, pt, gamma));
        }
        return Charts.line("Focal loss FL(p_t) = -(1 - p_t)^γ log(p_t)", "probability of the true class p_t", "loss",
                pt, curves);
    }
}
