package org.logokit.config;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;

/**
 * Where the kit lives on disk.
 *
 * <p>The kit's home (the folder holding {@code lib/pom.xml}) comes from the system property
 * {@code logokit.home}, else the environment variable {@code LOGOKIT_HOME} (the course kernel sets
 * it), else the nearest parent of the working directory that holds {@code lib/pom.xml}. Data goes
 * under {@code LOGOKIT_DATA_DIR}, default {@code <home>/data}.
 */
public final class KitPaths {
    private KitPaths() {}

    /**
     * Returns the kit's home folder.
     *
     * @throws IllegalStateException when no setting names it and no parent folder holds
     *     {@code lib/pom.xml}; the message says how to set it
     */
    public static Path home() {
        String configured = setting("logokit.home", "LOGOKIT_HOME");
        if (configured != null) {
            return Paths.get(configured).toAbsolutePath().normalize();
        }
        for (Path dir = Paths.get("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            if (Files.isRegularFile(dir.resolve("lib").resolve("pom.xml"))) {
                return dir;
            }
        }
        throw new IllegalStateException("Cannot find the course kit's folder from "
                + Paths.get("").toAbsolutePath() + ". Start Jupyter with environment/start, or set "
                + "LOGOKIT_HOME to the folder that holds README.md and lib/.");
    }

    /** Returns the folder for data sets and caches: {@code LOGOKIT_DATA_DIR} or {@code <home>/data}. */
    public static Path dataDir() {
        String configured = setting("logokit.data.dir", "LOGOKIT_DATA_DIR");
        return configured != null
                ? Paths.get(configured).toAbsolutePath().normalize()
                : home().resolve("data");
    }

    /** Returns a system property, else an environment variable, else null (blank counts as unset). */
    static String setting(String property, String env) {
        String value = System.getProperty(property);
        if (value == null || value.isBlank()) {
            value = System.getenv(env);
        }
        return value == null || value.isBlank() ? null : value;
    }
}
