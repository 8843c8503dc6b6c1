package org.logokit.data.tools;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Stream;
import org.logokit.config.Profile;
import org.logokit.data.BoxProfile;
import org.logokit.data.DatasetFormatException;
import org.logokit.data.DatasetLocation;
import org.logokit.data.DatasetLocator;
import org.logokit.data.DatasetStats;
import org.logokit.data.FlickrLogos32;
import org.logokit.data.LogoImage;
import org.logokit.data.Split;
import org.logokit.data.synth.SynthSize;
import tech.tablesaw.api.Table;

/**
 * {@code data-scripts/dataset-stats}: images and boxes per class and split, box statistics, and
 * the box-size histogram, aspect ratios and logos per picture at the detectors' input size, for
 * SynthLogos-32 and FlickrLogos-32 side by side.
 *
 * <p>By default it describes SynthLogos-32 of the profile's size ({@code standard}, or
 * {@code mini} under {@code LOGOKIT_PROFILE=smoke}; generated when missing) and, when
 * {@code FLICKRLOGOS32_ROOT} names it, the real FlickrLogos-32 beside it. {@code --root DIR}
 * describes one folder instead; {@code --compare DIR} adds a second.
 */
public final class PrintDatasetStats {
    /** The detectors' input side the histograms refer to unless {@code --input} says otherwise. */
    static final int DEFAULT_INPUT = 320;

    private PrintDatasetStats() {}

    /**
     * Runs it: {@code [--root DIR] [--compare DIR] [--input PIXELS]}.
     */
    public static void main(String[] args) {
        try {
            CommandLine cl = new CommandLine(args, Set.of("root", "compare", "input"),
                    Set.of("help"));
            if (cl.flag("help")) {
                System.out.println("Usage: data-scripts/dataset-stats [--root DIR] [--compare DIR]"
                        + " [--input PIXELS]\n"
                        + "  Default: SynthLogos-32 (the profile's size) and, when FLICKRLOGOS32_ROOT"
                        + " is set, FlickrLogos-32 side by side.\n"
                        + "  --root DIR     one FlickrLogos-v2 folder instead\n"
                        + "  --compare DIR  a second folder beside it\n"
                        + "  --input N      longest picture side the box sizes refer to (default "
                        + DEFAULT_INPUT + ")");
                return;
            }
            int input = cl.value("input") == null ? DEFAULT_INPUT : positive(cl.value("input"));
            List<FlickrLogos32> datasets = new ArrayList<>();
            if (cl.value("root") != null) {
                datasets.add(FlickrLogos32.open(Paths.get(cl.value("root"))));
            } else {
                SynthSize size = Profile.current().pick(SynthSize.MINI, SynthSize.STANDARD);
                datasets.add(DatasetLocator.synthetic(size).open());
                String real = System.getenv(DatasetLocator.ENV);
                if (real != null && !real.isBlank()) {
                    DatasetLocation location = DatasetLocator.real(Paths.get(real.trim()),
                            "environment variable " + DatasetLocator.ENV);
                    datasets.add(location.open());
                }
            }
            if (cl.value("compare") != null) {
                datasets.add(FlickrLogos32.open(Paths.get(cl.value("compare"))));
            }
            List<BoxProfile> profiles = new ArrayList<>();
            for (FlickrLogos32 ds : datasets) {
                String name = uniqueName(nameOf(ds.root()), profiles);
                System.out.println("== " + name + ": " + ds.root());
                System.out.println(DatasetStats.classCounts(ds).printAll());
                List<LogoImage> all = Stream.of(Split.TRAIN, Split.VAL, Split.TEST)
                        .flatMap(s -> ds.split(s).stream()).toList();
                System.out.println();
                System.out.println(DatasetStats.boxSummary(DatasetStats.boxes(all)).printAll());
                System.out.println();
                BoxProfile p = BoxProfile.of(name, all, input);
                if (p.unreadable() > 0) {
                    System.out.println(p.unreadable() + " pictures skipped: their header could "
                            + "not be read");
                }
                profiles.add(p);
            }
            System.out.println("== Side by side, pictures scaled to a longest side of " + input
                    + " pixels");
            for (Table t : List.of(DatasetStats.sizeHistogram(profiles),
                    DatasetStats.aspectHistogram(profiles), DatasetStats.logosPerImage(profiles))) {
                System.out.println(t.printAll());
                System.out.println();
            }
            for (BoxProfile p : profiles) {
                System.out.printf(Locale.ROOT, "%s: %d boxes, %.1f %% small (under 32 x 32 pixels at"
                        + " %d), %.2f logos per picture with logos%n", p.name(), p.boxes(),
                        100 * p.smallShare(), input, p.meanLogosPerImage());
            }
        } catch (IllegalArgumentException | DatasetFormatException e) {
            CommandLine.fail(e.getMessage());
        }
    }

    /** "SynthLogos-32 standard" for a generated tree, else "FlickrLogos-32". */
    static String nameOf(Path root) {
        Path info = root.resolve("synthlogos.json");
        if (Files.isRegularFile(info)) {
            try {
                String json = Files.readString(info);
                java.util.regex.Matcher m = java.util.regex.Pattern.compile(
                        "\"size\"\\s*:\\s*\"([a-z]+)\"").matcher(json);
                return "SynthLogos-32" + (m.find() ? " " + m.group(1) : "");
            } catch (java.io.IOException e) {
                return "SynthLogos-32";
            }
        }
        return "FlickrLogos-32";
    }

    private static String uniqueName(String name, List<BoxProfile> taken) {
        Set<String> names = new java.util.HashSet<>();
        taken.forEach(p -> names.add(p.name()));
        String candidate = name;
        for (int k = 2; names.contains(candidate); k++) {
            candidate = name + " (" + k + ")";
        }
        return candidate;
    }

    private static int positive(String text) {
        try {
            int v = Integer.parseInt(text.trim());
            if (v > 0) {
                return v;
            }
        } catch (NumberFormatException e) {
            // fall through to the message
        }
        throw new IllegalArgumentException("--input needs a positive number of pixels, not '"
                + text + "'");
    }
}
