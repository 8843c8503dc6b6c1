package org.logokit.config;

import java.util.Locale;

/**
 * How much work the course does: {@link #SMOKE} for CI and quick checks (tiny data, one or two
 * epochs), {@link #FULL} for a student's real run.
 *
 * <p>Chosen by the system property {@code logokit.profile} or the environment variable
 * {@code LOGOKIT_PROFILE} (values {@code smoke} or {@code full}, case-insensitive); the default is
 * {@code full}. Every notebook asks this class instead of hard-coding sizes, e.g.
 * {@code int epochs = Profile.current().pick(1, 10);}.
 */
public enum Profile {
    /** Tiny data and one or two epochs: every notebook in seconds. Used by CI. */
    SMOKE,
    /** The real thing: full data sets and enough epochs to learn something. */
    FULL;

    /** Name of the system property that selects the profile. */
    public static final String PROPERTY = "logokit.profile";
    /** Name of the environment variable that selects the profile. */
    public static final String ENV = "LOGOKIT_PROFILE";

    /**
     * Returns the active profile.
     *
     * @throws IllegalArgumentException if the setting names no profile; the message says which
     *     values are allowed
     */
    public static Profile current() {
        String value = System.getProperty(PROPERTY);
        String source = "system property " + PROPERTY;
        if (value == null || value.isBlank()) {
            value = System.getenv(ENV);
            source = "environment variable " + ENV;
        }
        if (value == null || value.isBlank()) {
            return FULL;
        }
        return parse(value, source);
    }

    /**
     * Parses a profile name.
     *
     * @param value {@code smoke} or {@code full}, any case
     * @param source where the value came from, for the error message
     */
    public static Profile parse(String value, String source) {
        switch (value.trim().toLowerCase(Locale.ROOT)) {
            case "smoke":
                return SMOKE;
            case "full":
                return FULL;
            default:
                throw new IllegalArgumentException("Unknown course profile '" + value + "' in "
                        + source + ": use 'smoke' (tiny, for CI) or 'full'.");
        }
    }

    /** Returns {@code smoke} under the smoke profile and {@code full} otherwise. */
    public <T> T pick(T smoke, T full) {
        return this == SMOKE ? smoke : full;
    }

    /** Primitive-int variant of {@link #pick(Object, Object)}. */
    public int pick(int smoke, int full) {
        return this == SMOKE ? smoke : full;
    }

    /** Primitive-double variant of {@link #pick(Object, Object)}. */
    public double pick(double smoke, double full) {
        return this == SMOKE ? smoke : full;
    }
}
