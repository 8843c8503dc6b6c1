package org.logokit.data.tools;

import java.nio.file.Paths;
import java.util.Set;
import java.util.stream.Stream;
import org.logokit.data.DatasetFormatException;
import org.logokit.data.DatasetLocator;
import org.logokit.data.DatasetStats;
import org.logokit.data.FlickrLogos32;
import org.logokit.data.Split;
import tech.tablesaw.api.Table;

/**
 * {@code data-scripts/dataset-stats}: prints images and boxes per class and split, and box width,
 * height, aspect-ratio and area statistics.
 */
public final class PrintDatasetStats {
    private PrintDatasetStats() {}

    /** Runs it: {@code [--root DIR]} (default: the dataset in use). */
    public static void main(String[] args) {
        try {
            CommandLine cl = new CommandLine(args, Set.of("root"), Set.of("help"));
            if (cl.flag("help")) {
                System.out.println("Usage: data-scripts/dataset-stats [--root FlickrLogos-v2 folder]");
                return;
            }
            FlickrLogos32 ds = FlickrLogos32.open(cl.value("root") != null
                    ? Paths.get(cl.value("root")) : DatasetLocator.resolve());
            System.out.println("Dataset: " + ds.root());
            System.out.println(DatasetStats.classCounts(ds).printAll());
            Table boxes = DatasetStats.boxes(Stream.of(Split.TRAIN, Split.VAL, Split.TEST)
                    .flatMap(s -> ds.split(s).stream()).toList());
            System.out.println();
            System.out.println(DatasetStats.boxSummary(boxes).printAll());
        } catch (IllegalArgumentException | DatasetFormatException e) {
            CommandLine.fail(e.getMessage());
        }
    }
}
