package org.logokit.detect.yolo;

import org.logokit.detect.ClassGrowth;

/**
 * Moves what a trained YOLOv2 learnt into a YOLOv2 with more classes (seed 000's onboarding of a
 * new brand): {@link ClassGrowth} with one group of rows per anchor. The predicting 1×1
 * convolution's output grows from A·(5 + C) to A·(5 + C') channels; each anchor's old rows (box,
 * objectness and the C old class scores) go to their new places, and the rows of the new classes
 * start fresh (weights from the initialiser, bias at the mean of the anchor's old class biases).
 * With the same classes it is a plain copy (e.g. to test a trained detector with other anchors of
 * the same number).
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
        if (to.config().numAnchors() != a) {
            throw new IllegalArgumentException("Both detectors need the same number of anchors (the output layout is"
                    + " A·(5 + C)); got " + a + " and " + to.config().numAnchors());
        }
        ClassGrowth.copyGrowing(from, to);
    }
}
