package org.logokit.detect;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.training.loss.Loss;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The loss a detector is trained on: the weighted sum of the named loss terms its training forward
 * returns ({@link Detector#computeLosses}), as one DJL {@link Loss} that {@code EasyTrain} drives
 * unchanged. Besides DJL's running total it keeps a running mean of every term per accumulator key,
 * so a trainer can log {@code rpn_box} and {@code roi_class} separately ({@link #termAverages}).
 *
 * <p>The labels passed to {@link #evaluate} are not used: targets were assigned in the forward pass.
 */
public final class DetectionLoss extends Loss {
    private final List<String> names;
    private final float[] weights;
    private final Map<String, double[]> sums = new ConcurrentHashMap<>();
    private final Map<String, long[]> counts = new ConcurrentHashMap<>();

    private DetectionLoss(List<String> names, float[] weights) {
        super("DetectionLoss");
        this.names = List.copyOf(names);
        this.weights = weights;
    }

    /** The plain sum of the detector's loss terms (every weight 1, as torchvision sums its dict). */
    public static DetectionLoss of(Detector detector) {
        return of(detector, Map.of());
    }

    /**
     * A weighted sum of the detector's terms.
     *
     * @param weights weight per term name; terms not named weigh 1
     * @throws IllegalArgumentException when a weight names no term of the detector
     */
    public static DetectionLoss of(Detector detector, Map<String, Double> weights) {
        List<String> names = detector.lossNames();
        for (String key : weights.keySet()) {
            if (!names.contains(key)) {
                throw new IllegalArgumentException("'" + key + "' is not a loss term of "
                        + detector.getClass().getSimpleName() + "; its terms are " + names);
            }
        }
        float[] w = new float[names.size()];
        for (int i = 0; i < w.length; i++) {
            w[i] = weights.getOrDefault(names.get(i), 1.0).floatValue();
        }
        return new DetectionLoss(names, w);
    }

    /** The term names, in the order the detector returns them. */
    public List<String> termNames() {
        return names;
    }

    /** The weight of each term, by name. */
    public Map<String, Double> weights() {
        Map<String, Double> out = new LinkedHashMap<>();
        for (int i = 0; i < names.size(); i++) {
            out.put(names.get(i), (double) weights[i]);
        }
        return out;
    }

    /**
     * Weighted sum of the terms.
     *
     * @param labels unused (targets are assigned in the detector's forward pass)
     * @param predictions the loss terms, one scalar per name
     */
    @Override
    public NDArray evaluate(NDList labels, NDList predictions) {
        requireTerms(predictions);
        NDArray total = null;
        for (int i = 0; i < names.size(); i++) {
            NDArray term = weights[i] == 1f ? predictions.get(i) : predictions.get(i).mul(weights[i]);
            total = total == null ? term : total.add(term);
        }
        return total;
    }

    @Override
    public void addAccumulator(String key) {
        super.addAccumulator(key);
        sums.put(key, new double[names.size()]);
        counts.put(key, new long[1]);
    }

    @Override
    public void updateAccumulators(String[] keys, NDList labels, NDList predictions) {
        super.updateAccumulators(keys, labels, predictions);
        requireTerms(predictions);
        double[] values = new double[names.size()];
        for (int i = 0; i < values.length; i++) {
            values[i] = predictions.get(i).getFloat();
        }
        for (String key : keys) {
            double[] s = sums.computeIfAbsent(key, k -> new double[names.size()]);
            long[] c = counts.computeIfAbsent(key, k -> new long[1]);
            synchronized (s) {
                for (int i = 0; i < values.length; i++) {
                    s[i] += values[i];
                }
                c[0]++;
            }
        }
    }

    @Override
    public void resetAccumulator(String key) {
        super.resetAccumulator(key);
        sums.put(key, new double[names.size()]);
        counts.put(key, new long[1]);
    }

    /**
     * Mean of each (unweighted) term since the accumulator {@code key} was last reset.
     *
     * @return term name → mean, in term order; NaN values when nothing was accumulated
     */
    public Map<String, Double> termAverages(String key) {
        double[] s = sums.get(key);
        long[] c = counts.get(key);
        Map<String, Double> out = new LinkedHashMap<>();
        for (int i = 0; i < names.size(); i++) {
            out.put(names.get(i), s == null || c[0] == 0 ? Double.NaN : s[i] / c[0]);
        }
        return out;
    }

    private void requireTerms(NDList predictions) {
        if (predictions.size() != names.size()) {
            throw new IllegalArgumentException("Expected the " + names.size() + " loss terms " + names
                    + " of a detector's training forward, got " + predictions.size() + " arrays. Is the"
                    + " model's block the detector this loss was made for?");
        }
    }
}
