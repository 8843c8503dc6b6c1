package org.logokit.data;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import org.logokit.config.Profile;
import org.logokit.data.synth.SynthLogosGenerator;
import org.logokit.data.synth.SynthSize;

/**
 * Finds the logo dataset every notebook and training run uses.
 *
 * <ol>
 *   <li>The real FlickrLogos-32 when the system property {@code logokit.flickrlogos32} or the
 *       environment variable {@code FLICKRLOGOS32_ROOT} names its folder ({@code FlickrLogos-v2}, or
 *       the folder holding it). The folder is checked: it must hold {@code classes/jpg} and the
 *       split lists.</li>
 *   <li>Otherwise SynthLogos-32, the synthetic stand-in in the same layout, at
 *       {@code <dataDir>/SynthLogos-32/<size>/FlickrLogos-v2}: size {@code mini} under the smoke
 *       profile and {@code standard} under full. It is generated on first use (with a progress bar).</li>
 * </ol>
 */
public final class DatasetLocator {
    /** System property naming the real dataset's folder. */
    public static final String PROPERTY = "logokit.flickrlogos32";
    /** Environment variable naming the real dataset's folder. */
    public static final String ENV = "FLICKRLOGOS32_ROOT";

    private DatasetLocator() {}

    /** Returns the {@code FlickrLogos-v2} root of the dataset in use (see {@link #locate()}). */
    public static Path resolve() {
        return locate().root();
    }

    /** Returns the one-line description of the dataset in use, for notebooks to print. */
    public static String describe() {
        return locate().description();
    }

    /**
     * Finds (and on first use generates) the dataset in use.
     *
     * @throws DatasetFormatException if {@code FLICKRLOGOS32_ROOT} / {@code logokit.flickrlogos32}
     *     is set but does not name a FlickrLogos-v2 folder; the message says what is wrong
     */
    public static DatasetLocation locate() {
        String configured = System.getProperty(PROPERTY);
        String source = "system property " + PROPERTY;
        if (configured == null || configured.isBlank()) {
            configured = System.getenv(ENV);
            source = "environment variable " + ENV;
        }
        if (configured != null && !configured.isBlank()) {
            return real(Paths.get(configured.trim()), source);
        }
        SynthSize size = Profile.current().pick(SynthSize.MINI, SynthSize.STANDARD);
        return synthetic(size);
    }

    /**
     * Returns SynthLogos-32 of a given size under the default folder, generating it if needed.
     */
    public static DatasetLocation synthetic(SynthSize size) {
        Path root = SynthLogosGenerator.ensure(size);
        return new DatasetLocation(root, true, "SynthLogos-32 " + size.id()
                + " (synthetic stand-in for FlickrLogos-32) at " + root);
    }

    /**
     * Checks a real FlickrLogos-32 folder and describes it.
     *
     * @param folder the {@code FlickrLogos-v2} folder or the folder that holds it
     * @param source where the path came from, for messages
     */
    public static DatasetLocation real(Path folder, String source) {
        Path root = folder.toAbsolutePath().normalize();
        if (!Files.isDirectory(root.resolve("classes")) && Files.isDirectory(
                root.resolve("FlickrLogos-v2").resolve("classes"))) {
            root = root.resolve("FlickrLogos-v2");
        }
        String fix = " Set " + source + " to the FlickrLogos-v2 folder unpacked from "
                + "FlickrLogos-32_dataset_v2.zip (data-scripts/import-flickrlogos does it), or unset "
                + "it to use the synthetic SynthLogos-32.";
        if (!Files.isDirectory(root)) {
            throw new DatasetFormatException(root, 0, source + " names a folder that does not exist."
                    + fix);
        }
        if (!Files.isDirectory(root.resolve("classes").resolve("jpg"))) {
            throw new DatasetFormatException(root, 0, "the folder named by " + source + " has no "
                    + "classes/jpg/: it is not a FlickrLogos-v2 folder." + fix);
        }
        for (Split split : new Split[] {Split.TRAIN, Split.VAL, Split.TEST}) {
            boolean found = false;
            for (String ending : new String[] {".txt", ".relpaths.txt", ".spaces.txt"}) {
                found |= Files.isRegularFile(root.resolve(split.baseName() + ending));
            }
            if (!found) {
                throw new DatasetFormatException(root.resolve(split.baseName() + ".txt"), 0,
                        "missing split list in the folder named by " + source + "." + fix);
            }
        }
        return new DatasetLocation(root, false, "FlickrLogos-32 at " + root);
    }
}
