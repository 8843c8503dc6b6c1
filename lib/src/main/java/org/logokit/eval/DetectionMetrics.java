package org.logokit.eval;

import java.util.Arrays;
import java.util.Locale;
import java.util.function.IntFunction;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.IntColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;

/**
 * Result of {@link MeanAveragePrecision#compute()}: AP and recall per class, IoU threshold, area
 * range and number of detections, the means over classes (mAP, mAR), and the precision-recall
 * curves behind them.
 *
 * <p><b>Absent classes.</b> A class without ground truth (in an area range) has no AP: its entries
 * are {@link #ABSENT} (-1, as in pycocotools) and it is left out of every mean; a mean over no
 * class at all is ABSENT too. Test with {@link #isAbsent(double)}.
 *
 * <p>Unless an area range or number of detections is named, values are for the first area range
 * (normally {@link AreaRange#ALL}) and the largest number of detections (COCO: 100). Means over
 * "the thresholds" average over every IoU threshold evaluated: AP@[.5:.95] for COCO's thresholds.
 */
public final class DetectionMetrics {
    /** The value of an AP or recall that does not exist (a class without ground truth): -1. */
    public static final double ABSENT = -1;

    private final int[] classIds;
    private final double[] thresholds;
    private final AreaRange[] areaRanges;
    private final int[] maxDetections;
    private final double[][][] ap;
    private final double[][][][] recall;
    private final PrecisionRecallCurve[][][] curves;
    private final int[][] numGroundTruth;
    private final int images;

    DetectionMetrics(int[] classIds, double[] thresholds, AreaRange[] areaRanges, int[] maxDetections,
            double[][][] ap, double[][][][] recall, PrecisionRecallCurve[][][] curves,
            int[][] numGroundTruth, int images) {
        this.classIds = classIds;
        this.thresholds = thresholds;
        this.areaRanges = areaRanges;
        this.maxDetections = maxDetections;
        this.ap = ap;
        this.recall = recall;
        this.curves = curves;
        this.numGroundTruth = numGroundTruth;
        this.images = images;
    }

    /** Whether a value is {@link #ABSENT}. */
    public static boolean isAbsent(double value) {
        return value == ABSENT;
    }

    // ---- means over classes ----

    /**
     * mAP averaged over all thresholds and the classes that have ground truth (COCO's "AP" with
     * the COCO thresholds, VOC's mAP with the single threshold 0.5).
     *
     * @return mean AP, or {@link #ABSENT} when no class has ground truth
     */
    public double mean() {
        return mean(areaRanges[0]);
    }

    /**
     * mAP of one area range over all thresholds (COCO's AP_small, AP_medium, AP_large).
     *
     * @param range one of {@link #areaRanges()}
     * @return mean AP, or {@link #ABSENT}
     */
    public double mean(AreaRange range) {
        int a = areaIndex(range);
        double sum = 0;
        int n = 0;
        for (double[][] perClass : ap) {
            for (double v : perClass[a]) {
                if (!isAbsent(v)) {
                    sum += v;
                    n++;
                }
            }
        }
        return n == 0 ? ABSENT : sum / n;
    }

    /**
     * mAP at one of the thresholds, e.g. {@code meanAt(0.5)} or {@code meanAt(0.75)}.
     *
     * @param iouThreshold one of {@link #thresholds()}
     * @return mean over classes with ground truth, {@link #ABSENT} if none
     */
    public double meanAt(double iouThreshold) {
        return meanAt(iouThreshold, areaRanges[0]);
    }

    /** mAP at one threshold in one area range. */
    public double meanAt(double iouThreshold, AreaRange range) {
        int t = indexOf(iouThreshold);
        int a = areaIndex(range);
        double sum = 0;
        int n = 0;
        for (double[][] perClass : ap) {
            if (!isAbsent(perClass[a][t])) {
                sum += perClass[a][t];
                n++;
            }
        }
        return n == 0 ? ABSENT : sum / n;
    }

    /**
     * Mean average recall: recall with at most {@code maxDetections} detections per image and
     * class, averaged over the thresholds and the classes with ground truth (COCO's AR@1, AR@10,
     * AR@100, AR_small ...).
     *
     * @param maxDetections one of {@link #maxDetections()} ({@code Integer.MAX_VALUE} stands for "all")
     * @param range one of {@link #areaRanges()}
     * @return mAR, or {@link #ABSENT}
     */
    public double meanAverageRecall(int maxDetections, AreaRange range) {
        int m = maxDetIndex(maxDetections);
        int a = areaIndex(range);
        double sum = 0;
        int n = 0;
        for (double[][][] perClass : recall) {
            for (double v : perClass[a][m]) {
                if (!isAbsent(v)) {
                    sum += v;
                    n++;
                }
            }
        }
        return n == 0 ? ABSENT : sum / n;
    }

    /** mAR at the largest number of detections in the first area range (COCO's AR@100). */
    public double meanAverageRecall() {
        return meanAverageRecall(maxDetections[maxDetections.length - 1], areaRanges[0]);
    }

    // ---- per class ----

    /**
     * AP of one class at one threshold.
     *
     * @param classId class id
     * @param iouThreshold one of {@link #thresholds()}
     * @return AP in [0, 1], {@link #ABSENT} when the class has no ground truth
     */
    public double averagePrecision(int classId, double iouThreshold) {
        return ap[classIndex(classId)][0][indexOf(iouThreshold)];
    }

    /**
     * AP of one class averaged over all thresholds (its AP@[.5:.95] with COCO's thresholds).
     *
     * @param classId class id
     * @return AP in [0, 1], {@link #ABSENT} when the class has no ground truth
     */
    public double averagePrecision(int classId) {
        return averagePrecision(classId, areaRanges[0]);
    }

    /** AP of one class in one area range, averaged over all thresholds; {@link #ABSENT} if no ground truth there. */
    public double averagePrecision(int classId, AreaRange range) {
        double[] values = ap[classIndex(classId)][areaIndex(range)];
        return meanOrAbsent(values);
    }

    /**
     * Average recall of one class: recall at the largest number of detections, averaged over the
     * thresholds (its AR@100 with COCO's settings).
     *
     * @param classId class id
     * @return AR in [0, 1], {@link #ABSENT} when the class has no ground truth
     */
    public double averageRecall(int classId) {
        return meanOrAbsent(recall[classIndex(classId)][0][maxDetections.length - 1]);
    }

    /**
     * AP of one class at one threshold in one area range.
     *
     * @return AP in [0, 1], {@link #ABSENT} when the class has no ground truth in that range
     */
    public double averagePrecision(int classId, double iouThreshold, AreaRange range) {
        return ap[classIndex(classId)][areaIndex(range)][indexOf(iouThreshold)];
    }

    /**
     * Recall of one class at one threshold with at most {@code maxDetections} per image, in one
     * area range.
     *
     * @return recall in [0, 1], {@link #ABSENT} when the class has no ground truth in that range
     */
    public double recall(int classId, double iouThreshold, int maxDetections, AreaRange range) {
        return recall[classIndex(classId)][areaIndex(range)][maxDetIndex(maxDetections)][indexOf(iouThreshold)];
    }

    /** Recall of one class at one threshold with the largest number of detections; {@link #ABSENT} without ground truth. */
    public double recall(int classId, double iouThreshold) {
        return recall[classIndex(classId)][0][maxDetections.length - 1][indexOf(iouThreshold)];
    }

    /** Number of ground-truth boxes of a class in the first area range. */
    public int numGroundTruth(int classId) {
        return numGroundTruth[classIndex(classId)][0];
    }

    /** Number of ground-truth boxes of a class in an area range. */
    public int numGroundTruth(int classId, AreaRange range) {
        return numGroundTruth[classIndex(classId)][areaIndex(range)];
    }

    /**
     * The precision-recall curve of one class at one threshold (for plotting), first area range,
     * largest number of detections.
     *
     * @param classId class id
     * @param iouThreshold one of {@link #thresholds()}
     * @return the curve
     */
    public PrecisionRecallCurve curve(int classId, double iouThreshold) {
        return curves[classIndex(classId)][0][indexOf(iouThreshold)];
    }

    // ---- the COCO summary ----

    /**
     * pycocotools' twelve summary numbers.
     *
     * @param ap AP@[.5:.95]
     * @param ap50 AP@.5
     * @param ap75 AP@.75
     * @param apSmall AP of small objects
     * @param apMedium AP of medium objects
     * @param apLarge AP of large objects
     * @param ar1 AR with 1 detection per image
     * @param ar10 AR with 10 detections per image
     * @param ar100 AR with 100 detections per image
     * @param arSmall AR@100 of small objects
     * @param arMedium AR@100 of medium objects
     * @param arLarge AR@100 of large objects
     */
    public record CocoSummary(double ap, double ap50, double ap75, double apSmall, double apMedium,
            double apLarge, double ar1, double ar10, double ar100, double arSmall, double arMedium,
            double arLarge) {
        /** The twelve numbers in pycocotools' {@code stats} order. */
        public double[] toArray() {
            return new double[] {ap, ap50, ap75, apSmall, apMedium, apLarge, ar1, ar10, ar100,
                arSmall, arMedium, arLarge};
        }

        @Override
        public String toString() {
            String[] names = {"AP @[.50:.95] all", "AP @.50 all", "AP @.75 all", "AP small",
                "AP medium", "AP large", "AR maxDets=1", "AR maxDets=10", "AR maxDets=100",
                "AR small", "AR medium", "AR large"};
            StringBuilder s = new StringBuilder();
            double[] values = toArray();
            for (int i = 0; i < names.length; i++) {
                s.append(String.format(Locale.ROOT, "%-18s %7.4f%n", names[i], values[i]));
            }
            return s.toString();
        }
    }

    /**
     * The twelve numbers pycocotools' {@code summarize()} prints.
     *
     * @return the summary
     * @throws IllegalStateException when the evaluation did not use COCO's settings (thresholds
     *     with 0.5 and 0.75, the four area ranges, 1 / 10 / 100 detections), e.g. a VOC one
     */
    public CocoSummary cocoSummary() {
        for (AreaRange r : AreaRange.COCO) {
            if (!Arrays.asList(areaRanges).contains(r)) {
                throw new IllegalStateException("This evaluation has no '" + r.name() + "' area"
                        + " range; build it with MeanAveragePrecision.coco(n) for the COCO summary.");
            }
        }
        for (int m : MeanAveragePrecision.COCO_MAX_DETECTIONS) {
            if (Arrays.stream(maxDetections).noneMatch(v -> v == m)) {
                throw new IllegalStateException("This evaluation did not keep " + m
                        + " detections per image; build it with MeanAveragePrecision.coco(n).");
            }
        }
        return new CocoSummary(mean(AreaRange.ALL), meanAt(0.5, AreaRange.ALL),
                meanAt(0.75, AreaRange.ALL), mean(AreaRange.SMALL), mean(AreaRange.MEDIUM),
                mean(AreaRange.LARGE), meanAverageRecall(1, AreaRange.ALL),
                meanAverageRecall(10, AreaRange.ALL), meanAverageRecall(100, AreaRange.ALL),
                meanAverageRecall(100, AreaRange.SMALL), meanAverageRecall(100, AreaRange.MEDIUM),
                meanAverageRecall(100, AreaRange.LARGE));
    }

    /**
     * One row per class: ground-truth boxes, AP over the thresholds, AP@0.5 and AP@0.75 (when
     * evaluated), AR; absent classes show -1.
     *
     * @param names class id to a name for the first column (e.g. {@code LogoClasses::nameOf})
     * @return a tablesaw table for {@code Show.table}
     */
    public Table perClassTable(IntFunction<String> names) {
        StringColumn name = StringColumn.create("class");
        IntColumn gt = IntColumn.create("ground truth");
        DoubleColumn apAll = DoubleColumn.create(thresholds.length > 1 ? "AP" : String.format(
                Locale.ROOT, "AP@%.2f", thresholds[0]));
        boolean has50 = hasThreshold(0.5) && thresholds.length > 1;
        boolean has75 = hasThreshold(0.75) && thresholds.length > 1;
        DoubleColumn ap50 = DoubleColumn.create("AP@0.50");
        DoubleColumn ap75 = DoubleColumn.create("AP@0.75");
        DoubleColumn ar = DoubleColumn.create("AR");
        for (int id : classIds) {
            name.append(names.apply(id));
            gt.append(numGroundTruth(id));
            apAll.append(round(averagePrecision(id)));
            if (has50) {
                ap50.append(round(averagePrecision(id, 0.5)));
            }
            if (has75) {
                ap75.append(round(averagePrecision(id, 0.75)));
            }
            ar.append(round(averageRecall(id)));
        }
        Table table = Table.create("AP per class", name, gt, apAll);
        if (has50) {
            table.addColumns(ap50);
        }
        if (has75) {
            table.addColumns(ap75);
        }
        return table.addColumns(ar);
    }

    // ---- what was evaluated ----

    /** @return the IoU thresholds, in the order given */
    public double[] thresholds() {
        return thresholds.clone();
    }

    /** @return the area ranges, the first being the headline one */
    public AreaRange[] areaRanges() {
        return areaRanges.clone();
    }

    /** @return the numbers of detections per image evaluated ({@code Integer.MAX_VALUE} = all) */
    public int[] maxDetections() {
        return maxDetections.clone();
    }

    /** @return the class ids evaluated, increasing */
    public int[] classIds() {
        return classIds.clone();
    }

    /** @return number of classes evaluated (with or without ground truth) */
    public int numClasses() {
        return classIds.length;
    }

    /** @return number of images evaluated */
    public int images() {
        return images;
    }

    private boolean hasThreshold(double t) {
        for (double v : thresholds) {
            if (Math.abs(v - t) < 1e-9) {
                return true;
            }
        }
        return false;
    }

    private static double round(double v) {
        return isAbsent(v) ? v : Math.round(v * 10000) / 10000.0;
    }

    private static double meanOrAbsent(double[] values) {
        double sum = 0;
        for (double v : values) {
            if (isAbsent(v)) {
                return ABSENT;
            }
            sum += v;
        }
        return sum / values.length;
    }

    private int classIndex(int classId) {
        int i = Arrays.binarySearch(classIds, classId);
        if (i < 0) {
            throw new IllegalArgumentException("Class " + classId + " was not evaluated; the"
                    + " classes are " + Arrays.toString(classIds));
        }
        return i;
    }

    private int areaIndex(AreaRange range) {
        for (int a = 0; a < areaRanges.length; a++) {
            if (areaRanges[a].equals(range)) {
                return a;
            }
        }
        throw new IllegalArgumentException("Area range '" + range.name() + "' was not evaluated;"
                + " this evaluation has " + Arrays.toString(Arrays.stream(areaRanges)
                        .map(AreaRange::name).toArray()) + " (MeanAveragePrecision.coco(n) has all four)");
    }

    private int maxDetIndex(int maxDets) {
        for (int m = 0; m < maxDetections.length; m++) {
            if (maxDetections[m] == maxDets || (maxDets <= 0 && maxDetections[m] == Integer.MAX_VALUE)) {
                return m;
            }
        }
        throw new IllegalArgumentException("Recall at " + maxDets + " detections per image was not"
                + " evaluated; this evaluation has " + Arrays.toString(maxDetections));
    }

    private int indexOf(double threshold) {
        for (int i = 0; i < thresholds.length; i++) {
            if (Math.abs(thresholds[i] - threshold) < 1e-9) {
                return i;
            }
        }
        throw new IllegalArgumentException("IoU threshold " + threshold + " was not evaluated; "
                + "this evaluation has " + Arrays.toString(thresholds));
    }

    @Override
    public String toString() {
        StringBuilder s = new StringBuilder(String.format(Locale.ROOT, "mAP %.4f over %d images;",
                mean(), images));
        for (double t : thresholds) {
            s.append(String.format(Locale.ROOT, " AP@%.2f %.4f", t, meanAt(t)));
        }
        s.append(String.format(Locale.ROOT, "; mAR %.4f", meanAverageRecall()));
        return s.toString();
    }
}
