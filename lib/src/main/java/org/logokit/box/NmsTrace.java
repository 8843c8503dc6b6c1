package org.logokit.box;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.logokit.nd.Ranking;

/**
 * Greedy NMS written out step by step, for explaining it: at every step the highest-scoring box
 * still in play is kept and every remaining box that overlaps it with IoU above the threshold is
 * suppressed. The kept boxes are exactly those of {@link Nms#nms} (same tie rule: equal scores go
 * by the lower index); this class only records the steps, on plain Java arrays, so use it for a
 * handful of boxes and {@link Nms} for real work.
 */
public final class NmsTrace {
    private NmsTrace() {}

    /**
     * One step of greedy NMS.
     *
     * @param kept index of the box kept at this step
     * @param iouWithKept per suppressed box, its IoU with the kept one (same order as
     *     {@code suppressed})
     * @param suppressed indices of the boxes this step removed, by decreasing score
     * @param remaining indices still in play after this step, by decreasing score
     */
    public record Step(int kept, List<Integer> suppressed, double[] iouWithKept,
            List<Integer> remaining) {}

    /**
     * Runs greedy NMS and records every step.
     *
     * @param boxes (N) XYXY boxes {x1, y1, x2, y2}, pixels
     * @param scores (N) scores, no NaN
     * @param iouThreshold boxes with IoU &gt; this with a kept box are suppressed
     * @return the steps in order; their {@code kept} indices are the NMS result
     */
    public static List<Step> run(float[][] boxes, float[] scores, double iouThreshold) {
        BoxCheck.requireBoxes(boxes, "detection");
        if (scores.length != boxes.length) {
            throw new IllegalArgumentException("Need one score per box: " + boxes.length
                    + " boxes but " + scores.length + " scores");
        }
        List<Integer> remaining = new ArrayList<>();
        for (long i : Ranking.descending(scores)) {
            remaining.add((int) i);
        }
        List<Step> steps = new ArrayList<>();
        while (!remaining.isEmpty()) {
            int kept = remaining.remove(0);
            List<Integer> suppressed = new ArrayList<>();
            List<Double> ious = new ArrayList<>();
            List<Integer> next = new ArrayList<>();
            for (int j : remaining) {
                double iou = IoU.of(boxes[kept], boxes[j]);
                if (iou > iouThreshold) {
                    suppressed.add(j);
                    ious.add(iou);
                } else {
                    next.add(j);
                }
            }
            steps.add(new Step(kept, Collections.unmodifiableList(suppressed),
                    ious.stream().mapToDouble(Double::doubleValue).toArray(),
                    Collections.unmodifiableList(new ArrayList<>(next))));
            remaining = next;
        }
        return steps;
    }

    /** The kept indices of a trace, in the order they were kept (by decreasing score). */
    public static int[] kept(List<Step> steps) {
        return steps.stream().mapToInt(Step::kept).toArray();
    }
}
