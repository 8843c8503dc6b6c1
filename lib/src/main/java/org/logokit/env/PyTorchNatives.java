package org.logokit.env;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Where DJL's PyTorch engine loaded libtorch from: the CPU build bundled with the kit, or a local
 * folder named by DJL's {@code PYTORCH_LIBRARY_PATH} (with {@code PYTORCH_VERSION} and
 * {@code PYTORCH_FLAVOR}; written by {@code environment/setup --libtorch DIR}), which is how an
 * offline GPU machine uses a CUDA build of libtorch 2.7.1.
 *
 * @param configuredFolder {@code PYTORCH_LIBRARY_PATH}, or null when not set
 * @param loadedFolder the folder the running engine loaded libtorch from, or null when PyTorch is
 *     not loaded in this JVM
 * @param version {@code PYTORCH_VERSION} when set, else the engine's own version (or null)
 * @param flavor {@code PYTORCH_FLAVOR} (e.g. {@code cu128}), or null when not set
 * @param gpuCount GPUs the PyTorch engine sees
 */
public record PyTorchNatives(String configuredFolder, String loadedFolder, String version, String flavor,
        int gpuCount) {

    /** Reads the settings and, when the engine is loaded, where it loaded libtorch from. */
    static PyTorchNatives probe(EngineStatus pytorch) {
        String loaded = null;
        if (pytorch != null && pytorch.loaded()) {
            try {
                Class<?> libUtils = Class.forName("ai.djl.pytorch.jni.LibUtils");
                loaded = String.valueOf(libUtils.getMethod("getLibtorchPath").invoke(null));
            } catch (ReflectiveOperationException | RuntimeException | LinkageError e) {
                loaded = null;
            }
        }
        String version = setting("PYTORCH_VERSION");
        if (version == null && pytorch != null) {
            version = pytorch.version();
        }
        return new PyTorchNatives(setting("PYTORCH_LIBRARY_PATH"), loaded, version, setting("PYTORCH_FLAVOR"),
                pytorch == null ? 0 : pytorch.gpuCount());
    }

    /** Whether the engine runs the libtorch of the configured folder. */
    public boolean usesConfiguredFolder() {
        return configuredFolder != null && loadedFolder != null && same(configuredFolder, loadedFolder);
    }

    /** Doctor lines (empty when PyTorch is not loaded and no folder is configured). */
    public List<String> doctorLines() {
        List<String> lines = new ArrayList<>();
        if (configuredFolder == null) {
            if (loadedFolder != null) {
                lines.add("OK    PyTorch natives: the bundled build, extracted to " + loadedFolder
                        + " (a local CUDA libtorch: environment/setup --gpu --libtorch DIR)");
            }
            return lines;
        }
        if (loadedFolder == null) {
            lines.add("FAIL  PyTorch natives: PYTORCH_LIBRARY_PATH=" + configuredFolder + " but the engine did not"
                    + " load. Fix: environment/setup --libtorch DIR with a libtorch 2.7.1 folder, or --libtorch none.");
            return lines;
        }
        if (!usesConfiguredFolder()) {
            lines.add("FAIL  PyTorch natives: PYTORCH_LIBRARY_PATH=" + configuredFolder + " but libtorch came from "
                    + loadedFolder + ". Fix: point it at the folder holding libtorch.so (environment/setup --libtorch DIR).");
            return lines;
        }
        String kind = flavor == null ? "" : " " + flavor;
        lines.add("OK    PyTorch natives: libtorch " + version + kind + " from " + configuredFolder
                + " (PYTORCH_LIBRARY_PATH; environment/setup --libtorch none goes back to the bundled build)");
        if (flavor != null && flavor.startsWith("cu") && gpuCount == 0) {
            lines.add("WARN  the libtorch folder is a CUDA build (" + flavor + ") but PyTorch sees no GPU: it runs on"
                    + " the CPU. Fix: check the NVIDIA driver (nvidia-smi) and that the folder's CUDA libraries"
                    + " (for a pip wheel: the nvidia-* packages beside torch) are complete.");
        } else if (flavor != null && flavor.startsWith("cu")) {
            lines.add("OK    PyTorch sees " + gpuCount + " GPU(s) through the " + flavor + " libtorch");
        }
        return lines;
    }

    private static boolean same(String a, String b) {
        try {
            return Files.isSameFile(Path.of(a), Path.of(b));
        } catch (IOException | RuntimeException e) {
            return Path.of(a).toAbsolutePath().normalize().equals(Path.of(b).toAbsolutePath().normalize());
        }
    }

    private static String setting(String name) {
        String value = System.getProperty(name, System.getenv(name));
        return value == null || value.isBlank() ? null : value;
    }
}
