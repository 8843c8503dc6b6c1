package org.logokit.data;

import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;
import javax.imageio.ImageIO;

/**
 * Reader for a FlickrLogos-32 v2 tree ({@code FlickrLogos-v2/} from
 * {@code FlickrLogos-32_dataset_v2.zip}) or anything in the same layout, such as SynthLogos-32.
 *
 * <pre>
 * FlickrLogos-v2/
 *   trainset.txt  valset.txt  testset.txt  trainvalset.txt  all.txt     class,file.jpg
 *   *-logosonly.txt  *-nologos.txt                                    the same, filtered
 *   *.relpaths.txt                                                    classes/jpg/&lt;class&gt;/&lt;file&gt;
 *   *.spaces.txt                                                      class file.jpg
 *   classes/jpg/&lt;class&gt;/&lt;id&gt;.jpg                                      the images
 *   classes/masks/&lt;class&gt;/&lt;id&gt;.jpg.bboxes.txt                          x y width height per logo
 *   classes/masks/&lt;class&gt;/&lt;id&gt;.jpg.mask.&lt;k&gt;.png, .mask.merged.png      optional masks
 * </pre>
 *
 * Folder names are matched case-insensitively ({@code classes/jpg/HP} but {@code classes/masks/hp}).
 * Boxes are returned as XYXY float pixels ({@link PixelBox}); FlickrLogos stores integer
 * {@code x y width height}. Under {@link LoadMode#STRICT} (the default) bad input throws a
 * {@link DatasetFormatException} naming file and line; under {@link LoadMode#LENIENT} it is skipped
 * and listed in {@link #issues()}. No path read from a list may leave the root.
 */
public final class FlickrLogos32 {
    private final Path root;
    private final PathGuard guard;
    private final IssueCollector issues;
    private final Map<String, String> imageFolders;
    private final Map<String, String> maskFolders;
    private final Map<String, List<LogoImage>> lists = new ConcurrentHashMap<>();
    private final Map<Path, LogoImage> images = new ConcurrentHashMap<>();

    private FlickrLogos32(Path root, LoadMode mode) throws IOException {
        this.root = root;
        this.guard = new PathGuard(root);
        this.issues = new IssueCollector(mode);
        this.imageFolders = folders(root.resolve("classes").resolve("jpg"));
        this.maskFolders = folders(root.resolve("classes").resolve("masks"));
    }

    /** Opens a tree strictly: the first bad line or missing file throws. See {@link #open(Path, LoadMode)}. */
    public static FlickrLogos32 open(Path root) {
        return open(root, LoadMode.STRICT);
    }

    /**
     * Opens a FlickrLogos-v2 tree. Lists are read on first use.
     *
     * @param root the {@code FlickrLogos-v2} folder (the folder that holds it is accepted too)
     * @param mode what to do with bad input
     * @throws DatasetFormatException if the folder does not look like FlickrLogos-v2; the message
     *     says what is missing
     */
    public static FlickrLogos32 open(Path root, LoadMode mode) {
        Path dir = root.toAbsolutePath().normalize();
        if (!Files.isDirectory(dir.resolve("classes")) && Files.isDirectory(
                dir.resolve("FlickrLogos-v2").resolve("classes"))) {
            dir = dir.resolve("FlickrLogos-v2");
        }
        if (!Files.isDirectory(dir)) {
            throw new DatasetFormatException(dir, 0, "no such folder. Point FLICKRLOGOS32_ROOT (or "
                    + "-Dlogokit.flickrlogos32) at the FlickrLogos-v2 folder unpacked from "
                    + "FlickrLogos-32_dataset_v2.zip, e.g. with data-scripts/import-flickrlogos");
        }
        if (!Files.isDirectory(dir.resolve("classes").resolve("jpg"))) {
            throw new DatasetFormatException(dir, 0, "this is not a FlickrLogos-v2 folder: it has no "
                    + "classes/jpg/ subfolder. Point at the folder that holds classes/ and trainset.txt");
        }
        try {
            return new FlickrLogos32(dir, mode);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot open " + dir + ": " + e.getMessage(), e);
        }
    }

    /** The dataset's root folder ({@code .../FlickrLogos-v2}). */
    public Path root() {
        return root;
    }

    /** The load mode this reader was opened with. */
    public LoadMode mode() {
        return issues.mode();
    }

    /** Everything a lenient load skipped so far (always empty under STRICT). */
    public List<LoadIssue> issues() {
        return issues.issues();
    }

    /** All images of an official split. */
    public List<LogoImage> split(Split split) {
        return list(split, ListVariant.ALL_IMAGES);
    }

    /**
     * The images of one list of the dataset, e.g. {@code list(Split.VAL, ListVariant.NO_LOGOS)} for
     * {@code valset-nologos.txt}. The comma list is preferred, then {@code .relpaths.txt}, then
     * {@code .spaces.txt}; a missing variant file is derived by filtering the split's full list.
     *
     * @throws DatasetFormatException if no list file for the split exists
     */
    public List<LogoImage> list(Split split, ListVariant variant) {
        String base = split.baseName() + variant.suffix();
        for (String ending : List.of(".txt", ".relpaths.txt", ".spaces.txt")) {
            if (Files.isRegularFile(root.resolve(base + ending))) {
                return listFile(base + ending);
            }
        }
        if (variant != ListVariant.ALL_IMAGES) {
            return split(split).stream().filter(i -> variant.accepts(i.classId())).toList();
        }
        throw new DatasetFormatException(root.resolve(base + ".txt"), 0, "missing list file (also "
                + "looked for " + base + ".relpaths.txt and " + base + ".spaces.txt). Is " + root
                + " a complete FlickrLogos-v2 folder? Re-run data-scripts/import-flickrlogos");
    }

    /**
     * The images named by a list file in the root, by file name (e.g. {@code valset-nologos.relpaths.txt}).
     * Under LENIENT, lines naming missing images or unreadable box files are skipped.
     */
    public List<LogoImage> listFile(String fileName) {
        return lists.computeIfAbsent(fileName, name -> {
            Path file = guard.resolve(name, root, 0);
            List<LogoImage> result = new ArrayList<>();
            Set<String> seen = new HashSet<>();
            for (ListEntry entry : ImageListFile.read(file, issues)) {
                if (!seen.add(entry.relativePath().toLowerCase(Locale.ROOT))) {
                    issues.report(file, entry.line(), "'" + entry.fileName() + "' of class "
                            + LogoClasses.nameOf(entry.classId()) + " is listed twice", "the repeat");
                    continue;
                }
                LogoImage image = toImage(entry, file);
                if (image != null) {
                    result.add(image);
                }
            }
            return List.copyOf(result);
        });
    }

    /**
     * Reads an image's pixels (as RGB) with its boxes clipped to the image.
     *
     * @throws DatasetFormatException if the file is not a readable image, or (STRICT) a box lies
     *     entirely outside it; under LENIENT such a box is dropped and recorded
     */
    public AnnotatedImage read(LogoImage image) {
        BufferedImage rgb = readImage(image);
        List<PixelBox> boxes = new ArrayList<>();
        List<Integer> ids = new ArrayList<>();
        for (BoxFile.Line line : image.boxLines()) {
            PixelBox clipped = line.box().clip(rgb.getWidth(), rgb.getHeight());
            if (!clipped.isValid()) {
                issues.report(image.boxFile(), line.line(), "box " + line.box() + " lies outside the "
                        + rgb.getWidth() + "x" + rgb.getHeight() + " image", "the box");
                continue;
            }
            boxes.add(clipped);
            ids.add(image.classId());
        }
        return new AnnotatedImage(rgb, boxes, ids);
    }

    /**
     * Reads an image's pixels as an RGB {@link BufferedImage} (grey and paletted JPEGs are converted).
     *
     * @throws DatasetFormatException if the file is missing or not a readable image
     */
    public static BufferedImage readImage(LogoImage image) {
        Path path = image.imagePath();
        BufferedImage raw;
        try {
            raw = ImageIO.read(path.toFile());
        } catch (IOException e) {
            throw new DatasetFormatException(path, 0, "cannot decode the image (" + e.getMessage()
                    + "). Replace the file from the original zip or remove it from the lists");
        }
        if (raw == null) {
            throw new DatasetFormatException(path, 0, "not an image ImageIO can read (corrupt or "
                    + "not a JPEG/PNG). Replace the file from the original zip or remove it from the lists");
        }
        if (raw.getType() == BufferedImage.TYPE_INT_RGB) {
            return raw;
        }
        BufferedImage rgb = new BufferedImage(raw.getWidth(), raw.getHeight(),
                BufferedImage.TYPE_INT_RGB);
        Graphics2D g = rgb.createGraphics();
        g.drawImage(raw, 0, 0, null);
        g.dispose();
        return rgb;
    }

    /**
     * An image's width and height from its file header, without decoding the pixels (fast enough
     * to size every box of a split).
     *
     * @return {width, height} in pixels
     * @throws DatasetFormatException if the file is missing or not an image ImageIO can read
     */
    public static int[] imageSize(LogoImage image) {
        int[] size = DatasetVerifier.imageSize(image.imagePath());
        if (size == null) {
            throw new DatasetFormatException(image.imagePath(), 0, "cannot read the image header"
                    + " (missing, corrupt or not a JPEG/PNG). Replace the file from the original zip"
                    + " or remove it from the lists");
        }
        return size;
    }

    /** The per-logo masks {@code <id>.jpg.mask.<k>.png} of an image, in order of k (may be empty). */
    public List<Path> masks(LogoImage image) {
        Path dir = maskDir(image.classId());
        if (dir == null || !Files.isDirectory(dir)) {
            return List.of();
        }
        String prefix = image.fileName() + ".mask.";
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(p -> {
                String n = p.getFileName().toString();
                return n.startsWith(prefix) && n.endsWith(".png")
                        && n.substring(prefix.length(), n.length() - 4).matches("\\d+");
            }).sorted((a, b) -> Integer.compare(maskIndex(a, prefix), maskIndex(b, prefix))).toList();
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot list masks in " + dir, e);
        }
    }

    /** The merged mask {@code <id>.jpg.mask.merged.png} of an image, when the dataset has it. */
    public Optional<Path> mergedMask(LogoImage image) {
        Path dir = maskDir(image.classId());
        if (dir == null) {
            return Optional.empty();
        }
        Path merged = dir.resolve(image.fileName() + ".mask.merged.png");
        return Files.isRegularFile(merged) ? Optional.of(merged) : Optional.empty();
    }

    private LogoImage toImage(ListEntry entry, Path listFile) {
        String folder = imageFolders.getOrDefault(
                LogoClasses.nameOf(entry.classId()).toLowerCase(Locale.ROOT),
                LogoClasses.imageFolder(entry.classId()));
        Path imagePath = guard.resolve("classes/jpg/" + folder + "/" + entry.fileName(), listFile,
                entry.line());
        LogoImage known = images.get(imagePath);
        if (known != null) {
            return known;
        }
        if (!Files.isRegularFile(imagePath)) {
            issues.report(listFile, entry.line(), "image " + root.relativize(imagePath)
                    + " is listed but missing", "the image");
            return null;
        }
        Path boxFile = null;
        List<BoxFile.Line> boxes = List.of();
        if (entry.classId() != LogoClasses.NO_LOGO_ID) {
            Path dir = maskDir(entry.classId());
            String rel = "classes/masks/" + (dir == null ? LogoClasses.maskFolder(entry.classId())
                    : dir.getFileName().toString()) + "/" + entry.fileName() + ".bboxes.txt";
            boxFile = guard.resolve(rel, listFile, entry.line());
            if (!Files.isRegularFile(boxFile)) {
                issues.report(listFile, entry.line(), "logo image " + entry.fileName() + " has no box "
                        + "file " + root.relativize(boxFile), "the image");
                return null;
            }
            boxes = BoxFile.read(boxFile, issues);
        }
        LogoImage image = new LogoImage(entry.classId(), entry.fileName(), imagePath, boxFile, boxes);
        images.putIfAbsent(imagePath, image);
        return image;
    }

    private Path maskDir(int classId) {
        String folder = maskFolders.get(LogoClasses.nameOf(classId).toLowerCase(Locale.ROOT));
        return folder == null ? null : root.resolve("classes").resolve("masks").resolve(folder);
    }

    private static int maskIndex(Path p, String prefix) {
        String n = p.getFileName().toString();
        return Integer.parseInt(n.substring(prefix.length(), n.length() - 4));
    }

    /** Maps lower-case folder names to their spelling on disk, e.g. hp -> HP. */
    private static Map<String, String> folders(Path dir) throws IOException {
        Map<String, String> map = new HashMap<>();
        if (Files.isDirectory(dir)) {
            try (Stream<Path> children = Files.list(dir)) {
                children.filter(Files::isDirectory).forEach(p -> {
                    String name = p.getFileName().toString();
                    map.putIfAbsent(name.toLowerCase(Locale.ROOT), name);
                });
            }
        }
        return map;
    }
}
