package org.logokit.data.synth;

import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Stream;
import javax.imageio.ImageIO;

/**
 * The real photographs SynthLogos-32 draws its backgrounds from: a catalogue of licensed photos in
 * Debian packages (scikit-image's samples and photo wallpapers), their import into a folder, and
 * what a folder holds.
 *
 * <p>{@code data-scripts/fetch-backgrounds} (run by {@code environment/setup}) downloads the
 * packages with {@code apt-get download}, unpacks the catalogued files with {@code dpkg-deb} (nothing
 * is installed) and calls {@link #importFrom}, which writes into the folder (default
 * {@code <dataDir>/backgrounds}):
 *
 * <pre>
 * &lt;name&gt;.jpg               the photo, longest side at most {@value #STORED_SIDE} pixels
 * &lt;name&gt;.jpg.license.txt   its title, author, licence and source package, next to it
 * LICENSES.md               all of them in one table
 * photos.tsv                the manifest the generator reads (written last: the folder is complete)
 * </pre>
 */
public final class BackgroundPhotos {
    /** The manifest of an imported folder, written last. */
    public static final String MANIFEST = "photos.tsv";
    /** The table of all photos and their licences in an imported folder. */
    public static final String LICENSES = "LICENSES.md";
    /** Photos a complete import holds at least (the catalogue lists a few more). */
    public static final int MIN_PHOTOS = 50;
    /** Longest side of a stored photo, in pixels (crops for the 800-pixel full size still fit). */
    public static final int STORED_SIDE = 1024;
    private static final String CATALOG = "background-photos.tsv";

    private BackgroundPhotos() {}

    /**
     * One catalogued photograph.
     *
     * @param file the name it is stored under, e.g. {@code mate-ladybird.jpg}
     * @param debianPackage the Debian package that ships it
     * @param member its path inside the package (no leading slash)
     * @param title what it shows
     * @param author who made it (as the package's copyright file says)
     * @param licence its licence (SPDX identifier where there is one)
     */
    public record Photo(String file, String debianPackage, String member, String title,
            String author, String licence) {
        /** The text of the licence file stored next to the photo. */
        String licenceText(String packageVersion) {
            return file + "\n"
                    + "  shows:   " + title + "\n"
                    + "  author:  " + author + "\n"
                    + "  licence: " + licence + "\n"
                    + "  source:  Debian package " + debianPackage
                    + (packageVersion == null ? "" : " " + packageVersion) + ", /" + member + "\n"
                    + "  changes: scaled to at most " + STORED_SIDE + " pixels on the longest side,"
                    + " saved as JPEG; SynthLogos-32 uses random crops of it as backgrounds.\n";
        }
    }

    /** What an import did. */
    public record ImportReport(Path folder, int imported, List<String> missing) {
        @Override
        public String toString() {
            return imported + " photographs in " + folder
                    + (missing.isEmpty() ? "" : " (" + missing.size() + " not found: "
                    + String.join(", ", missing) + ")");
        }
    }

    /** The catalogue, in its file order. */
    public static List<Photo> catalog() {
        List<Photo> photos = new ArrayList<>();
        try (InputStream in = BackgroundPhotos.class.getResourceAsStream(CATALOG)) {
            if (in == null) {
                throw new IllegalStateException("the library lacks its resource " + CATALOG);
            }
            BufferedReader r = new BufferedReader(new InputStreamReader(in,
                    StandardCharsets.UTF_8));
            String line;
            while ((line = r.readLine()) != null) {
                if (line.isBlank() || line.startsWith("#")) {
                    continue;
                }
                String[] f = line.split("\t", -1);
                if (f.length != 6) {
                    throw new IllegalStateException(CATALOG + ": expected 6 tab-separated fields: "
                            + line);
                }
                photos.add(new Photo(f[0], f[1], f[2], f[3], f[4], f[5]));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + CATALOG, e);
        }
        return List.copyOf(photos);
    }

    /** The catalogue grouped by Debian package, packages in first-use order. */
    public static Map<String, List<Photo>> byPackage() {
        Map<String, List<Photo>> map = new LinkedHashMap<>();
        for (Photo p : catalog()) {
            map.computeIfAbsent(p.debianPackage(), k -> new ArrayList<>()).add(p);
        }
        return map;
    }

    /**
     * Imports the catalogued photos from unpacked packages: {@code extracted/<package>/<member>}.
     * Each photo is scaled to at most {@value #STORED_SIDE} pixels, saved as JPEG with its
     * licence file beside it; then {@value #LICENSES} and (last) {@value #MANIFEST} are written.
     * Photos missing from the packages (another Debian release) are skipped and reported.
     *
     * @param extracted folder holding one unpacked folder per package
     * @param dest the backgrounds folder
     * @param packageVersions version of each package, recorded with the licences (may be empty)
     * @return how many photos were imported and which were missing
     * @throws UncheckedIOException when {@code dest} cannot be written; the message names it
     */
    public static ImportReport importFrom(Path extracted, Path dest,
            Map<String, String> packageVersions) {
        Objects.requireNonNull(packageVersions, "packageVersions");
        List<String> missing = new ArrayList<>();
        List<String[]> rows = new ArrayList<>();
        try {
            Files.createDirectories(dest);
            Files.deleteIfExists(dest.resolve(MANIFEST)); // incomplete until rewritten
            for (Photo photo : catalog()) {
                Path source = extracted.resolve(photo.debianPackage()).resolve(photo.member());
                BufferedImage image = Files.isRegularFile(source) ? ImageIO.read(source.toFile())
                        : null;
                if (image == null) {
                    missing.add(photo.file());
                    continue;
                }
                BufferedImage stored = shrink(image, STORED_SIDE);
                Path target = dest.resolve(photo.file());
                Path part = dest.resolve(photo.file() + ".part");
                Files.write(part, FlickrLogosTreeWriter.jpeg(stored, 0.92f));
                Files.move(part, target, StandardCopyOption.REPLACE_EXISTING);
                String version = packageVersions.get(photo.debianPackage());
                Files.writeString(dest.resolve(photo.file() + ".license.txt"),
                        photo.licenceText(version));
                rows.add(new String[] {photo.file(), String.valueOf(stored.getWidth()),
                    String.valueOf(stored.getHeight()), photo.title(), photo.author(),
                    photo.licence(), photo.debianPackage() + (version == null ? "" : " " + version),
                    photo.member()});
            }
            Files.writeString(dest.resolve(LICENSES), licencesTable(rows));
            StringBuilder manifest = new StringBuilder("# file\twidth\theight\ttitle\tauthor"
                    + "\tlicence\tdebian package\tfile in the package\n");
            for (String[] row : rows) {
                manifest.append(String.join("\t", row)).append('\n');
            }
            Path part = dest.resolve(MANIFEST + ".part");
            Files.writeString(part, manifest);
            Files.move(part, dest.resolve(MANIFEST), StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot write the background photos to " + dest + " ("
                    + e + "). Choose another folder with --dest or LOGOKIT_DATA_DIR.", e);
        }
        return new ImportReport(dest, rows.size(), List.copyOf(missing));
    }

    /**
     * The photos of a backgrounds folder, in file-name order: those its manifest lists and that
     * exist there; in a folder without a manifest (your own photos), every JPEG and PNG file, with
     * the licence "not recorded". Empty when the folder is missing.
     */
    public static List<Photo> listed(Path folder) {
        List<Photo> photos = new ArrayList<>();
        if (folder == null || !Files.isDirectory(folder)) {
            return photos;
        }
        try {
            if (Files.isRegularFile(folder.resolve(MANIFEST))) {
                for (String line : Files.readAllLines(folder.resolve(MANIFEST))) {
                    String[] f = line.split("\t", -1);
                    if (line.startsWith("#") || f.length < 8 || f[0].contains("/")
                            || f[0].contains("\\") || !Files.isRegularFile(folder.resolve(f[0]))) {
                        continue;
                    }
                    photos.add(new Photo(f[0], f[6], f[7], f[3], f[4], f[5]));
                }
            } else {
                try (Stream<Path> files = Files.list(folder)) {
                    for (Path file : files.filter(Files::isRegularFile).toList()) {
                        String ext = extension(file);
                        if (ext.equals("jpg") || ext.equals("jpeg") || ext.equals("png")) {
                            String name = file.getFileName().toString();
                            photos.add(new Photo(name, "", "", name, "unknown",
                                    "not recorded (a photo you added)"));
                        }
                    }
                }
            }
        } catch (IOException e) {
            return List.of();
        }
        photos.sort(Comparator.comparing(Photo::file));
        return photos;
    }

    /**
     * One line on what a backgrounds folder holds, for {@code environment/doctor} and notices:
     * how many photographs, or that the generator falls back to procedural backgrounds.
     */
    public static String describe(Path folder) {
        int n = listed(folder).size();
        if (n == 0) {
            return "no background photographs in " + folder + ": SynthLogos-32 uses procedural "
                    + "backgrounds (run data-scripts/fetch-backgrounds to fetch real photographs)";
        }
        return n + " background photographs in " + folder + " (licences in " + LICENSES + ")";
    }

    private static String licencesTable(List<String[]> rows) {
        StringBuilder s = new StringBuilder("# Background photographs for SynthLogos-32\n\n");
        s.append("Fetched from Debian packages by `data-scripts/fetch-backgrounds` (not part of the "
                + "logokit repository). Each photo was scaled to at most ").append(STORED_SIDE)
                .append(" pixels on its longest side and saved as JPEG; SynthLogos-32 composes "
                + "synthetic logos onto random crops of them. Each photo's licence is also in "
                + "`<file>.license.txt` next to it.\n\n");
        s.append("| file | shows | author | licence | Debian package | file in the package |\n");
        s.append("|---|---|---|---|---|---|\n");
        for (String[] r : rows) {
            s.append("| ").append(r[0]).append(" | ").append(r[3]).append(" | ").append(r[4])
                    .append(" | ").append(r[5]).append(" | ").append(r[6]).append(" | /")
                    .append(r[7]).append(" |\n");
        }
        return s.toString();
    }

    /**
     * Scales an image so its longest side is at most {@code maxSide}, halving in steps so that
     * large photos are averaged rather than sampled (no aliasing); always returns RGB.
     */
    static BufferedImage shrink(BufferedImage image, int maxSide) {
        BufferedImage current = toRgb(image);
        while (Math.max(current.getWidth(), current.getHeight()) > maxSide) {
            double factor = Math.max(0.5, maxSide / (double) Math.max(current.getWidth(),
                    current.getHeight()));
            int w = Math.max(1, (int) Math.round(current.getWidth() * factor));
            int h = Math.max(1, (int) Math.round(current.getHeight() * factor));
            BufferedImage next = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
            Graphics2D g = next.createGraphics();
            try {
                g.setRenderingHint(RenderingHints.KEY_INTERPOLATION,
                        RenderingHints.VALUE_INTERPOLATION_BILINEAR);
                g.drawImage(current, 0, 0, w, h, null);
            } finally {
                g.dispose();
            }
            current = next;
        }
        return current;
    }

    private static BufferedImage toRgb(BufferedImage image) {
        if (image.getType() == BufferedImage.TYPE_INT_RGB) {
            return image;
        }
        BufferedImage rgb = new BufferedImage(image.getWidth(), image.getHeight(),
                BufferedImage.TYPE_INT_RGB);
        Graphics2D g = rgb.createGraphics();
        try {
            g.drawImage(image, 0, 0, null);
        } finally {
            g.dispose();
        }
        return rgb;
    }

    /** Lower-case file extension. */
    static String extension(Path file) {
        String name = file.getFileName().toString();
        int dot = name.lastIndexOf('.');
        return dot < 0 ? "" : name.substring(dot + 1).toLowerCase(Locale.ROOT);
    }
}
