package org.logokit.detect.yolo;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.util.Pair;
import ai.djl.util.PairList;

/**
 * Moves what a trained YOLOv2 learnt into a YOLOv2 with more classes (seed 000's onboarding of a
 * new brand): every parameter is copied, and the predicting 1×1 convolution, whose output grows
 * from A·(5 + C) to A·(5 + C') channels, gets the old rows of each anchor (box, objectness and the
 * C old class scores) in their new places; the rows of the new classes keep their fresh
 * initialisation. With the same classes it is a plain copy (e.g. to test a trained detector with
 * other anchors of the same number).
 */
public final class YoloV2Growth {
    private YoloV2Growth() {}

    /**
     * Copies {@code from}'s weights into {@code to}.
     *
     * @param from a trained detector with C classes
     * @param to an initialised detector of the same architecture and number of anchors, with
     *     C' &gt;= C classes whose first C are {@code from}'s in the same order
     * @throws IllegalArgumentException when the architectures, anchor counts or class lists do not fit
     */
    public static void copyGrowing(YoloV2 from, YoloV2 to) {
        int a = from.config().numAnchors();
        int c = from.numClasses();
        int grown = to.numClasses();
        if (to.config().numAnchors() != a) {
            throw new IllegalArgumentException("Both detectors need the same number of anchors (the output layout is"
                    + " A·(5 + C)); got " + a + " and " + to.config().numAnchors());
        }
        if (grown < c || !to.classNames().subList(0, c).equals(from.classNames())) {
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
            Shape os = old.getShape();
            Shape ns = fresh.getShape();
            long rest = os.size() / os.get(0);
            if (os.get(0) != (long) a * (5 + c) || ns.get(0) != (long) a * (5 + grown) || ns.size() / ns.get(0) != rest) {
                throw new IllegalArgumentException("Parameter " + s.getKey() + " has shape " + os + " and " + ns
                        + "; only the predicting layer's A·(5 + C) output rows may differ");
            }
            NDArray oldRows = old.reshape(a, 5 + c, rest);
            NDArray newRows = fresh.reshape(a, 5 + grown, rest).get(":, " + (5 + c) + ":, :");
            NDArray merged = oldRows.concat(newRows, 1).reshape(ns);
            fresh.set(merged.toFloatArray());
            oldRows.close();
            newRows.close();
            merged.close();
        }
    }
}
