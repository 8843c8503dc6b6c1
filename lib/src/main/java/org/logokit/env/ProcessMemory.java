package org.logokit.env;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * How much memory this process holds, native memory included (what a DJL engine allocates outside
 * the Java heap shows here and nowhere else). Linux only; elsewhere the values are -1.
 */
public final class ProcessMemory {
    private static final Path STATUS = Path.of("/proc/self/status");

    private ProcessMemory() {}

    /** Resident set size in megabytes (VmRSS), or -1 where unknown. */
    public static long residentMegabytes() {
        return statusKilobytes("VmRSS:") / 1024;
    }

    /** Peak resident set size in megabytes (VmHWM), or -1 where unknown. */
    public static long peakResidentMegabytes() {
        return statusKilobytes("VmHWM:") / 1024;
    }

    private static long statusKilobytes(String key) {
        if (!Files.isReadable(STATUS)) {
            return -1024;
        }
        try {
            for (String line : Files.readAllLines(STATUS)) {
                if (line.startsWith(key)) {
                    String[] parts = line.substring(key.length()).trim().split("\\s+");
                    return Long.parseLong(parts[0]);
                }
            }
        } catch (IOException | NumberFormatException e) {
            return -1024;
        }
        return -1024;
    }
}
