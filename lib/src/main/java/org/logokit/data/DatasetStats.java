package org.logokit.data;

import java.util.Arrays;
import java.util.List;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.IntColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;

/**
 * Tables that describe a FlickrLogos-32 tree: images and boxes per class and split, and the sizes
 * and shapes of the boxes. Box numbers come from the box files (XYXY float pixels of the original
 * images, before any clipping or resizing).
 */
public final class DatasetStats {
    private DatasetStats() {}

    /**
     * One row per class (32 brands, then no-logo, then a total row) with the number of images in
     * the official train, val and test splits, all images, and the number of boxes.
     */
    public static Table classCounts(FlickrLogos32 dataset) {
        int classes = LogoClasses.ALL.size();
        int[] train = ClassificationSplits.classCounts(dataset.split(Split.TRAIN));
        int[] val = ClassificationSplits.classCounts(dataset.split(Split.VAL));
        int[] test = ClassificationSplits.classCounts(dataset.split(Split.TEST));
        int[] boxes = new int[classes];
        for (Split split : new Split[] {Split.TRAIN, Split.VAL, Split.TEST}) {
            for (LogoImage image : dataset.split(split)) {
                boxes[image.classId()] += image.boxLines().size();
            }
        }
        StringColumn name = StringColumn.create("class");
        IntColumn[] cols = {IntColumn.create("train"), IntColumn.create("val"), IntColumn.create("test"),
            IntColumn.create("images"), IntColumn.create("boxes")};
        int[] totals = new int[5];
        for (int c = 0; c < classes; c++) {
            name.append(LogoClasses.nameOf(c));
            int[] row = {train[c], val[c], test[c], train[c] + val[c] + test[c], boxes[c]};
            for (int k = 0; k < 5; k++) {
                cols[k].append(row[k]);
                totals[k] += row[k];
            }
        }
        name.append("total");
        for (int k = 0; k < 5; k++) {
            cols[k].append(totals[k]);
        }
        return Table.create("Images and boxes per class", name, cols[0], cols[1], cols[2], cols[3], cols[4]);
    }

    /**
     * One row per box of the given images: class, file, width, height, aspect ratio (width /
     * height) and area, all in pixels of the original image.
     */
    public static Table boxes(List<LogoImage> images) {
        StringColumn cls = StringColumn.create("class");
        StringColumn file = StringColumn.create("file");
        DoubleColumn w = DoubleColumn.create("width");
        DoubleColumn h = DoubleColumn.create("height");
        DoubleColumn aspect = DoubleColumn.create("aspect");
        DoubleColumn area = DoubleColumn.create("area");
        for (LogoImage image : images) {
            for (PixelBox b : image.boxes()) {
                cls.append(image.className());
                file.append(image.fileName());
                w.append(b.width());
                h.append(b.height());
                aspect.append(b.width() / b.height());
                area.append(b.area());
            }
        }
        return Table.create("Boxes", cls, file, w, h, aspect, area);
    }

    /**
     * Summary of the numeric columns of {@link #boxes}: count, min, 25th percentile, median, mean,
     * 75th percentile and max for width, height, aspect and area.
     */
    public static Table boxSummary(Table boxes) {
        StringColumn measure = StringColumn.create("measure");
        String[] stats = {"count", "min", "p25", "median", "mean", "p75", "max"};
        DoubleColumn[] cols = new DoubleColumn[stats.length];
        for (int k = 0; k < stats.length; k++) {
            cols[k] = DoubleColumn.create(stats[k]);
        }
        for (String column : new String[] {"width", "height", "aspect", "area"}) {
            double[] v = boxes.doubleColumn(column).asDoubleArray();
            Arrays.sort(v);
            measure.append(column);
            double[] row = {v.length, at(v, 0), percentile(v, 25), percentile(v, 50),
                Arrays.stream(v).average().orElse(Double.NaN), percentile(v, 75), at(v, v.length - 1)};
            for (int k = 0; k < stats.length; k++) {
                cols[k].append(Math.round(row[k] * 100) / 100.0);
            }
        }
        Table t = Table.create("Box statistics (pixels)", measure);
        t.addColumns(cols);
        return t;
    }

    /** Linear-interpolated percentile of sorted values (NaN when empty). */
    static double percentile(double[] sorted, double p) {
        if (sorted.length == 0) {
            return Double.NaN;
        }
        double pos = p / 100.0 * (sorted.length - 1);
        int lo = (int) Math.floor(pos);
        int hi = (int) Math.ceil(pos);
        return sorted[lo] + (sorted[hi] - sorted[lo]) * (pos - lo);
    }

    private static double at(double[] v, int i) {
        return v.length == 0 ? Double.NaN : v[i];
    }
}
