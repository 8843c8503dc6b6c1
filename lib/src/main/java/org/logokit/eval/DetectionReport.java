package org.logokit.eval;

import java.util.Collections;
import java.util.List;
import java.util.Locale;
import org.logokit.detect.Detections;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.IntColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;
import tech.tablesaw.columns.numbers.NumberColumnFormatter;

/**
 * What {@link DetectionEvaluator} measured for a detector on a set of images: COCO-style mAP
 * (@[.5:.95], @.5, @.75), per-class AP, inference speed, and the detections themselves (in image
 * order, boxes in input pixels) with their ground truth, for pictures.
 */
public final class DetectionReport {
    private final DetectionMetrics metrics;
    private final List<String> classNames;
    private final List<Detections> detections;
    private final List<ImageGroundTruth> groundTruth;
    private final int[] groundTruthPerClass;
    private final double inferenceSeconds;

    DetectionReport(DetectionMetrics metrics, List<String> classNames, List<Detections> detections,
            List<ImageGroundTruth> groundTruth, int[] groundTruthPerClass, double inferenceSeconds) {
        this.metrics = metrics;
        this.classNames = List.copyOf(classNames);
        this.detections = Collections.unmodifiableList(detections);
        this.groundTruth = Collections.unmodifiableList(groundTruth);
        this.groundTruthPerClass = groundTruthPerClass;
        this.inferenceSeconds = inferenceSeconds;
    }

    /** The full metrics (every class and threshold, precision-recall curves). */
    public DetectionMetrics metrics() {
        return metrics;
    }

    /** COCO's AP: mAP averaged over IoU 0.50, 0.55, ..., 0.95. */
    public double map() {
        return metrics.mean();
    }

    /** mAP at IoU 0.5 (PASCAL VOC's measure, with COCO's 101-point interpolation). */
    public double map50() {
        return metrics.meanAt(0.5);
    }

    /** mAP at IoU 0.75 (a strict localisation measure). */
    public double map75() {
        return metrics.meanAt(0.75);
    }

    /** Number of images evaluated. */
    public int images() {
        return metrics.images();
    }

    /** Seconds spent in the detector (forward pass and post-processing), data loading excluded. */
    public double inferenceSeconds() {
        return inferenceSeconds;
    }

    /** Images per second through the detector (forward pass and post-processing). */
    public double imagesPerSecond() {
        return inferenceSeconds > 0 ? images() / inferenceSeconds : Double.NaN;
    }

    /** The detections of every image, in dataset order (boxes in input-image pixels). */
    public List<Detections> detections() {
        return detections;
    }

    /** The ground truth of every image, in dataset order. */
    public List<ImageGroundTruth> groundTruth() {
        return groundTruth;
    }

    /** AP of one class averaged over IoU 0.50..0.95 (NaN when the class has no ground truth). */
    public double classMap(int classId) {
        double sum = 0;
        for (double t : metrics.thresholds()) {
            sum += metrics.averagePrecision(classId, t);
        }
        return sum / metrics.thresholds().length;
    }

    /**
     * One row per class with ground truth: class, objects, AP@[.5:.95], AP@.5, AP@.75, sorted by
     * AP@.5 from worst to best (the brands to look at first).
     */
    public Table perClassTable(String title) {
        StringColumn name = StringColumn.create("class");
        IntColumn objects = IntColumn.create("objects");
        DoubleColumn ap = DoubleColumn.create("AP");
        DoubleColumn ap50 = DoubleColumn.create("AP50");
        DoubleColumn ap75 = DoubleColumn.create("AP75");
        for (int c = 0; c < classNames.size(); c++) {
            if (groundTruthPerClass[c] == 0) {
                continue;
            }
            name.append(classNames.get(c));
            objects.append(groundTruthPerClass[c]);
            ap.append(classMap(c));
            ap50.append(metrics.averagePrecision(c, 0.5));
            ap75.append(metrics.averagePrecision(c, 0.75));
        }
        for (DoubleColumn col : new DoubleColumn[] {ap, ap50, ap75}) {
            col.setPrintFormatter(NumberColumnFormatter.fixedWithGrouping(3));
        }
        return Table.create(title, name, objects, ap, ap50, ap75).sortAscendingOn("AP50");
    }

    /** E.g. {@code mAP 0.412, mAP@0.5 0.713, mAP@0.75 0.402 on 960 images (31.2 img/s)}. */
    public String summary() {
        return String.format(Locale.ROOT, "mAP %.3f, mAP@0.5 %.3f, mAP@0.75 %.3f on %d images (%.1f img/s)",
                map(), map50(), map75(), images(), imagesPerSecond());
    }

    @Override
    public String toString() {
        return "DetectionReport[" + summary() + "]";
    }
}
