package org.logokit.kernellauncher;

import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The course settings a student sets in the environment that starts Jupyter, applied in the
 * kernel's JVM before the kernel itself starts. The same code runs under every supported kernel
 * (rapaio through {@link RapaioLauncher}, IJava and JJava through {@link KernelMain}), so a setting
 * means the same everywhere.
 *
 * <ul>
 *   <li>{@code LOGOKIT_ENGINE=MXNet|PyTorch}: DJL's default engine for this session, as the system
 *       property {@code ai.djl.default_engine}, which DJL prefers to the {@code DJL_DEFAULT_ENGINE}
 *       that kernel.json sets (the engine chosen at setup).
 *   <li>{@code LOGOKIT_LOG=error|warn|info|debug|trace}: the level of the library's (and DJL's)
 *       slf4j-simple log, which goes to the cell's stdout; default {@code warn}.
 *   <li>{@code LOGOKIT_KERNEL_LOG=FINE|INFO|WARNING|...}: the level of the kernel's own
 *       java.util.logging output on the kernel's stderr (Jupyter's log, not the cell); default
 *       {@code WARNING}.
 * </ul>
 *
 * <p>{@code LOGOKIT_PROFILE} needs nothing here: the library reads it from the environment
 * ({@code org.logokit.config.Profile}). A value this class does not know is reported on the
 * kernel's stderr and ignored, except an engine name, which is passed on so that DJL's own error
 * ("engine not found") names it in the first cell that uses an engine.
 */
public final class KernelSettings {

    /** DJL's system property for the default engine. */
    static final String ENGINE_PROPERTY = "ai.djl.default_engine";
    /** slf4j-simple's system property for the default log level. */
    static final String LOG_LEVEL_PROPERTY = "org.slf4j.simpleLogger.defaultLogLevel";

    private static final Map<String, String> ENGINE_NAMES = Map.of("mxnet", "MXNet", "pytorch", "PyTorch");
    private static final Set<String> LOG_LEVELS = Set.of("error", "warn", "info", "debug", "trace", "off");

    private KernelSettings() {}

    /** Applies every setting found in this process's environment. */
    public static void apply() {
        applyEngine(System.getenv("LOGOKIT_ENGINE"));
        applyLibraryLog(System.getenv("LOGOKIT_LOG"));
        applyKernelLog(System.getenv("LOGOKIT_KERNEL_LOG"));
    }

    private static void applyEngine(String value) {
        if (value == null || value.isBlank()) {
            return;
        }
        String name = ENGINE_NAMES.getOrDefault(value.trim().toLowerCase(Locale.ROOT), value.trim());
        if (!ENGINE_NAMES.containsValue(name)) {
            System.err.println("logokit kernel: LOGOKIT_ENGINE=" + value + " is not an engine of the course"
                    + " (MXNet or PyTorch); passing it to DJL as it is");
        }
        System.setProperty(ENGINE_PROPERTY, name);
    }

    private static void applyLibraryLog(String value) {
        if (value == null || value.isBlank()) {
            return;
        }
        String level = value.trim().toLowerCase(Locale.ROOT);
        if (level.equals("warning")) {
            level = "warn";
        }
        if (!LOG_LEVELS.contains(level)) {
            System.err.println("logokit kernel: LOGOKIT_LOG=" + value + " ignored: use error, warn, info,"
                    + " debug or trace");
            return;
        }
        System.setProperty(LOG_LEVEL_PROPERTY, level);
    }

    /** True when {@code LOGOKIT_KERNEL_LOG} asks for the kernel's informational messages. */
    static boolean verboseKernelLog() {
        Level level = kernelLogLevel(System.getenv("LOGOKIT_KERNEL_LOG"));
        return level != null && level.intValue() <= Level.INFO.intValue();
    }

    /** The level named by {@code value}; WARNING when unset, null when it names no level. */
    private static Level kernelLogLevel(String value) {
        if (value == null || value.isBlank()) {
            return Level.WARNING;
        }
        try {
            return Level.parse(value.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    /** Kernels log every message at INFO to stderr; keep warnings only unless asked otherwise. */
    private static void applyKernelLog(String value) {
        Level level = kernelLogLevel(value);
        if (level == null) {
            System.err.println("logokit kernel: LOGOKIT_KERNEL_LOG=" + value + " ignored: use a"
                    + " java.util.logging level such as WARNING, INFO or FINE");
            level = Level.WARNING;
        }
        Logger root = Logger.getLogger("");
        root.setLevel(level);
        for (var handler : root.getHandlers()) {
            handler.setLevel(level);
        }
    }
}
