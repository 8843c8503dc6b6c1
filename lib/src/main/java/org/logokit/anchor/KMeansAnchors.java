package org.logokit.anchor;

import java.util.Arrays;
import java.util.Random;
import org.logokit.box.BoxCheck;
import org.logokit.box.IoU;
import org.logokit.box.IoUKind;

/**
 * Anchor shapes from data, the YOLOv2 way: k-means on the (width, height) of the training boxes
 * with the distance {@code d(box, centroid) = 1 - IoU(box, centroid)}, where both boxes are placed
 * at a common centre (only their shapes matter). Unlike Euclidean k-means, this does not let
 * large boxes dominate.
 *
 * <p><b>One step</b> ({@link #step}): every box is assigned to the centroid it overlaps best
 * ({@link #assign}; ties go to the lower centroid index), then every centroid moves to the mean
 * width and mean height of its boxes. <b>Empty clusters:</b> a centroid that received no box moves
 * to the box that is fitted worst, i.e. whose best IoU with the current centroids is lowest (ties:
 * the lower box index); if several clusters are empty in the same step, each takes a different
 * box, in centroid order. This keeps k distinct anchors instead of losing one.
 *
 * <p><b>Fitting</b> ({@link #fit}) repeats steps until no assignment changes (or
 * {@code maxIterations}), starting either from given centroids or, by default, from k-means++
 * seeding (the first centroid drawn uniformly, each next one with probability proportional to
 * d^2) with a {@link Random} of a fixed seed, so results are reproducible. Fitted anchors come back
 * sorted by increasing area.
 *
 * <p>This is offline analysis on plain Java arrays: sizes are in whatever unit the caller uses
 * (pixels, or grid cells for YOLO); overlaps come from the kit's IoU core ({@link IoU}).
 */
public final class KMeansAnchors {
    /**
     * The anchors found and how well they fit.
     *
     * @param anchors (k, 2) rows (width, height), sorted by increasing area
     * @param meanIoU mean over boxes of the best centre-aligned IoU with any anchor
     * @param assignment cluster of each box, as an index into {@code anchors}
     * @param iterations Lloyd iterations run
     */
    public record Result(float[][] anchors, double meanIoU, int[] assignment, int iterations) {}

    private final long seed;
    private final int maxIterations;

    /**
     * @param seed seed of the k-means++ initialisation
     * @param maxIterations upper bound on Lloyd iterations (stops earlier on convergence)
     */
    public KMeansAnchors(long seed, int maxIterations) {
        if (maxIterations < 1) {
            throw new IllegalArgumentException("maxIterations must be >= 1, got " + maxIterations);
        }
        this.seed = seed;
        this.maxIterations = maxIterations;
    }

    /** Seed 0 and at most 300 iterations. */
    public KMeansAnchors() {
        this(0, 300);
    }

    /**
     * IoU of two boxes of sizes (w1, h1) and (w2, h2) placed at the same centre:
     * {@code min(w1, w2) min(h1, h2) / (w1 h1 + w2 h2 - intersection)}.
     */
    public static double alignedIoU(double w1, double h1, double w2, double h2) {
        // Two boxes sharing a corner overlap exactly as much as two sharing a centre.
        return IoU.of(0, 0, w1, h1, 0, 0, w2, h2, IoUKind.IOU);
    }

    /**
     * Mean over boxes of the best centre-aligned IoU with any anchor (the "Avg IoU" of the YOLOv2
     * paper).
     *
     * @param wh (n, 2) box sizes (width, height), positive
     * @param anchors (k, 2) anchor sizes (width, height), positive
     */
    public static double meanIoU(float[][] wh, float[][] anchors) {
        checkSizes(wh, "boxes");
        checkSizes(anchors, "anchors");
        double total = 0;
        for (float[] box : wh) {
            double best = 0;
            for (float[] anchor : anchors) {
                best = Math.max(best, alignedIoU(box[0], box[1], anchor[0], anchor[1]));
            }
            total += best;
        }
        return total / wh.length;
    }

    /**
     * Widths and heights of XYXY boxes (absolute pixels, w = x2 - x1), the input k-means needs.
     *
     * @param xyxy (n, 4) boxes as (x1, y1, x2, y2)
     * @return (n, 2) rows (width, height)
     */
    public static float[][] widthsHeights(float[][] xyxy) {
        float[][] wh = new float[xyxy.length][];
        for (int i = 0; i < xyxy.length; i++) {
            BoxCheck.requireBox(xyxy[i], String.valueOf(i));
            wh[i] = new float[] {xyxy[i][2] - xyxy[i][0], xyxy[i][3] - xyxy[i][1]};
        }
        return wh;
    }

    /**
     * Clusters box shapes into k anchors, starting from k-means++ seeding.
     *
     * @param wh (n, 2) box sizes (width, height), all positive and finite
     * @param k number of anchors, 1 &le; k &le; n
     * @return anchors sorted by area, their mean IoU, assignments and iteration count
     * @throws IllegalArgumentException for bad sizes or k
     */
    public Result fit(float[][] wh, int k) {
        checkSizes(wh, "boxes");
        int n = wh.length;
        if (k < 1 || k > n) {
            throw new IllegalArgumentException("k must be between 1 and the number of boxes ("
                    + n + "), got " + k + ".");
        }
        double[][] boxes = toDoubles(wh);
        return iterate(boxes, seedPlusPlus(boxes, k, new Random(seed)));
    }

    /**
     * Clusters box shapes starting from the given centroids (e.g. anchors fitted earlier, or a
     * hand-made start for a worked example).
     *
     * @param wh (n, 2) box sizes (width, height), all positive and finite
     * @param initialCentroids (k, 2) starting anchors (width, height), positive; not modified
     * @return anchors sorted by area, their mean IoU, assignments and iteration count
     */
    public Result fit(float[][] wh, float[][] initialCentroids) {
        checkSizes(wh, "boxes");
        checkSizes(initialCentroids, "initial centroids");
        return iterate(toDoubles(wh), toDoubles(initialCentroids));
    }

    /**
     * The cluster of each box: the centroid with the highest centre-aligned IoU, i.e. the lowest
     * distance 1 - IoU (ties: the lower centroid index).
     *
     * @param wh (n, 2) box sizes (width, height), positive
     * @param centroids (k, 2) centroid sizes, positive
     * @return n indices into {@code centroids}
     */
    public static int[] assign(float[][] wh, float[][] centroids) {
        checkSizes(wh, "boxes");
        checkSizes(centroids, "centroids");
        int[] assignment = new int[wh.length];
        assign(toDoubles(wh), toDoubles(centroids), assignment, new double[wh.length]);
        return assignment;
    }

    /**
     * One k-means step: assign every box to its closest centroid, then move every centroid to the
     * mean width and height of its boxes (empty clusters: see the class comment).
     *
     * @param wh (n, 2) box sizes (width, height), positive
     * @param centroids (k, 2) the current centroids, positive; not modified
     * @return the moved centroids (same order as given, not sorted) and the assignment to the
     *     centroids given
     */
    public static Step step(float[][] wh, float[][] centroids) {
        checkSizes(wh, "boxes");
        checkSizes(centroids, "centroids");
        double[][] boxes = toDoubles(wh);
        double[][] moved = toDoubles(centroids);
        int[] assignment = new int[wh.length];
        double[] bestIoU = new double[wh.length];
        assign(boxes, moved, assignment, bestIoU);
        update(boxes, moved, assignment, bestIoU);
        return new Step(toFloats(moved), assignment);
    }

    /**
     * The result of one {@link #step}.
     *
     * @param centroids (k, 2) centroids after the update, in the order given
     * @param assignment cluster of each box before the update
     */
    public record Step(float[][] centroids, int[] assignment) {}

    /**
     * Mean IoU for k = 1 .. kMax anchors: the "mean IoU vs number of anchors" curve (it rises
     * steeply, then flattens; on logo data the gain becomes small after about 5 anchors).
     *
     * @param wh (n, 2) box sizes (width, height)
     * @param kMax largest k, at most n
     * @return array of length kMax; entry k - 1 is the mean IoU with k anchors
     */
    public double[] meanIoUCurve(float[][] wh, int kMax) {
        double[] curve = new double[kMax];
        for (int k = 1; k <= kMax; k++) {
            curve[k - 1] = fit(wh, k).meanIoU();
        }
        return curve;
    }

    private Result iterate(double[][] boxes, double[][] centroids) {
        int n = boxes.length;
        int[] assignment = new int[n];
        Arrays.fill(assignment, -1);
        int[] next = new int[n];
        double[] bestIoU = new double[n];
        int iterations = 0;
        boolean changed = true;
        while (changed && iterations < maxIterations) {
            iterations++;
            assign(boxes, centroids, next, bestIoU);
            changed = !Arrays.equals(next, assignment);
            System.arraycopy(next, 0, assignment, 0, n);
            update(boxes, centroids, assignment, bestIoU);
        }
        // Final assignment against the final centroids, so meanIoU and assignment agree.
        assign(boxes, centroids, assignment, bestIoU);
        return sortedResult(centroids, assignment, bestIoU, iterations);
    }

    /** k-means++ seeding with d = 1 - IoU. */
    private static double[][] seedPlusPlus(double[][] boxes, int k, Random random) {
        int n = boxes.length;
        double[][] centroids = new double[k][];
        int first = random.nextInt(n);
        centroids[0] = boxes[first].clone();
        double[] d2 = new double[n];
        Arrays.fill(d2, Double.POSITIVE_INFINITY);
        for (int c = 1; c < k; c++) {
            double total = 0;
            for (int i = 0; i < n; i++) {
                double d = 1 - alignedIoU(boxes[i][0], boxes[i][1], centroids[c - 1][0],
                        centroids[c - 1][1]);
                d2[i] = Math.min(d2[i], d * d);
                total += d2[i];
            }
            int pick;
            if (total <= 0) {
                // Every box already coincides with a centroid: any choice is as good.
                pick = random.nextInt(n);
            } else {
                double target = random.nextDouble() * total;
                pick = n - 1;
                double running = 0;
                for (int i = 0; i < n; i++) {
                    running += d2[i];
                    if (running > target && d2[i] > 0) {
                        pick = i;
                        break;
                    }
                }
            }
            centroids[c] = boxes[pick].clone();
        }
        return centroids;
    }

    /** Assigns each box to its best centroid (ties: lower index) and records that best IoU. */
    private static void assign(double[][] boxes, double[][] centroids, int[] assignment,
            double[] bestIoU) {
        for (int i = 0; i < boxes.length; i++) {
            int best = 0;
            double bestValue = -1;
            for (int c = 0; c < centroids.length; c++) {
                double iou = alignedIoU(boxes[i][0], boxes[i][1], centroids[c][0], centroids[c][1]);
                if (iou > bestValue) {
                    bestValue = iou;
                    best = c;
                }
            }
            assignment[i] = best;
            bestIoU[i] = bestValue;
        }
    }

    /** Moves each centroid to the mean size of its boxes; re-seeds empty clusters. */
    private static void update(double[][] boxes, double[][] centroids, int[] assignment,
            double[] bestIoU) {
        int k = centroids.length;
        double[] sumW = new double[k];
        double[] sumH = new double[k];
        int[] count = new int[k];
        for (int i = 0; i < boxes.length; i++) {
            sumW[assignment[i]] += boxes[i][0];
            sumH[assignment[i]] += boxes[i][1];
            count[assignment[i]]++;
        }
        double[] fit = bestIoU.clone();
        for (int c = 0; c < k; c++) {
            if (count[c] > 0) {
                centroids[c][0] = sumW[c] / count[c];
                centroids[c][1] = sumH[c] / count[c];
            } else {
                int worst = 0;
                for (int i = 1; i < boxes.length; i++) {
                    if (fit[i] < fit[worst]) {
                        worst = i;
                    }
                }
                centroids[c][0] = boxes[worst][0];
                centroids[c][1] = boxes[worst][1];
                fit[worst] = Double.POSITIVE_INFINITY; // do not hand the same box to two empty clusters
            }
        }
    }

    private static double[][] toDoubles(float[][] wh) {
        double[][] out = new double[wh.length][];
        for (int i = 0; i < wh.length; i++) {
            out[i] = new double[] {wh[i][0], wh[i][1]};
        }
        return out;
    }

    private static float[][] toFloats(double[][] wh) {
        float[][] out = new float[wh.length][];
        for (int i = 0; i < wh.length; i++) {
            out[i] = new float[] {(float) wh[i][0], (float) wh[i][1]};
        }
        return out;
    }

    private static Result sortedResult(double[][] centroids, int[] assignment, double[] bestIoU,
            int iterations) {
        int k = centroids.length;
        Integer[] order = new Integer[k];
        for (int c = 0; c < k; c++) {
            order[c] = c;
        }
        Arrays.sort(order, (p, q) -> Double.compare(centroids[p][0] * centroids[p][1],
                centroids[q][0] * centroids[q][1]));
        int[] newIndex = new int[k];
        float[][] anchors = new float[k][];
        for (int rank = 0; rank < k; rank++) {
            anchors[rank] = new float[] {(float) centroids[order[rank]][0],
                (float) centroids[order[rank]][1]};
            newIndex[order[rank]] = rank;
        }
        int[] relabelled = new int[assignment.length];
        double total = 0;
        for (int i = 0; i < assignment.length; i++) {
            relabelled[i] = newIndex[assignment[i]];
            total += bestIoU[i];
        }
        return new Result(anchors, total / assignment.length, relabelled, iterations);
    }

    private static void checkSizes(float[][] wh, String what) {
        if (wh.length == 0) {
            throw new IllegalArgumentException("No " + what + " given: k-means needs at least one"
                    + " (width, height) pair.");
        }
        for (int i = 0; i < wh.length; i++) {
            if (wh[i].length != 2 || !(wh[i][0] > 0) || !(wh[i][1] > 0)
                    || !Float.isFinite(wh[i][0]) || !Float.isFinite(wh[i][1])) {
                throw new IllegalArgumentException("Entry " + i + " of the " + what + " is "
                        + Arrays.toString(wh[i]) + ": expected (width, height) with both positive"
                        + " and finite. Drop degenerate boxes first.");
            }
        }
    }
}
