package org.logokit.data.tools;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.Comparator;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;
import org.logokit.config.KitPaths;
import org.logokit.data.DatasetDownloader;
import org.logokit.data.DatasetFormatException;
import org.logokit.data.DatasetVerifier;
import org.logokit.data.VerificationReport;
import org.logokit.data.ZipUnpacker;

/**
 * {@code data-scripts/import-flickrlogos}: imports a user's FlickrLogos-32 v2 copy (a zip file, a
 * URL with the credentials the authors sent, or an unpacked folder), checks it against the official
 * counts and prints a report. Exit status 0 when the tree matches, 2 when it does not, 1 on error.
 */
public final class ImportFlickrLogos {
    private static final String USAGE = """
            Usage: data-scripts/import-flickrlogos ZIP_OR_URL [options]
                   data-scripts/import-flickrlogos --folder UNPACKED_FOLDER [options]
              --dest DIR        where to put FlickrLogos-v2 (default <dataDir>/FlickrLogos-32)
              --user NAME       user name for a URL that needs one
              --password PW     the password the FlickrLogos-32 authors sent you (or set
                                FLICKRLOGOS32_PASSWORD): opens an encrypted zip (ZipCrypto,
                                as 'zip -P' writes it, or AES, as 7-Zip can), and is sent to
                                a URL that asks for a login (HTTP basic authentication)
              --zip-password PW the zip's password when it differs from the download's
              --check-images    also read every image header and check the boxes fit
              --any-counts      report counts without comparing to the official ones
              --force           replace an existing FlickrLogos-v2 in --dest
            """;

    private ImportFlickrLogos() {}

    /** Runs the import; see the usage text. */
    public static void main(String[] args) {
        try {
            System.exit(run(args));
        } catch (IllegalArgumentException | IOException | DatasetFormatException e) {
            CommandLine.fail(e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            CommandLine.fail("interrupted");
        }
    }

    static int run(String[] args) throws IOException, InterruptedException {
        CommandLine cl;
        try {
            cl = new CommandLine(args, Set.of("dest", "user", "password", "zip-password", "folder"),
                    Set.of("check-images", "any-counts", "force", "help"));
        } catch (IllegalArgumentException e) {
            System.out.print(USAGE);
            throw e;
        }
        if (cl.flag("help") || (cl.positional().isEmpty() && cl.value("folder") == null)) {
            System.out.print(USAGE);
            return cl.flag("help") ? 0 : 1;
        }
        Path root;
        if (cl.value("folder") != null) {
            root = findRoot(Paths.get(cl.value("folder"))).orElseThrow(() -> new IOException(
                    cl.value("folder") + " holds no FlickrLogos-v2 tree (no classes/jpg folder)."));
        } else {
            Path dest = cl.value("dest") != null ? Paths.get(cl.value("dest"))
                    : KitPaths.dataDir().resolve("FlickrLogos-32");
            String source = cl.positional().get(0);
            String password = cl.value("password") != null ? cl.value("password")
                    : System.getenv("FLICKRLOGOS32_PASSWORD");
            String zipPassword = cl.value("zip-password") != null ? cl.value("zip-password")
                    : password;
            Path zip;
            if (source.startsWith("http://") || source.startsWith("https://")) {
                zip = DatasetDownloader.download(URI.create(source), cl.value("user"), password,
                        dest.resolve("FlickrLogos-32_dataset_v2.zip"));
            } else {
                zip = Paths.get(source);
                if (!Files.isRegularFile(zip)) {
                    throw new IOException("no such file: " + zip + ". Pass the path of "
                            + "FlickrLogos-32_dataset_v2.zip (or its URL).");
                }
            }
            root = unpack(zip, dest, zipPassword, cl.flag("force"));
        }
        System.out.println("Checking " + root + " ...");
        VerificationReport report = DatasetVerifier.verify(root, !cl.flag("any-counts"),
                cl.flag("check-images"));
        System.out.print(report);
        if (report.passed()) {
            System.out.println("Use it with:  export FLICKRLOGOS32_ROOT=" + report.root());
            return 0;
        }
        return 2;
    }

    /**
     * Unpacks into a scratch folder beside the destination, then moves FlickrLogos-v2 into place.
     * The scratch folder is removed when unpacking fails, so a failed import leaves nothing behind.
     *
     * @param password the zip's password, or null for an unencrypted zip
     */
    static Path unpack(Path zip, Path dest, String password, boolean force) throws IOException {
        Path target = dest.resolve("FlickrLogos-v2");
        if (Files.exists(target)) {
            if (!force) {
                throw new IOException(target + " already exists. Check it with --folder " + target
                        + ", or pass --force to replace it.");
            }
            deleteTree(target);
        }
        Path scratch = dest.resolve(".unpacking");
        deleteTree(scratch);
        int files;
        try {
            files = new ZipUnpacker().unpack(zip, scratch, password);
        } catch (IOException | RuntimeException e) {
            deleteTree(scratch);
            throw e;
        }
        System.out.println("Unpacked " + files + " files.");
        Path found = findRoot(scratch).orElseThrow(() -> new IOException(zip + " holds no "
                + "FlickrLogos-v2 tree (no classes/jpg folder): is it FlickrLogos-32_dataset_v2.zip?"));
        Files.move(found, target);
        deleteTree(scratch);
        return target;
    }

    /** The folder at or below {@code dir} (at most 3 levels) that holds {@code classes/jpg}. */
    static Optional<Path> findRoot(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) {
            return Optional.empty();
        }
        try (Stream<Path> s = Files.walk(dir, 3)) {
            return s.filter(p -> Files.isDirectory(p.resolve("classes").resolve("jpg")))
                    .min(Comparator.comparingInt(Path::getNameCount));
        }
    }

    private static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> s = Files.walk(dir)) {
            for (Path p : (Iterable<Path>) s.sorted(Comparator.reverseOrder())::iterator) {
                Files.delete(p);
            }
        }
    }
}
