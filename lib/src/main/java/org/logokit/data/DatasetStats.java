package org.logokit.data;

import java.util.ArrayList;
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

    /** Bin edges of the box-size histogram (square root of the area, pixels at the input size). */
    static final double[] SIZE_EDGES = {8, 16, 24, 32, 48, 64, 96, 128, 192, 256};
    /** Bin edges of the aspect-ratio histogram (width / height). */
    static final double[] ASPECT_EDGES = {0.5, 0.8, 1.25, 2, 3, 5};

    /**
     * The box-size histogram of one or more data sets side by side: one row per size bin of the
     * square root of the box area at each profile's input size (under 8, 8-16, ..., 256 and
     * more), then COCO's three rows: small (under 32²), medium (32² to 96²) and large; one count
     * column and one percentage column per data set.
     */
    public static Table sizeHistogram(List<BoxProfile> profiles) {
        List<String> labels = binLabels(SIZE_EDGES, "", " px");
        labels.add("small (< 32 x 32)");
        labels.add("medium (32 x 32 to 96 x 96)");
        labels.add("large (>= 96 x 96)");
        List<int[]> counts = new ArrayList<>();
        for (BoxProfile p : profiles) {
            int[] bins = histogram(p.sqrtArea(), SIZE_EDGES);
            int[] rows = Arrays.copyOf(bins, bins.length + 3);
            for (double v : p.sqrtArea()) {
                rows[bins.length + (v < BoxProfile.SMALL ? 0 : v < BoxProfile.MEDIUM ? 1 : 2)]++;
            }
            counts.add(rows);
        }
        int side = profiles.isEmpty() ? 0 : profiles.get(0).inputSide();
        return sideBySide("Box size (square root of the area) with the longest picture side at "
                + side + " pixels", "size", labels, profiles, counts,
                profiles.stream().mapToInt(BoxProfile::boxes).toArray());
    }

    /** The aspect-ratio histogram (width / height) of the boxes, data sets side by side. */
    public static Table aspectHistogram(List<BoxProfile> profiles) {
        List<int[]> counts = new ArrayList<>();
        for (BoxProfile p : profiles) {
            counts.add(histogram(p.aspect(), ASPECT_EDGES));
        }
        return sideBySide("Box aspect ratio (width / height)", "aspect",
                binLabels(ASPECT_EDGES, "", ""), profiles, counts,
                profiles.stream().mapToInt(BoxProfile::boxes).toArray());
    }

    /** How many logos the pictures with logos show (1, 2, 3, 4, 5 or more), side by side. */
    public static Table logosPerImage(List<BoxProfile> profiles) {
        List<String> labels = new ArrayList<>(List.of("1", "2", "3", "4", "5 or more"));
        List<int[]> counts = new ArrayList<>();
        for (BoxProfile p : profiles) {
            int[] c = new int[5];
            for (int n : p.logosPerImage()) {
                c[Math.min(n, 5) - 1]++;
            }
            counts.add(c);
        }
        return sideBySide("Logos per picture (pictures with logos)", "logos", labels, profiles,
                counts, profiles.stream().mapToInt(p -> p.logosPerImage().length).toArray());
    }

    private static Table sideBySide(String title, String first, List<String> labels,
            List<BoxProfile> profiles, List<int[]> counts, int[] totals) {
        Table t = Table.create(title, StringColumn.create(first, labels));
        for (int k = 0; k < profiles.size(); k++) {
            IntColumn n = IntColumn.create(profiles.get(k).name());
            DoubleColumn pct = DoubleColumn.create(profiles.get(k).name() + " %");
            for (int c : counts.get(k)) {
                n.append(c);
                pct.append(totals[k] == 0 ? 0 : Math.round(1000.0 * c / totals[k]) / 10.0);
            }
            t.addColumns(n, pct);
        }
        return t;
    }

    /** Counts per bin: below edges[0], [edges[i-1], edges[i]), ..., at least the last edge. */
    static int[] histogram(double[] values, double[] edges) {
        int[] bins = new int[edges.length + 1];
        for (double v : values) {
            int i = 0;
            while (i < edges.length && v >= edges[i]) {
                i++;
            }
            bins[i]++;
        }
        return bins;
    }

    private static List<String> binLabels(double[] edges, String prefix, String unit) {
        List<String> labels = new ArrayList<>();
        labels.add(prefix + "< " + number(edges[0]) + unit);
        for (int i = 1; i < edges.length; i++) {
            labels.add(prefix + number(edges[i - 1]) + "-" + number(edges[i]) + unit);
        }
        labels.add(prefix + ">= " + number(edges[edges.length - 1]) + unit);
        return labels;
    }

    private static String number(double v) {
        return v == Math.rint(v) ? String.valueOf((long) v) : String.valueOf(v);
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
