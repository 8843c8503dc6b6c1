package org.logokit.detect;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.util.Pair;
import ai.djl.util.PairList;

/**
 * Moves what a trained detector learnt into the same detector with more classes (onboarding a new
 * brand): every parameter of the same shape is copied; a predicting layer whose output rows grow
 * gets its old rows in their new places and fresh rows for the new classes only.
 *
 * <p><b>Layout it handles.</b> A growing parameter's first dimension holds {@code g} interleaved
 * groups (YOLOv2: one per anchor, 5 box and objectness rows then C class rows; SSD: one per default
 * box of a location, the background row then C class rows), each ending with its class rows. With
 * C → C' classes, each group gains C' − C rows at its end, so {@code g} follows from the shapes:
 * (new rows − old rows) / (C' − C). A class-major layout (Faster R-CNN's per-class box rows) is not
 * this one and is refused when the shapes do not divide.
 *
 * <p><b>The new rows' start.</b> Weights keep the layer's fresh initialisation (small random
 * values, so the new class can learn its own features); the bias of a new class row starts at the
 * mean bias of its group's old class rows, so the new class begins as likely as an average old brand,
 * neither dominating the old ones nor unreachable. Old rows are copied bit for bit, so the old
 * classes' raw outputs (logits, box offsets) are the trained detector's: bit for bit through a 1×1
 * convolution (YOLOv2's head, measured on both engines), to float rounding through a 3×3 one whose
 * output width changed (SSD's class heads on MXNet, whose convolution then sums in another order).
 * Scores after a softmax over the classes do change: the new class takes its share.
 */
public final class ClassGrowth {
    private ClassGrowth() {}

    /**
     * Copies {@code from}'s weights into {@code to}.
     *
     * @param from a trained detector with C classes
     * @param to an initialised detector of the same architecture with C' &gt;= C classes whose
     *     first C are {@code from}'s, in the same order
     * @throws IllegalArgumentException when the architectures or class lists do not fit
     */
    public static void copyGrowing(Detector from, Detector to) {
        int c = from.numClasses();
        int added = to.numClasses() - c;
        if (added < 0 || !to.classNames().subList(0, c).equals(from.classNames())) {
            throw new IllegalArgumentException("The larger detector's first classes must be the trained one's, in"
                    + " order: " + from.classNames() + " vs " + to.classNames());
        }
        PairList<String, Parameter> source = from.getParameters();
        PairList<String, Parameter> target = to.getParameters();
        if (source.size() != target.size()) {
            throw new IllegalArgumentException("The detectors have different architectures (" + source.size() + " and "
                    + target.size() + " parameters)");
        }
        for (int i = 0; i < source.size(); i++) {
            Pair<String, Parameter> s = source.get(i);
            Pair<String, Parameter> t = target.get(i);
            if (!s.getKey().equals(t.getKey())) {
                throw new IllegalArgumentException("Parameter " + i + " is " + s.getKey() + " in one detector and "
                        + t.getKey() + " in the other: different architectures");
            }
            NDArray old = s.getValue().getArray();
            NDArray fresh = t.getValue().getArray();
            if (old.getShape().equals(fresh.getShape())) {
                fresh.set(old.toFloatArray());
                continue;
            }
            fresh.set(grown(s.getKey(), old, fresh, c, added, s.getValue().getType() == Parameter.Type.BIAS));
        }
    }

    /** The grown parameter's values: per group the old rows, then the new class rows. */
    private static float[] grown(String name, NDArray old, NDArray fresh, int c, int added, boolean bias) {
        Shape os = old.getShape();
        Shape ns = fresh.getShape();
        long oldRows = os.get(0);
        long newRows = ns.get(0);
        long rest = os.size() / oldRows;
        long groups = added == 0 ? 0 : (newRows - oldRows) / added;
        if (groups < 1 || groups * added != newRows - oldRows || oldRows % groups != 0 || ns.size() / newRows != rest
                || oldRows / groups < c) {
            throw new IllegalArgumentException("Parameter " + name + " has shape " + os + " and " + ns + "; only"
                    + " predicting layers whose groups of rows end with the class rows may differ");
        }
        long perGroup = oldRows / groups;
        // host copies on a scope closed here: nothing new stays on the models' managers
        try (NDManager scope = NDManager.newBaseManager()) {
            NDArray oldBlocks = scope.create(old.toFloatArray(), new Shape(groups, perGroup, rest));
            NDArray newBlocks = scope.create(fresh.toFloatArray(), new Shape(groups, perGroup + added, rest))
                    .get(":, " + perGroup + ":, :");
            if (bias && c > 0) {
                // (groups, 1, 1) mean of each group's old class rows, one per new class row
                NDArray classBias = oldBlocks.get(":, " + (perGroup - c) + ":, :").mean(new int[] {1}, true);
                newBlocks = classBias.repeat(1, added);
            }
            return oldBlocks.concat(newBlocks, 1).reshape(ns).toFloatArray();
        }
    }
}
