package org.logokit.data.tools;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;
import java.util.Set;
import org.logokit.config.KitPaths;
import org.logokit.data.ClassificationSplits;
import org.logokit.data.DatasetFormatException;
import org.logokit.data.DatasetLocator;
import org.logokit.data.FlickrLogos32;
import org.logokit.data.LogoClasses;
import org.logokit.data.Split;

/**
 * {@code data-scripts/prepare-splits}: writes the seed-001 classification splits (train 1,820 /
 * val 2,460 / test 3,960 on FlickrLogos-32) as list files {@code seed001-train.txt},
 * {@code -val.txt}, {@code -test.txt} in the dataset's {@code class,file.jpg} format.
 */
public final class PrepareSplits {
    private static final String USAGE = """
            Usage: data-scripts/prepare-splits [options]
              --root DIR   the FlickrLogos-v2 folder (default: the dataset in use, see DatasetLocator)
              --seed N     seed that picks which no-logo images move to train (default 1)
              --out DIR    where to write the lists (default <root>/splits, or
                           <dataDir>/splits/<dataset> when the dataset folder is read-only)
            """;

    private PrepareSplits() {}

    /** Runs it; see the usage text. */
    public static void main(String[] args) {
        try {
            CommandLine cl = new CommandLine(args, Set.of("root", "seed", "out"), Set.of("help"));
            if (cl.flag("help")) {
                System.out.print(USAGE);
                return;
            }
            Path root = cl.value("root") != null ? Paths.get(cl.value("root")) : DatasetLocator.resolve();
            long seed = cl.value("seed") != null ? Long.parseLong(cl.value("seed"))
                    : ClassificationSplits.DEFAULT_SEED;
            FlickrLogos32 ds = FlickrLogos32.open(root);
            ClassificationSplits splits = ClassificationSplits.of(ds, seed);
            Path out = cl.value("out") != null ? Paths.get(cl.value("out"))
                    : Files.isWritable(ds.root()) ? ds.root().resolve("splits")
                    : KitPaths.dataDir().resolve("splits").resolve(ds.root().getParent().getFileName().toString());
            List<Path> files = splits.write(out, "seed001");
            System.out.println("Seed-001 classification splits of " + ds.root() + " (seed " + seed + "):");
            System.out.printf("  %-6s %6s %8s %8s  %s%n", "split", "images", "logos", "no-logo", "file");
            for (int k = 0; k < 3; k++) {
                Split s = new Split[] {Split.TRAIN, Split.VAL, Split.TEST}[k];
                int[] counts = ClassificationSplits.classCounts(splits.get(s));
                int noLogo = counts[LogoClasses.NO_LOGO_ID];
                System.out.printf("  %-6s %6d %8d %8d  %s%n", s.name().toLowerCase(),
                        splits.get(s).size(), splits.get(s).size() - noLogo, noLogo, files.get(k));
            }
        } catch (IllegalArgumentException | DatasetFormatException | java.io.UncheckedIOException e) {
            System.out.print(USAGE);
            CommandLine.fail(e.getMessage());
        }
    }
}
