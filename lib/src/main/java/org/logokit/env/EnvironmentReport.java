package org.logokit.env;

import ai.djl.engine.Engine;
import ai.djl.util.Utils;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;
import org.logokit.config.Profile;
import org.logokit.notebook.HtmlTable;
import org.logokit.notebook.Show;

/**
 * A snapshot of what the course runs on: Java, the DJL engines and their versions, GPUs and CUDA,
 * the DJL cache folder and whether DJL may use the network.
 *
 * <p>Notebook 00 shows it with {@code EnvironmentReport.collect().show()};
 * {@code environment/doctor} runs {@link #main(String[])} with {@code --doctor} and reads one
 * {@code OK}/{@code WARN}/{@code FAIL} line per check.
 *
 * @param javaVersion the running Java's version ({@code java.version})
 * @param javaHome the running Java's home folder
 * @param cpus processors available to the JVM
 * @param maxHeapMb the JVM's maximum heap in MiB
 * @param djlVersion DJL's version
 * @param defaultEngine the engine DJL picks by default ({@code DJL_DEFAULT_ENGINE})
 * @param engines one status per probed engine
 * @param gpu what CUDA shows
 * @param djlCacheDir where DJL extracts native libraries ({@code DJL_CACHE_DIR}, else ~/.djl.ai)
 * @param djlCacheBytes size of that folder in bytes (0 when it does not exist yet)
 * @param offline true when DJL will not use the network ({@code DJL_OFFLINE} / {@code ai.djl.offline})
 * @param profile the course profile in effect (SMOKE or FULL)
 * @param threads how many threads each engine computes with
 * @param pytorchNatives where the PyTorch engine loaded libtorch from
 */
public record EnvironmentReport(
        String javaVersion,
        String javaHome,
        int cpus,
        long maxHeapMb,
        String djlVersion,
        String defaultEngine,
        List<EngineStatus> engines,
        GpuStatus gpu,
        Path djlCacheDir,
        long djlCacheBytes,
        boolean offline,
        String profile,
        EngineThreads threads,
        PyTorchNatives pytorchNatives) {

    /** The engines the course supports, in the order they are probed. */
    public static final List<String> COURSE_ENGINES = List.of("MXNet", "PyTorch");

    /** Probes both course engines (loading each one: a second or two on first use). */
    public static EnvironmentReport collect() {
        return collect(COURSE_ENGINES);
    }

    /** Probes the named engines only. */
    public static EnvironmentReport collect(List<String> engineNames) {
        List<EngineStatus> engines = new ArrayList<>();
        for (String name : engineNames) {
            engines.add(EngineStatus.probe(name));
        }
        String defaultEngine;
        try {
            defaultEngine = Engine.getDefaultEngineName();
        } catch (RuntimeException e) {
            defaultEngine = "none";
        }
        Path cache = Utils.getCacheDir();
        return new EnvironmentReport(
                System.getProperty("java.version"),
                System.getProperty("java.home"),
                Runtime.getRuntime().availableProcessors(),
                Runtime.getRuntime().maxMemory() / (1024 * 1024),
                Engine.getDjlVersion(),
                defaultEngine,
                List.copyOf(engines),
                GpuStatus.probe(),
                cache,
                folderSize(cache),
                Utils.isOfflineMode(),
                Profile.current().name(),
                EngineThreads.probe(engines.stream()
                        .anyMatch(e -> e.loaded() && e.name().equals("PyTorch"))),
                PyTorchNatives.probe(engines.stream().filter(e -> e.name().equals("PyTorch"))
                        .findFirst().orElse(null)));
    }

    /** Shows the report as an HTML table in a notebook (printed text elsewhere). */
    public void show() {
        Show.html(toHtml());
    }

    /** Returns the report as a two-column HTML table. */
    public String toHtml() {
        StringBuilder html = new StringBuilder("<table class=\"logokit-env\">\n");
        for (String[] row : rows()) {
            html.append("<tr><th style=\"text-align:left\">").append(HtmlTable.escape(row[0]))
                    .append("</th><td style=\"text-align:left\">").append(HtmlTable.escape(row[1]))
                    .append("</td></tr>\n");
        }
        return html.append("</table>").toString();
    }

    /** Returns the report as aligned plain text, one item per line. */
    public String toText() {
        StringBuilder text = new StringBuilder();
        for (String[] row : rows()) {
            text.append(String.format(Locale.ROOT, "%-16s %s%n", row[0], row[1]));
        }
        return text.toString();
    }

    @Override
    public String toString() {
        return toText();
    }

    private List<String[]> rows() {
        List<String[]> rows = new ArrayList<>();
        rows.add(new String[] {"Java", javaVersion + " (" + javaHome + ")"});
        rows.add(new String[] {"CPU / heap", cpus + " cores, max heap " + maxHeapMb + " MiB"});
        rows.add(new String[] {"engine threads", threads.describe()});
        if (pytorchNatives.configuredFolder() != null) {
            rows.add(new String[] {"PyTorch natives", "libtorch " + pytorchNatives.version() + " "
                    + (pytorchNatives.flavor() == null ? "" : pytorchNatives.flavor() + " ")
                    + "from " + pytorchNatives.configuredFolder()
                    + (pytorchNatives.usesConfiguredFolder() ? "" : " (NOT loaded from there)")});
        }
        rows.add(new String[] {"DJL", djlVersion + ", default engine " + defaultEngine});
        for (EngineStatus engine : engines) {
            rows.add(new String[] {"engine " + engine.name(), engine.loaded()
                    ? engine.version() + ", " + engine.gpuCount() + " GPU(s)"
                    : "not available: " + engine.problem()});
        }
        rows.add(new String[] {"GPU / CUDA", gpu.cudaVisible()
                ? gpu.gpuCount() + " GPU(s), CUDA " + gpu.cudaVersionText() + ", compute capability "
                        + String.join(", ", gpu.computeCapabilities())
                : "no GPU visible: running on the CPU"});
        rows.add(new String[] {"DJL cache", djlCacheDir + " (" + megabytes(djlCacheBytes) + ")"});
        rows.add(new String[] {"DJL offline", offline ? "yes (no downloads)" : "no (may download)"});
        rows.add(new String[] {"profile", profile});
        return rows;
    }

    /**
     * Returns the checks as doctor lines: {@code OK}, {@code WARN} or {@code FAIL}, a message and,
     * when something is wrong, the fix.
     */
    public List<String> doctorLines() {
        List<String> lines = new ArrayList<>();
        for (EngineStatus engine : engines) {
            if (engine.loaded()) {
                lines.add("OK    DJL " + djlVersion + " engine " + engine.name() + " " + engine.version()
                        + " loads and computes (" + engine.gpuCount() + " GPU(s))");
            } else {
                lines.add("FAIL  DJL engine " + engine.name() + " does not load: " + engine.problem()
                        + ". Fix: run environment/setup (it builds the library and extracts the"
                        + " natives into the DJL cache); check the DJL cache folder is writable.");
            }
        }
        lines.addAll(threads.doctorLines());
        lines.addAll(pytorchNatives.doctorLines());
        lines.add("OK    default engine: " + defaultEngine
                + " (change with environment/setup --engine mxnet|pytorch; for one session of the course"
                + " kernel, LOGOKIT_ENGINE=PyTorch in the shell that starts Jupyter; elsewhere DJL_DEFAULT_ENGINE)");
        if (gpu.cudaVisible()) {
            lines.add("OK    CUDA " + gpu.cudaVersionText() + ": " + gpu.gpuCount() + " GPU(s), compute capability "
                    + String.join(", ", gpu.computeCapabilities()));
            String mxnetProblem = gpu.mxnetGpuProblem();
            if (mxnetProblem != null) {
                lines.add("WARN  MXNet cannot use this GPU: " + mxnetProblem
                        + ". Fix: use the PyTorch engine (environment/setup --engine pytorch).");
            }
            for (EngineStatus engine : engines) {
                if (engine.loaded() && engine.gpuCount() == 0) {
                    lines.add("WARN  engine " + engine.name() + " is a CPU build and will not use the GPU."
                            + " Fix: put the engine's CUDA native artifact on the classpath (see"
                            + " environment/README.md, \"GPU\").");
                }
            }
        } else {
            lines.add("OK    no GPU visible through CUDA: the kit runs on the CPU"
                    + " (use LOGOKIT_PROFILE=smoke for quick runs)");
        }
        lines.add("OK    DJL cache " + djlCacheDir + " holds " + megabytes(djlCacheBytes)
                + " (move it with DJL_CACHE_DIR)");
        lines.add("OK    DJL offline mode " + (offline ? "on: DJL never downloads" : "off: DJL may download"
                + " engine files") + " (set DJL_OFFLINE=true|false to change)");
        return lines;
    }

    /** Returns true when every probed engine loaded. */
    public boolean allEnginesLoaded() {
        return engines.stream().allMatch(EngineStatus::loaded);
    }

    private static String megabytes(long bytes) {
        return String.format(Locale.ROOT, "%.0f MB", bytes / 1e6);
    }

    /** Sums file sizes under a folder; 0 when it does not exist or cannot be read. */
    static long folderSize(Path folder) {
        if (folder == null || !Files.isDirectory(folder)) {
            return 0;
        }
        try (Stream<Path> files = Files.walk(folder)) {
            return files.filter(Files::isRegularFile).mapToLong(file -> {
                try {
                    return Files.size(file);
                } catch (IOException e) {
                    return 0;
                }
            }).sum();
        } catch (IOException | UncheckedIOException e) {
            return 0;
        }
    }

    /**
     * Prints the report. Arguments: {@code --engines MXNet,PyTorch} (which engines to probe),
     * {@code --doctor} (one OK/WARN/FAIL line per check; exit code 1 when an engine fails),
     * {@code --warm} (only load each engine so its natives are extracted; exit code 1 on failure).
     */
    public static void main(String[] args) {
        List<String> engineNames = COURSE_ENGINES;
        String mode = "report";
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--engines" -> {
                    if (i + 1 >= args.length) {
                        usage("--engines needs a value, e.g. --engines MXNet,PyTorch");
                    }
                    engineNames = Arrays.stream(args[++i].split(","))
                            .map(String::trim).filter(s -> !s.isEmpty()).toList();
                }
                case "--doctor" -> mode = "doctor";
                case "--warm" -> mode = "warm";
                case "--help", "-h" -> usage(null);
                default -> usage("unknown argument " + args[i]);
            }
        }
        EnvironmentReport report = collect(engineNames);
        switch (mode) {
            case "doctor" -> report.doctorLines().forEach(System.out::println);
            case "warm" -> report.engines().forEach(e -> System.out.println(e.loaded()
                    ? "  engine " + e.name() + " " + e.version() + " ready (natives in " + report.djlCacheDir() + ")"
                    : "  engine " + e.name() + " FAILED: " + e.problem()));
            default -> System.out.print(report.toText());
        }
        System.exit(report.allEnginesLoaded() ? 0 : 1);
    }

    private static void usage(String problem) {
        if (problem != null) {
            System.out.println("EnvironmentReport: " + problem);
        }
        System.out.println("usage: EnvironmentReport [--engines MXNet,PyTorch] [--doctor | --warm]");
        System.exit(problem == null ? 0 : 2);
    }
}
