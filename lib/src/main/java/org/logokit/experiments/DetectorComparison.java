package org.logokit.experiments;

import java.util.Map;
import org.logokit.eval.AreaRange;
import org.logokit.eval.DetectionMetrics;
import org.logokit.eval.DetectionReport;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.IntColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;
import tech.tablesaw.columns.numbers.NumberColumnFormatter;

/**
 * Several detectors' test reports side by side, one row per detector: COCO mAP, mAP@0.5, mAP@0.75,
 * the AP of small logos (COCO's area range: at most 32 × 32 input pixels; over the COCO thresholds
 * and at IoU 0.5), the AP of medium logos, and images per second. Chapters 10 and 11 show it to
 * compare detectors measured on the same test images. An AP without ground truth of its size (no
 * small logo among the test images) is left empty.
 */
public final class DetectorComparison {
    private DetectorComparison() {}

    /**
     * The table.
     *
     * @param title the table's title
     * @param reports detector name to its test report, in display order (a LinkedHashMap)
     */
    public static Table of(String title, Map<String, DetectionReport> reports) {
        return of(title, reports, Map.of());
    }

    /**
     * The table, with a row for each detector that has no report (e.g. its training diverged): its
     * numbers empty, a "note" column saying why.
     *
     * @param title the table's title
     * @param reports detector name to its test report, in display order (a LinkedHashMap)
     * @param withoutReport detector name to why it has no report (e.g. "diverged in epoch 0,
     *     batch 15 (...)"), shown after the reports; empty for no such rows and no note column
     */
    public static Table of(String title, Map<String, DetectionReport> reports, Map<String, String> withoutReport) {
        if (reports.isEmpty() && withoutReport.isEmpty()) {
            throw new IllegalArgumentException("Give at least one detector's report");
        }
        StringColumn name = StringColumn.create("detector");
        IntColumn images = IntColumn.create("test images");
        DoubleColumn map = DoubleColumn.create("mAP");
        DoubleColumn map50 = DoubleColumn.create("mAP@0.5");
        DoubleColumn map75 = DoubleColumn.create("mAP@0.75");
        DoubleColumn small = DoubleColumn.create("AP small");
        DoubleColumn small50 = DoubleColumn.create("AP@0.5 small");
        DoubleColumn medium = DoubleColumn.create("AP medium");
        DoubleColumn speed = DoubleColumn.create("images/s");
        reports.forEach((detector, report) -> {
            name.append(detector);
            images.append(report.images());
            map.append(report.map());
            map50.append(report.map50());
            map75.append(report.map75());
            DetectionMetrics metrics = report.metrics();
            small.append(present(metrics.mean(AreaRange.SMALL)));
            small50.append(present(metrics.meanAt(0.5, AreaRange.SMALL)));
            medium.append(present(metrics.mean(AreaRange.MEDIUM)));
            speed.append(report.imagesPerSecond());
        });
        withoutReport.forEach((detector, why) -> {
            name.append(detector);
            images.appendMissing();
            for (DoubleColumn column : new DoubleColumn[] {map, map50, map75, small, small50, medium, speed}) {
                column.appendMissing();
            }
        });
        for (DoubleColumn column : new DoubleColumn[] {map, map50, map75, small, small50, medium}) {
            column.setPrintFormatter(NumberColumnFormatter.fixedWithGrouping(3));
        }
        speed.setPrintFormatter(NumberColumnFormatter.fixedWithGrouping(1));
        Table table = Table.create(title, name, images, map, map50, map75, small, small50, medium, speed);
        if (!withoutReport.isEmpty()) {
            StringColumn note = StringColumn.create("note");
            reports.keySet().forEach(detector -> note.append(""));
            withoutReport.values().forEach(note::append);
            table.addColumns(note);
        }
        return table;
    }

    /** An AP, or NaN (an empty cell) when the range had no ground truth. */
    private static double present(double ap) {
        return DetectionMetrics.isAbsent(ap) ? Double.NaN : ap;
    }
}
