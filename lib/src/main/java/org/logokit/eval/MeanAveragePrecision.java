package org.logokit.eval;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Accumulates detections and ground truth image by image, then computes average precision and
 * average recall per class, their means (mAP, mAR), per IoU threshold, per area range and per
 * number of detections, with pycocotools' semantics.
 *
 * <pre>{@code
 * MeanAveragePrecision map = MeanAveragePrecision.coco(numClasses);
 * for (...) { map.add(detections, groundTruth); }
 * DetectionMetrics m = map.compute();
 * m.mean();                        // COCO mAP@[.5:.95]
 * m.meanAt(0.5);                   // mAP@0.5
 * m.mean(AreaRange.SMALL);         // AP of small objects
 * m.meanAverageRecall(10, AreaRange.ALL);   // AR@10
 * }</pre>
 *
 * <p><b>Algorithm</b> (pycocotools {@code COCOeval}): per image and class the detections are
 * sorted by score (stable) and the top {@code max(maxDetections)} kept; per area range the ground
 * truth outside the range is marked ignored and the detections are matched greedily at each IoU
 * threshold ({@link MatchingRule}); a detection matched to an ignored box, or unmatched and itself
 * outside the range, is ignored. Then per class, area range and number of detections m, the first
 * m detections of every image are pooled, sorted once by score (stable: ties keep image order) into
 * a {@link PrecisionRecallCurve} per threshold and integrated with the chosen
 * {@link ApInterpolation}; recall is the curve's final recall. A class without ground truth (in
 * that area range) is <b>absent</b>: its AP and recall are {@link DetectionMetrics#ABSENT} (COCO's
 * -1) and it is left out of the means.
 *
 * <p><b>Classes.</b> {@link #coco(int)}, {@link #voc(int)} and the public constructor take dense
 * ids 0 .. numClasses-1 and reject other labels; {@link Builder#classIds} names any set of ids;
 * without either, every id that appears in the ground truth or the detections is a class.
 *
 * <p>Boxes are XYXY pixels; IoU without +1 (see {@link MatchingRule#VOC_DEVKIT} for the VOC
 * devkit's convention); box areas are (x2 - x1)(y2 - y1). Crowd / difficult flags are not
 * modelled. Plain Java: no NDArrays are kept.
 */
public final class MeanAveragePrecision {

    /** COCO's IoU thresholds 0.50, 0.55, ..., 0.95. */
    public static final double[] COCO_THRESHOLDS = {0.5, 0.55, 0.6, 0.65, 0.7, 0.75, 0.8, 0.85, 0.9, 0.95};
    /** COCO's numbers of detections per image for recall: 1, 10, 100 (AP uses the last). */
    public static final int[] COCO_MAX_DETECTIONS = {1, 10, 100};

    private final int[] fixedClasses;
    private final boolean denseClasses;
    private final double[] thresholds;
    private final ApInterpolation interpolation;
    private final int[] maxDetections;
    private final AreaRange[] areaRanges;
    private final MatchingRule rule;
    private final Map<Integer, ClassRecords> records = new TreeMap<>();
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
        this(builder().classes(numClasses).iouThresholds(iouThresholds).interpolation(interpolation)
                .maxDetections(maxDetectionsPerImage));
    }

    private MeanAveragePrecision(Builder b) {
        if (b.thresholds.length == 0) {
            throw new IllegalArgumentException("give at least one IoU threshold");
        }
        for (double t : b.thresholds) {
            if (!(t > 0 && t <= 1)) {
                throw new IllegalArgumentException("IoU thresholds must be in (0, 1], got " + t);
            }
        }
        if (b.maxDetections.length == 0) {
            throw new IllegalArgumentException("give at least one number of detections per image");
        }
        if (b.areaRanges.length == 0) {
            throw new IllegalArgumentException("give at least one area range (AreaRange.ALL)");
        }
        this.thresholds = b.thresholds.clone();
        this.interpolation = b.interpolation;
        this.maxDetections = new int[b.maxDetections.length];
        for (int i = 0; i < maxDetections.length; i++) {
            maxDetections[i] = b.maxDetections[i] <= 0 ? Integer.MAX_VALUE : b.maxDetections[i];
            if (i > 0 && maxDetections[i] < maxDetections[i - 1]) {
                throw new IllegalArgumentException("numbers of detections must be increasing, got "
                        + Arrays.toString(b.maxDetections));
            }
        }
        this.areaRanges = b.areaRanges.clone();
        this.rule = b.rule;
        this.fixedClasses = b.classIds == null ? null : b.classIds.clone();
        this.denseClasses = b.dense;
        if (fixedClasses != null) {
            for (int c : fixedClasses) {
                records.put(c, new ClassRecords());
            }
            if (records.size() != fixedClasses.length) {
                throw new IllegalArgumentException("class ids must be distinct, got "
                        + Arrays.toString(fixedClasses));
            }
        }
    }

    /** A builder: COCO thresholds, 101-point interpolation, 100 detections, area "all", COCO rule, any class ids. */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * PASCAL VOC style: AP at IoU 0.5, all-point interpolation, all detections kept.
     *
     * @param numClasses number of classes (ids 0 .. numClasses-1)
     * @return an empty accumulator
     */
    public static MeanAveragePrecision voc(int numClasses) {
        return builder().classes(numClasses).iouThresholds(0.5)
                .interpolation(ApInterpolation.VOC_ALL_POINTS).maxDetections(0).build();
    }

    /**
     * COCO style: mAP@[.5:.95], 101-point interpolation, at most 1 / 10 / 100 detections per image
     * and class (AP at 100), area ranges all / small / medium / large: everything pycocotools'
     * {@code summarize()} prints.
     *
     * @param numClasses number of classes (ids 0 .. numClasses-1)
     * @return an empty accumulator
     */
    public static MeanAveragePrecision coco(int numClasses) {
        return builder().classes(numClasses).areaRanges(AreaRange.COCO)
                .maxDetections(COCO_MAX_DETECTIONS).build();
    }

    /**
     * Adds one image.
     *
     * @param detections its detections (XYXY pixels)
     * @param groundTruth its annotated objects (XYXY pixels)
     * @throws IllegalArgumentException for a label that is not one of the classes
     */
    public void add(ImageDetections detections, ImageGroundTruth groundTruth) {
        checkLabels(detections.labels(), "detection");
        checkLabels(groundTruth.labels(), "ground-truth");
        if (fixedClasses == null) {
            for (int label : groundTruth.labels()) {
                records.computeIfAbsent(label, c -> new ClassRecords());
            }
            for (int label : detections.labels()) {
                records.computeIfAbsent(label, c -> new ClassRecords());
            }
        }
        for (Map.Entry<Integer, ClassRecords> entry : records.entrySet()) {
            addClass(entry.getKey(), entry.getValue(), detections, groundTruth);
        }
        images++;
    }

    private void addClass(int c, ClassRecords rec, ImageDetections detections,
            ImageGroundTruth groundTruth) {
        int[] gtIdx = indicesOf(groundTruth.labels(), c);
        int[] detIdx = indicesOf(detections.labels(), c);
        if (gtIdx.length == 0 && detIdx.length == 0) {
            return;
        }
        int[] order = byDecreasingScore(detections.scores(), detIdx);
        int kept = Math.min(order.length, maxDetections[maxDetections.length - 1]);
        float[][] detBoxes = new float[kept][];
        float[] detScores = new float[kept];
        for (int i = 0; i < kept; i++) {
            detBoxes[i] = detections.boxes()[order[i]];
            detScores[i] = detections.scores()[order[i]];
        }
        float[][] gtBoxes = new float[gtIdx.length][];
        for (int j = 0; j < gtIdx.length; j++) {
            gtBoxes[j] = groundTruth.boxes()[gtIdx[j]];
        }
        double[][] iou = new double[kept][gtBoxes.length];
        for (int i = 0; i < kept; i++) {
            for (int j = 0; j < gtBoxes.length; j++) {
                iou[i][j] = BoxArrays.iou(detBoxes[i], gtBoxes[j]);
            }
        }
        for (int a = 0; a < areaRanges.length; a++) {
            AreaRange range = areaRanges[a];
            boolean[] gtIgnored = new boolean[gtBoxes.length];
            int inRange = 0;
            for (int j = 0; j < gtBoxes.length; j++) {
                gtIgnored[j] = !range.contains(area(gtBoxes[j]));
                inRange += gtIgnored[j] ? 0 : 1;
            }
            int[] gtOrder = new int[gtBoxes.length];
            int next = 0;
            for (int pass = 0; pass < 2; pass++) {
                for (int j = 0; j < gtBoxes.length; j++) {
                    if (gtIgnored[j] == (pass == 1)) {
                        gtOrder[next++] = j;
                    }
                }
            }
            RangeRecords r = rec.range(a, areaRanges.length);
            r.numGroundTruth += inRange;
            boolean[][] matched = new boolean[thresholds.length][kept];
            boolean[][] ignored = new boolean[thresholds.length][kept];
            for (int t = 0; t < thresholds.length; t++) {
                int[] match = GreedyMatcher.match(iou, gtIgnored, gtOrder, thresholds[t], rule);
                for (int i = 0; i < kept; i++) {
                    matched[t][i] = match[i] >= 0;
                    ignored[t][i] = match[i] >= 0 ? gtIgnored[match[i]]
                            : !range.contains(area(detBoxes[i]));
                }
            }
            for (int i = 0; i < kept; i++) {
                boolean[] m = new boolean[thresholds.length];
                boolean[] g = new boolean[thresholds.length];
                for (int t = 0; t < thresholds.length; t++) {
                    m[t] = matched[t][i];
                    g[t] = ignored[t][i];
                }
                r.add(detScores[i], i, m, g);
            }
        }
    }

    /**
     * Computes AP and recall for every class, threshold, area range and number of detections from
     * everything added so far.
     *
     * @return the metrics (the accumulator stays usable)
     */
    public DetectionMetrics compute() {
        int k = records.size();
        int[] classIds = new int[k];
        int[][] numGroundTruth = new int[k][areaRanges.length];
        double[][][] ap = new double[k][areaRanges.length][thresholds.length];
        double[][][][] recall = new double[k][areaRanges.length][maxDetections.length][thresholds.length];
        PrecisionRecallCurve[][][] curves = new PrecisionRecallCurve[k][areaRanges.length][thresholds.length];
        int ci = 0;
        for (Map.Entry<Integer, ClassRecords> entry : records.entrySet()) {
            classIds[ci] = entry.getKey();
            for (int a = 0; a < areaRanges.length; a++) {
                RangeRecords r = entry.getValue().range(a, areaRanges.length);
                numGroundTruth[ci][a] = r.numGroundTruth;
                for (int m = 0; m < maxDetections.length; m++) {
                    boolean last = m == maxDetections.length - 1;
                    for (int t = 0; t < thresholds.length; t++) {
                        PrecisionRecallCurve curve = r.curve(t, maxDetections[m]);
                        if (r.numGroundTruth == 0) {
                            recall[ci][a][m][t] = DetectionMetrics.ABSENT;
                        } else {
                            recall[ci][a][m][t] = curve.size() == 0 ? 0 : curve.recall()[curve.size() - 1];
                        }
                        if (last) {
                            curves[ci][a][t] = curve;
                            ap[ci][a][t] = curve.averagePrecision(interpolation);
                        }
                    }
                }
            }
            ci++;
        }
        return new DetectionMetrics(classIds, thresholds.clone(), areaRanges.clone(),
                maxDetections.clone(), ap, recall, curves, numGroundTruth, images);
    }

    private void checkLabels(int[] labels, String what) {
        if (fixedClasses == null) {
            return;
        }
        for (int label : labels) {
            if (!records.containsKey(label)) {
                if (denseClasses) {
                    throw new IllegalArgumentException(what + " label " + label + " is outside 0.."
                            + (fixedClasses.length - 1) + "; map class names to ids"
                            + " 0..numClasses-1 first, or build the evaluator with classIds(...)"
                            + " or without classes to accept any ids");
                }
                throw new IllegalArgumentException(what + " label " + label + " is not one of the"
                        + " evaluated classes " + Arrays.toString(fixedClasses));
            }
        }
    }

    private static double area(float[] box) {
        return Math.max(0, box[2] - box[0]) * (double) Math.max(0, box[3] - box[1]);
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

    /** Stable sort of the given detection indices by decreasing score (pycocotools: mergesort). */
    static int[] byDecreasingScore(float[] scores, int[] indices) {
        Integer[] order = new Integer[indices.length];
        for (int i = 0; i < order.length; i++) {
            order[i] = indices[i];
        }
        Arrays.sort(order, (p, q) -> Float.compare(scores[q], scores[p]));
        int[] out = new int[order.length];
        for (int i = 0; i < out.length; i++) {
            out[i] = order[i];
        }
        return out;
    }

    /** Per class: one record set per area range. */
    private static final class ClassRecords {
        private RangeRecords[] ranges;

        RangeRecords range(int a, int count) {
            if (ranges == null) {
                ranges = new RangeRecords[count];
                for (int i = 0; i < count; i++) {
                    ranges[i] = new RangeRecords();
                }
            }
            return ranges[a];
        }
    }

    /** Growable per-class, per-area storage of the detections in the order they were added. */
    private static final class RangeRecords {
        final List<Float> scores = new ArrayList<>();
        final List<Integer> ranks = new ArrayList<>();
        final List<boolean[]> matched = new ArrayList<>();
        final List<boolean[]> ignored = new ArrayList<>();
        int numGroundTruth;

        void add(float score, int rank, boolean[] m, boolean[] g) {
            scores.add(score);
            ranks.add(rank);
            matched.add(m);
            ignored.add(g);
        }

        /** The curve at threshold t from the first {@code maxDet} detections of each image. */
        PrecisionRecallCurve curve(int t, int maxDet) {
            List<Integer> kept = new ArrayList<>();
            for (int i = 0; i < scores.size(); i++) {
                if (ranks.get(i) < maxDet && !ignored.get(i)[t]) {
                    kept.add(i);
                }
            }
            // stable: equal scores keep the order in which images were added
            kept.sort((p, q) -> Float.compare(scores.get(q), scores.get(p)));
            double[] sorted = new double[kept.size()];
            boolean[] tp = new boolean[kept.size()];
            for (int i = 0; i < kept.size(); i++) {
                sorted[i] = scores.get(kept.get(i));
                tp[i] = matched.get(kept.get(i))[t];
            }
            return PrecisionRecallCurve.fromSorted(sorted, tp, numGroundTruth);
        }
    }

    /** Builder for {@link MeanAveragePrecision}. */
    public static final class Builder {
        private int[] classIds;
        private boolean dense;
        private double[] thresholds = COCO_THRESHOLDS.clone();
        private ApInterpolation interpolation = ApInterpolation.COCO_101_POINTS;
        private int[] maxDetections = {100};
        private AreaRange[] areaRanges = {AreaRange.ALL};
        private MatchingRule rule = MatchingRule.COCO;

        private Builder() {}

        /** Dense class ids 0 .. numClasses-1; other labels are rejected. */
        public Builder classes(int numClasses) {
            if (numClasses <= 0) {
                throw new IllegalArgumentException("numClasses must be positive, got " + numClasses);
            }
            this.classIds = new int[numClasses];
            for (int c = 0; c < numClasses; c++) {
                classIds[c] = c;
            }
            this.dense = true;
            return this;
        }

        /**
         * Exactly these class ids (any integers, e.g. COCO's 1..90 with gaps); other labels are
         * rejected. Without this call every id that appears is a class.
         */
        public Builder classIds(int... ids) {
            if (ids.length == 0) {
                throw new IllegalArgumentException("give at least one class id");
            }
            this.classIds = ids.clone();
            this.dense = false;
            return this;
        }

        /** IoU thresholds in (0, 1] (default COCO's 0.50:0.05:0.95). */
        public Builder iouThresholds(double... thresholds) {
            this.thresholds = thresholds.clone();
            return this;
        }

        /** How a curve becomes AP (default COCO's 101 points). */
        public Builder interpolation(ApInterpolation interpolation) {
            this.interpolation = java.util.Objects.requireNonNull(interpolation, "interpolation");
            return this;
        }

        /**
         * Numbers of detections per image and class to evaluate, increasing (COCO: 1, 10, 100);
         * AP uses the last; {@code <= 0} means all.
         */
        public Builder maxDetections(int... maxDetections) {
            this.maxDetections = maxDetections.clone();
            return this;
        }

        /** Area ranges to evaluate (default {@link AreaRange#ALL}; COCO: {@link AreaRange#COCO}). The first is the headline one. */
        public Builder areaRanges(AreaRange... ranges) {
            this.areaRanges = ranges.clone();
            return this;
        }

        /** The matching rule (default {@link MatchingRule#COCO}). */
        public Builder matching(MatchingRule rule) {
            this.rule = java.util.Objects.requireNonNull(rule, "rule");
            return this;
        }

        /** Builds an empty accumulator. */
        public MeanAveragePrecision build() {
            return new MeanAveragePrecision(this);
        }
    }
}
