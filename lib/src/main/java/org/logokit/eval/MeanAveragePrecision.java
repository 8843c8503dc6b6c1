package org.logokit.eval;

import java.util.Arrays;

/**
 * Accumulates detections and ground truth image by image, then computes average precision per
 * class and its mean (mAP), at one or several IoU thresholds.
 *
 * <pre>{@code
 * MeanAveragePrecision map = MeanAveragePrecision.coco(numClasses);
 * for (...) { map.add(detections, groundTruth); }
 * DetectionMetrics m = map.compute();
 * m.mean();          // COCO mAP@[.5:.95]
 * m.meanAt(0.5);     // mAP@0.5
 * }</pre>
 *
 * <p><b>Algorithm</b> (pycocotools): per image and class, the detections are sorted by score and
 * the top {@code maxDetectionsPerImage} kept; they are matched greedily to the ground truth
 * ({@link GreedyMatcher}); then per class all detections of all images are sorted once by score
 * (stable: ties keep image order) into a {@link PrecisionRecallCurve} per threshold, integrated
 * with the chosen {@link ApInterpolation}. Classes without ground truth have AP NaN and are left out
 * of the means (COCO reports -1). Boxes are XYXY pixels, IoU without +1. Crowd / difficult flags are
 * not modelled. Class ids are 0 .. numClasses-1 (use your own mapping, e.g. logo classes 0..31).
 */
public final class MeanAveragePrecision {

    /** COCO's IoU thresholds 0.50, 0.55, ..., 0.95. */
    public static final double[] COCO_THRESHOLDS = {0.5, 0.55, 0.6, 0.65, 0.7, 0.75, 0.8, 0.85, 0.9, 0.95};

    private final int numClasses;
    private final double[] thresholds;
    private final ApInterpolation interpolation;
    private final int maxDetectionsPerImage;
    private final ClassRecords[] records;
    private int images;

    /**
     * @param numClasses number of object classes (ids 0 .. numClasses-1)
     * @param iouThresholds IoU thresholds in (0, 1], e.g. {0.75, 0.8, 0.85, 0.9, 0.95, 0.99}
     * @param interpolation VOC all-point or COCO 101-point
     * @param maxDetectionsPerImage detections kept per image and class (COCO: 100); {@code <= 0}
     *     keeps all
     */
    public MeanAveragePrecision(int numClasses, double[] iouThresholds,
            ApInterpolation interpolation, int maxDetectionsPerImage) {
        if (numClasses <= 0) {
            throw new IllegalArgumentException("numClasses must be positive, got " + numClasses);
        }
        if (iouThresholds.length == 0) {
            throw new IllegalArgumentException("give at least one IoU threshold");
        }
        for (double t : iouThresholds) {
            if (!(t > 0 && t <= 1)) {
                throw new IllegalArgumentException("IoU thresholds must be in (0, 1], got " + t);
            }
        }
        this.numClasses = numClasses;
        this.thresholds = iouThresholds.clone();
        this.interpolation = interpolation;
        this.maxDetectionsPerImage = maxDetectionsPerImage;
        this.records = new ClassRecords[numClasses];
        for (int c = 0; c < numClasses; c++) {
            records[c] = new ClassRecords(thresholds.length);
        }
    }

    /**
     * PASCAL VOC style: AP at IoU 0.5, all-point interpolation, all detections kept.
     *
     * @param numClasses number of classes
     * @return an empty accumulator
     */
    public static MeanAveragePrecision voc(int numClasses) {
        return new MeanAveragePrecision(numClasses, new double[] {0.5}, ApInterpolation.VOC_ALL_POINTS, 0);
    }

    /**
     * COCO style: mAP@[.5:.95], 101-point interpolation, at most 100 detections per image.
     *
     * @param numClasses number of classes
     * @return an empty accumulator
     */
    public static MeanAveragePrecision coco(int numClasses) {
        return new MeanAveragePrecision(numClasses, COCO_THRESHOLDS, ApInterpolation.COCO_101_POINTS, 100);
    }

    /**
     * Adds one image.
     *
     * @param detections its detections (XYXY pixels)
     * @param groundTruth its annotated objects (XYXY pixels)
     */
    public void add(ImageDetections detections, ImageGroundTruth groundTruth) {
        checkLabels(detections.labels(), "detection");
        checkLabels(groundTruth.labels(), "ground-truth");
        for (int c = 0; c < numClasses; c++) {
            addClass(c, detections, groundTruth);
        }
        images++;
    }

    private void addClass(int c, ImageDetections detections, ImageGroundTruth groundTruth) {
        int[] gtIdx = indicesOf(groundTruth.labels(), c);
        int[] detIdx = indicesOf(detections.labels(), c);
        ClassRecords rec = records[c];
        rec.numGroundTruth += gtIdx.length;
        if (detIdx.length == 0) {
            return;
        }
        // stable sort by decreasing score (pycocotools uses a mergesort)
        Integer[] order = new Integer[detIdx.length];
        for (int i = 0; i < order.length; i++) {
            order[i] = detIdx[i];
        }
        float[] scores = detections.scores();
        Arrays.sort(order, (a, b) -> Float.compare(scores[b], scores[a]));
        int kept = maxDetectionsPerImage > 0 ? Math.min(order.length, maxDetectionsPerImage) : order.length;
        double[][] iou = new double[kept][gtIdx.length];
        for (int i = 0; i < kept; i++) {
            for (int j = 0; j < gtIdx.length; j++) {
                iou[i][j] = BoxArrays.iou(detections.boxes()[order[i]], groundTruth.boxes()[gtIdx[j]]);
            }
        }
        boolean[][] matched = GreedyMatcher.match(iou, gtIdx.length, thresholds);
        for (int i = 0; i < kept; i++) {
            boolean[] flags = new boolean[thresholds.length];
            for (int t = 0; t < thresholds.length; t++) {
                flags[t] = matched[t][i];
            }
            rec.add(scores[order[i]], flags);
        }
    }

    /**
     * Computes AP for every class and threshold from everything added so far.
     *
     * @return the metrics (the accumulator stays usable)
     */
    public DetectionMetrics compute() {
        PrecisionRecallCurve[][] curves = new PrecisionRecallCurve[numClasses][thresholds.length];
        double[][] ap = new double[numClasses][thresholds.length];
        for (int c = 0; c < numClasses; c++) {
            ClassRecords rec = records[c];
            int n = rec.size;
            Integer[] order = new Integer[n];
            for (int i = 0; i < n; i++) {
                order[i] = i;
            }
            Arrays.sort(order, (a, b) -> Double.compare(rec.scores[b], rec.scores[a]));
            double[] sorted = new double[n];
            for (int i = 0; i < n; i++) {
                sorted[i] = rec.scores[order[i]];
            }
            for (int t = 0; t < thresholds.length; t++) {
                boolean[] tp = new boolean[n];
                for (int i = 0; i < n; i++) {
                    tp[i] = rec.matched[order[i] * thresholds.length + t];
                }
                curves[c][t] = PrecisionRecallCurve.fromSorted(sorted, tp, rec.numGroundTruth);
                ap[c][t] = curves[c][t].averagePrecision(interpolation);
            }
        }
        return new DetectionMetrics(thresholds.clone(), ap, curves, images);
    }

    private void checkLabels(int[] labels, String what) {
        for (int label : labels) {
            if (label < 0 || label >= numClasses) {
                throw new IllegalArgumentException(what + " label " + label + " is outside 0.."
                        + (numClasses - 1) + "; map class names to ids 0..numClasses-1 first");
            }
        }
    }

    private static int[] indicesOf(int[] labels, int c) {
        int count = 0;
        for (int l : labels) {
            count += l == c ? 1 : 0;
        }
        int[] idx = new int[count];
        int k = 0;
        for (int i = 0; i < labels.length; i++) {
            if (labels[i] == c) {
                idx[k++] = i;
            }
        }
        return idx;
    }

    /** Growable per-class storage: score and one matched flag per threshold for each detection. */
    private static final class ClassRecords {
        final int numThresholds;
        double[] scores = new double[16];
        boolean[] matched;
        int size;
        int numGroundTruth;

        ClassRecords(int numThresholds) {
            this.numThresholds = numThresholds;
            this.matched = new boolean[16 * numThresholds];
        }

        void add(double score, boolean[] flags) {
            if (size == scores.length) {
                scores = Arrays.copyOf(scores, size * 2);
                matched = Arrays.copyOf(matched, size * 2 * numThresholds);
            }
            scores[size] = score;
            System.arraycopy(flags, 0, matched, size * numThresholds, numThresholds);
            size++;
        }
    }
}
