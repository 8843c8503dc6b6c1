package org.logokit.data;

import org.logokit.notebook.ProgressBar;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.stream.ImageInputStream;

/**
 * Checks a FlickrLogos-v2 tree: classes, split sizes against the official numbers (all 8,240;
 * train 320 = 10 per brand; val and test 3,960 = 960 logo + 3,000 no-logo), that every list file
 * resolves to existing images, that every spelling of a list names the same images, that box files
 * parse, and optionally that every image is readable with its boxes inside it.
 */
public final class DatasetVerifier {
    /** Official image counts of FlickrLogos-32 v2. */
    public static final int ALL = 8240;
    /** Official training images (10 per brand, no no-logo). */
    public static final int TRAIN = 320;
    /** Official validation images (960 logo + 3,000 no-logo); the test split has as many. */
    public static final int VAL = 3960;
    /** Official test images. */
    public static final int TEST = 3960;
    /** Logo images in each of val and test (30 per brand). */
    public static final int EVAL_LOGOS = 960;
    /** No-logo images in each of val and test. */
    public static final int EVAL_NO_LOGOS = 3000;

    private DatasetVerifier() {}

    /**
     * Checks a tree.
     *
     * @param root the FlickrLogos-v2 folder
     * @param officialCounts compare counts with FlickrLogos-32's (false: only report them)
     * @param readImages also read every image's header and check the boxes lie inside it (slower;
     *     shows a progress bar)
     */
    public static VerificationReport verify(Path root, boolean officialCounts, boolean readImages) {
        FlickrLogos32 ds = FlickrLogos32.open(root, LoadMode.LENIENT);
        VerificationReport report = new VerificationReport(ds.root());
        Set<String> folders = classFolders(ds.root().resolve("classes").resolve("jpg"));
        Set<String> known = LogoClasses.ALL.stream().map(s -> s.toLowerCase(Locale.ROOT))
                .collect(Collectors.toCollection(TreeSet::new));
        Set<String> present = new TreeSet<>(folders);
        present.retainAll(known);
        count(report, officialCounts, "class folders in classes/jpg (32 brands + no-logo)", 33,
                present.size());
        Set<String> unknown = new TreeSet<>(folders);
        unknown.removeAll(known);
        if (!unknown.isEmpty()) {
            report.add("unknown class folders", "none", String.join(" ", unknown));
        }
        List<LogoImage> train = safeSplit(ds, Split.TRAIN, report);
        List<LogoImage> val = safeSplit(ds, Split.VAL, report);
        List<LogoImage> test = safeSplit(ds, Split.TEST, report);
        count(report, officialCounts, "train images (trainset)", TRAIN, train.size());
        count(report, officialCounts, "val images (valset)", VAL, val.size());
        count(report, officialCounts, "test images (testset)", TEST, test.size());
        int[] trainPerClass = ClassificationSplits.classCounts(train);
        long brandsWith10 = java.util.stream.IntStream.range(0, 32).filter(c -> trainPerClass[c] == 10).count();
        count(report, officialCounts, "brands with 10 training images", 32, brandsWith10);
        count(report, officialCounts, "no-logo images in train", 0, trainPerClass[LogoClasses.NO_LOGO_ID]);
        count(report, officialCounts, "val logo images", EVAL_LOGOS, val.stream().filter(i -> !i.isNoLogo()).count());
        count(report, officialCounts, "val no-logo images", EVAL_NO_LOGOS, val.stream().filter(LogoImage::isNoLogo).count());
        count(report, officialCounts, "test logo images", EVAL_LOGOS, test.stream().filter(i -> !i.isNoLogo()).count());
        count(report, officialCounts, "test no-logo images", EVAL_NO_LOGOS, test.stream().filter(LogoImage::isNoLogo).count());
        if (Files.isRegularFile(ds.root().resolve("all.txt"))) {
            count(report, officialCounts, "all images (all.txt)", ALL, safeSplit(ds, Split.ALL, report).size());
        }
        checkListSpellings(ds, report);
        long logos = Stream.of(train, val, test).flatMap(List::stream).filter(i -> !i.isNoLogo()).count();
        long withBoxes = Stream.of(train, val, test).flatMap(List::stream)
                .filter(i -> !i.isNoLogo() && !i.boxLines().isEmpty()).count();
        report.add("logo images with at least one box", logos, withBoxes);
        report.info("boxes in train+val+test", Stream.of(train, val, test).flatMap(List::stream)
                .mapToInt(i -> i.boxLines().size()).sum());
        if (readImages) {
            checkImages(Stream.of(train, val, test).flatMap(List::stream).toList(), report);
        }
        report.addIssues(ds.issues());
        return report;
    }

    private static void count(VerificationReport report, boolean official, String what,
            long expected, long found) {
        if (official) {
            report.add(what, expected, found);
        } else {
            report.info(what, found);
        }
    }

    private static List<LogoImage> safeSplit(FlickrLogos32 ds, Split split, VerificationReport report) {
        try {
            return ds.split(split);
        } catch (DatasetFormatException e) {
            report.add(split.baseName() + " list present", "yes", "no");
            report.addIssues(List.of(new LoadIssue(e.file(), e.line(), e.getMessage())));
            return List.of();
        }
    }

    /** Every spelling and variant of a list that exists must name the images of its split. */
    private static void checkListSpellings(FlickrLogos32 ds, VerificationReport report) {
        int files = 0;
        int disagreeing = 0;
        for (Split split : Split.values()) {
            for (ListVariant variant : ListVariant.values()) {
                for (String ending : List.of(".txt", ".relpaths.txt", ".spaces.txt")) {
                    String name = split.baseName() + variant.suffix() + ending;
                    if (!Files.isRegularFile(ds.root().resolve(name))) {
                        continue;
                    }
                    files++;
                    List<LogoImage> listed = ds.listFile(name);
                    List<LogoImage> reference;
                    try {
                        reference = ds.split(split).stream()
                                .filter(i -> variant.accepts(i.classId())).toList();
                    } catch (DatasetFormatException e) {
                        continue;
                    }
                    if (!new TreeSet<>(listed.stream().map(i -> i.imagePath().toString()).toList())
                            .equals(new TreeSet<>(reference.stream().map(i -> i.imagePath().toString()).toList()))) {
                        disagreeing++;
                        report.addIssues(List.of(new LoadIssue(ds.root().resolve(name), 0,
                                "names " + listed.size() + " images but " + split.baseName() + " has "
                                + reference.size() + " of this kind")));
                    }
                }
            }
        }
        report.info("list files read", files);
        report.add("list files that disagree with their split", 0, disagreeing);
    }

    private static void checkImages(List<LogoImage> images, VerificationReport report) {
        ProgressBar bar = new ProgressBar("Checking images", images.size());
        int unreadable = 0;
        int outside = 0;
        int clipped = 0;
        for (LogoImage image : images) {
            int[] size = imageSize(image.imagePath());
            bar.increment(1);
            if (size == null) {
                unreadable++;
                report.addIssues(List.of(new LoadIssue(image.imagePath(), 0, "not a readable image")));
                continue;
            }
            for (BoxFile.Line line : image.boxLines()) {
                PixelBox c = line.box().clip(size[0], size[1]);
                if (!c.isValid()) {
                    outside++;
                    report.addIssues(List.of(new LoadIssue(image.boxFile(), line.line(),
                            "box lies outside the " + size[0] + "x" + size[1] + " image")));
                } else if (!c.equals(line.box())) {
                    clipped++;
                }
            }
        }
        bar.end();
        report.add("unreadable images", 0, unreadable);
        report.add("boxes entirely outside their image", 0, outside);
        report.info("boxes reaching past the image edge (clipped when read)", clipped);
    }

    /** Width and height from the image header, without decoding pixels; null if unreadable. */
    static int[] imageSize(Path file) {
        try (ImageInputStream in = ImageIO.createImageInputStream(file.toFile())) {
            if (in == null) {
                return null;
            }
            Iterator<ImageReader> readers = ImageIO.getImageReaders(in);
            if (!readers.hasNext()) {
                return null;
            }
            ImageReader reader = readers.next();
            try {
                reader.setInput(in);
                return new int[] {reader.getWidth(0), reader.getHeight(0)};
            } finally {
                reader.dispose();
            }
        } catch (IOException e) {
            return null;
        }
    }

    private static Set<String> classFolders(Path dir) {
        Set<String> names = new TreeSet<>();
        if (!Files.isDirectory(dir)) {
            return names;
        }
        try (Stream<Path> s = Files.list(dir)) {
            s.filter(Files::isDirectory).forEach(p -> names.add(p.getFileName().toString()
                    .toLowerCase(Locale.ROOT)));
        } catch (IOException e) {
            // an unreadable folder shows up as missing classes in the report
        }
        return names;
    }
}
