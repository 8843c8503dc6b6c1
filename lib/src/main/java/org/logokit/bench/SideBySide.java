package org.logokit.bench;

import com.google.gson.Gson;
import com.google.gson.reflect.TypeToken;
import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;
import org.logokit.config.KitPaths;
import org.logokit.env.EngineThreads;

/**
 * The side-by-side benchmark: the same workloads, on the same inputs, on each Java engine and in
 * Python PyTorch eager, run interleaved (round by round, the runners in rotating order, one fresh
 * process per run) so that the machine's load hits all of them alike; prints Java-engine / Python
 * ratios, peak memory and the machine's load.
 *
 * <pre>
 *   lib/bench --side-by-side                          # every workload, 2 rounds
 *   lib/bench --side-by-side --only nms,focal --rounds 3
 *   lib/bench --side-by-side --only faster-rcnn,yolov2,ssd,retinanet --rounds 1   # detectors, Java only
 *   lib/bench --side-by-side --engines PyTorch --out bench.md
 *   lib/bench --side-by-side --engines MXNet,MXNet+jemalloc,PyTorch,PyTorch+jemalloc   # allocator trial
 *   lib/bench --side-by-side --engines MXNet+naive,MXNet+threaded --only resnet18   # MXNet's engine type
 * </pre>
 *
 * <p>Python comes from the project-local venv {@code environment/.venv-bench} (created by
 * {@code environment/setup --bench-python}); without it only the Java columns are measured and the
 * benchmark says how to get Python. The detector rows have no Python twin and run on the Java
 * engines only ({@link Workload#hasPythonTwin()}). "speed" is Python time / engine time: 1.0 means as fast as
 * Python, 2.0 twice as fast. Bars (from the kit's speed issue) are checked per row.
 */
public final class SideBySide {

    private SideBySide() {}

    /** LD_PRELOAD of the Java runs chosen by --allocator ("" for glibc's malloc), null: inherit. */
    private static String javaPreload;

    /** The shared library of an allocator, from the usual library folders (Debian's packages). */
    static String allocatorLibrary(String name) {
        String file = switch (name.toLowerCase(Locale.ROOT)) {
            case "glibc", "system", "none" -> "";
            case "jemalloc" -> "libjemalloc.so.2";
            case "tcmalloc" -> "libtcmalloc_minimal.so.4";
            default -> throw new IllegalArgumentException("--allocator must be glibc, jemalloc or tcmalloc, got " + name);
        };
        if (file.isEmpty()) {
            return "";
        }
        for (String dir : List.of("/usr/lib/x86_64-linux-gnu", "/usr/lib64", "/usr/lib", "/usr/local/lib",
                "/usr/lib/aarch64-linux-gnu")) {
            Path candidate = Path.of(dir, file);
            if (Files.isRegularFile(candidate)) {
                return candidate.toString();
            }
        }
        System.out.println("--allocator " + name + ": " + file + " not found. Install it (Debian/Ubuntu: sudo apt-get"
                + " install " + (name.equalsIgnoreCase("jemalloc") ? "libjemalloc2" : "libtcmalloc-minimal4") + ").");
        System.exit(2);
        return null;
    }

    /** One run's result as printed by a runner. */
    record Run(String runner, double medianMs, double minMs, double peakRssMb, Double check,
            String version, String threads) {}

    /**
     * Entry point; see the class comment for the options.
     *
     * @param args {@code [--engines A,B] [--rounds N] [--only a,b] [--python PATH] [--out FILE]}
     */
    public static void main(String[] args) throws IOException, InterruptedException {
        List<String> engines = List.of("MXNet", "PyTorch");
        int rounds = 2;
        List<String> only = List.of();
        Path python = null;
        Path out = null;
        String allocatorName = null;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--engines" -> engines = split(value(args, ++i));
                case "--rounds" -> rounds = Integer.parseInt(value(args, ++i));
                case "--only" -> only = split(value(args, ++i));
                case "--python" -> python = Path.of(value(args, ++i));
                case "--out" -> out = Path.of(value(args, ++i));
                case "--allocator" -> allocatorName = value(args, ++i);
                case "--list" -> {
                    for (Workload w : Workload.values()) {
                        System.out.printf(Locale.ROOT, "%-20s %s (Python: %s)%n", w.id(), w.title(), w.reference());
                    }
                    return;
                }
                case "--help", "-h" -> {
                    System.out.println("usage: lib/bench --side-by-side [--engines MXNet,PyTorch] [--rounds N]"
                            + " [--only NAME,...] [--python PATH] [--out FILE] [--allocator glibc|jemalloc|tcmalloc]"
                            + " [--list]");
                    return;
                }
                default -> {
                    System.out.println("unknown argument '" + args[i] + "'; try --help");
                    System.exit(2);
                }
            }
        }
        if (allocatorName != null) {
            javaPreload = allocatorLibrary(allocatorName);
        }
        Path home = KitPaths.home();
        if (python == null) {
            python = home.resolve("environment").resolve(".venv-bench").resolve("bin").resolve("python");
        }
        Path script = home.resolve("lib").resolve("bench-python").resolve("workloads.py");
        boolean withPython = Files.isExecutable(python) && Files.isRegularFile(script);
        List<Workload> workloads = new ArrayList<>();
        for (Workload w : Workload.values()) {
            if (only.isEmpty() || only.stream().anyMatch(o -> w.id().contains(o.toLowerCase(Locale.ROOT)))) {
                workloads.add(w);
            }
        }
        if (workloads.isEmpty()) {
            System.out.println("no workload matches --only " + only + "; known: " + Workload.names());
            System.exit(2);
        }
        List<String> runners = new ArrayList<>(engines);
        if (withPython) {
            runners.add("Python");
        } else {
            System.out.println("Python PyTorch is not set up for the side-by-side columns (no " + python + ").");
            System.out.println("Create it with:  environment/setup --bench-python   (a venv with a CPU build of"
                    + " torch, from your pip configuration; about 900 MB)");
            System.out.println("Measuring the Java engines only.");
            System.out.println();
        }
        String startLoad = load();
        System.out.printf(Locale.ROOT, "Side-by-side benchmark: %d round(s), runners %s, %d cores, threads per engine %s,"
                + " allocator %s, MXNet engine %s unless a runner says; load at start %s%n", rounds, runners,
                Runtime.getRuntime().availableProcessors(),
                System.getProperty("logokit.threads", System.getenv().getOrDefault("OMP_NUM_THREADS", "default")),
                allocator(), EngineThreads.probe(false).mxnetEngine(), startLoad);

        Path inputs = Files.createTempDirectory("logokit-bench-");
        StringBuilder table = new StringBuilder();
        try {
            BenchInputs.write(inputs, 42);
            table.append(header(engines, withPython));
            System.out.print(table);
            for (Workload w : workloads) {
                String before = load();
                Map<String, List<Run>> runs = new LinkedHashMap<>();
                for (String runner : runners) {
                    runs.put(runner, new ArrayList<>());
                }
                for (int round = 0; round < rounds; round++) {
                    for (int k = 0; k < runners.size(); k++) {
                        String runner = runners.get((k + round) % runners.size());
                        if (runner.equals("Python") && !w.hasPythonTwin()) {
                            continue;
                        }
                        Run run = runner.equals("Python")
                                ? runPython(python, script, w, inputs)
                                : runJava(runner, w, inputs);
                        if (run != null) {
                            runs.get(runner).add(run);
                        }
                    }
                }
                String row = row(w, engines, withPython, runs, before + " → " + load());
                table.append(row);
                System.out.print(row);
            }
        } finally {
            try (Stream<Path> files = Files.walk(inputs)) {
                files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
        String notes = "\nspeed = Python time / engine time (>= 1: at least as fast as Python); bars from"
                + " the speed issue (ops within 1.5x on PyTorch = speed >= 0.67, within 3x on MXNet ="
                + " speed >= 0.33; peak RSS <= 1.5x Python's). Times are medians of per-run medians"
                + " over " + rounds + " round(s); load = 1-minute load average before → after the row.\n";
        table.append(notes);
        System.out.print(notes);
        if (out != null) {
            Files.writeString(out, table.toString(), StandardCharsets.UTF_8);
            System.out.println("table written to " + out);
        }
    }

    private static String header(List<String> engines, boolean withPython) {
        StringBuilder h = new StringBuilder("| workload | Python reference |");
        StringBuilder line = new StringBuilder("|---|---|");
        for (String e : engines) {
            h.append(' ').append(e).append(" |");
            line.append("---:|");
        }
        if (withPython) {
            h.append(" Python |");
            line.append("---:|");
            for (String e : engines) {
                h.append(' ').append(e).append(" speed (bar) |");
                line.append("---:|");
            }
        }
        h.append(" peak RSS MiB ").append(String.join(" / ", engines)).append(withPython ? " / Python" : "")
                .append(" | check | load |\n");
        line.append("---:|---|---|\n");
        return h.append(line).toString();
    }

    private static String row(Workload w, List<String> engines, boolean withPython,
            Map<String, List<Run>> runs, String load) {
        StringBuilder r = new StringBuilder("| ").append(w.id()).append(" | ")
                .append(withPython || !w.hasPythonTwin() ? w.reference() : "-").append(" |");
        Map<String, Double> median = new LinkedHashMap<>();
        Map<String, Double> rss = new LinkedHashMap<>();
        Map<String, Double> check = new LinkedHashMap<>();
        for (Map.Entry<String, List<Run>> e : runs.entrySet()) {
            List<Run> list = e.getValue();
            if (list.isEmpty()) {
                continue;
            }
            median.put(e.getKey(), medianOf(list.stream().mapToDouble(Run::medianMs).toArray()));
            rss.put(e.getKey(), list.stream().mapToDouble(Run::peakRssMb).max().orElse(-1));
            Double c = list.get(list.size() - 1).check();
            if (c != null) {
                check.put(e.getKey(), c);
            }
        }
        for (String e : engines) {
            r.append(' ').append(format(w, median.get(e))).append(" |");
        }
        Double py = median.get("Python");
        if (withPython) {
            r.append(' ').append(w.hasPythonTwin() ? format(w, py) : "-").append(" |");
            for (String e : engines) {
                Double mine = median.get(e);
                if (!w.hasPythonTwin()) {
                    r.append(" - |");
                    continue;
                }
                if (mine == null || py == null) {
                    r.append(" failed |");
                    continue;
                }
                double speed = py / mine;
                double bar = w.bar(e.split("\\+")[0]);
                r.append(String.format(Locale.ROOT, " %.2f", speed));
                if (!Double.isNaN(bar)) {
                    r.append(String.format(Locale.ROOT, " (%s %.2f)", speed >= bar ? "≥" : "MISSES", bar));
                }
                r.append(" |");
            }
        }
        List<String> memory = new ArrayList<>();
        List<String> runnersInOrder = new ArrayList<>(engines);
        if (withPython) {
            runnersInOrder.add("Python");
        }
        Double pyRss = rss.get("Python");
        for (String runner : runnersInOrder) {
            Double m = rss.get(runner);
            String text = m == null || m < 0 ? "?" : String.format(Locale.ROOT, "%.0f", m);
            if (pyRss != null && m != null && !runner.equals("Python") && m > 1.5 * pyRss) {
                text += " (over 1.5x)";
            }
            memory.add(text);
        }
        r.append(' ').append(String.join(" / ", memory)).append(" |");
        r.append(' ').append(checkText(check)).append(" | ").append(load).append(" |\n");
        return r.toString();
    }

    /** Whether the runners computed the same thing (relative difference below 1e-3). */
    private static String checkText(Map<String, Double> check) {
        if (check.size() < 2) {
            return "-";
        }
        double first = check.values().iterator().next();
        boolean same = check.values().stream()
                .allMatch(v -> Math.abs(v - first) <= 1e-3 * Math.max(1, Math.abs(first)));
        if (same) {
            return "same";
        }
        StringBuilder text = new StringBuilder("DIFFERS:");
        check.forEach((k, v) -> text.append(String.format(Locale.ROOT, " %s %.6g", k, v)));
        return text.toString();
    }

    private static String format(Workload w, Double ms) {
        if (ms == null) {
            return "failed";
        }
        if (w.images() > 0) {
            return String.format(Locale.ROOT, "%.1f img/s", w.images() * 1000 / ms);
        }
        return String.format(Locale.ROOT, "%.1f ms", ms);
    }

    /**
     * MXNet's engine type a runner suffix asks for: {@code threaded} (MXNet's default,
     * ThreadedEnginePerDevice) or {@code naive} (NaiveEngine, the kit's launchers' choice on CPU
     * machines); null when the suffix names an allocator instead.
     */
    static String mxnetEngineType(String suffix) {
        return switch (suffix.toLowerCase(Locale.ROOT)) {
            case "threaded" -> EngineThreads.THREADED_ENGINE;
            case "naive" -> EngineThreads.NAIVE_ENGINE;
            default -> null;
        };
    }

    /**
     * Runs a Java runner: an engine name, optionally with an allocator and, for MXNet, an engine type
     * for that runner only ({@code PyTorch+jemalloc}, {@code MXNet+glibc}, {@code MXNet+threaded}),
     * so an allocator or engine-type trial is one interleaved run.
     */
    private static Run runJava(String runner, Workload w, Path inputs) throws IOException, InterruptedException {
        String[] parts = runner.split("\\+");
        String engine = parts[0];
        String preload = javaPreload;
        String mxnetEngine = null;
        for (int i = 1; i < parts.length; i++) {
            String engineType = mxnetEngineType(parts[i]);
            if (engineType != null) {
                mxnetEngine = engineType;
            } else {
                preload = allocatorLibrary(parts[i]);
            }
        }
        String java = Paths.get(System.getProperty("java.home"), "bin", "java").toString();
        List<String> command = new ArrayList<>(List.of(java, "-Xmx3g", "-Djava.awt.headless=true",
                "-Dai.djl.default_engine=" + engine, "-Dai.djl.offline=true",
                "-Dorg.slf4j.simpleLogger.defaultLogLevel=warn"));
        for (String property : List.of("ai.djl.pytorch.num_threads", "ai.djl.pytorch.num_interop_threads",
                "logokit.threads")) {
            String value = System.getProperty(property);
            if (value != null) {
                command.add("-D" + property + "=" + value);
            }
        }
        command.addAll(List.of("-cp", System.getProperty("java.class.path"),
                EngineWorkloads.class.getName(), "--workload", w.id(), "--inputs", inputs.toString()));
        ProcessBuilder builder = new ProcessBuilder(command);
        if (mxnetEngine != null) {
            builder.environment().put("MXNET_ENGINE_TYPE", mxnetEngine);
        }
        if (preload != null) {
            if (preload.isEmpty()) {
                builder.environment().remove("LD_PRELOAD");
            } else {
                builder.environment().put("LD_PRELOAD", preload);
            }
        }
        return run(runner, builder);
    }

    private static Run runPython(Path python, Path script, Workload w, Path inputs)
            throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(python.toString(), script.toString(),
                "--workload", w.id(), "--inputs", inputs.toString(),
                "--warmup", String.valueOf(w.warmup()), "--repeats", String.valueOf(w.repeats())));
        String threads = System.getProperty("logokit.threads");
        if (threads != null) {
            command.addAll(List.of("--threads", threads));
        }
        ProcessBuilder builder = new ProcessBuilder(command);
        builder.environment().remove("LD_PRELOAD"); // the reference runs as a Python user runs it
        return run("Python", builder);
    }

    /** Prefix of the lines a runner prints for the reader of the table (echoed once each). */
    static final String NOTE = "note: ";
    private static final java.util.Set<String> NOTES_SHOWN = new java.util.HashSet<>();

    /** Runs one child, echoes its notes (and on failure what else it printed), and parses its RESULT line. */
    private static Run run(String runner, ProcessBuilder builder) throws IOException, InterruptedException {
        Process process = builder.redirectErrorStream(true).start();
        Map<String, Object> result = null;
        List<String> other = new ArrayList<>();
        try (BufferedReader reader = new BufferedReader(
                new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            for (String line = reader.readLine(); line != null; line = reader.readLine()) {
                if (line.startsWith("RESULT ")) {
                    result = new Gson().fromJson(line.substring(7), new TypeToken<Map<String, Object>>() {}.getType());
                } else if (!line.isBlank() && !line.contains("CudaUtils")) {
                    other.add(line);
                }
            }
        }
        int code = process.waitFor();
        // a runner's "note: ..." lines say what it measured (e.g. trained or random weights): once each
        other.stream().filter(l -> l.startsWith(NOTE) && NOTES_SHOWN.add(l)).forEach(System.out::println);
        if (code != 0 || result == null) {
            System.out.println("  (" + runner + " run failed, exit code " + code + ")");
            // the cause first (a stack trace's own lines hide it), then the end of the output
            other.stream().filter(l -> !l.trim().startsWith("at ") && (l.contains("Exception") || l.contains("Error")
                    || l.contains("fatal error") || l.contains("SIGSEGV"))).limit(3)
                    .forEach(l -> System.out.println("    cause: " + l.trim()));
            other.stream().filter(l -> !l.trim().startsWith("at ")).skip(Math.max(0, other.stream()
                    .filter(l -> !l.trim().startsWith("at ")).count() - 6)).forEach(l -> System.out.println("    " + l));
            return null;
        }
        Object check = result.get("check");
        return new Run(runner, ((Number) result.get("median_ms")).doubleValue(),
                ((Number) result.get("min_ms")).doubleValue(), ((Number) result.get("peak_rss_mb")).doubleValue(),
                check == null ? null : ((Number) check).doubleValue(), String.valueOf(result.get("version")),
                String.valueOf(result.get("threads")));
    }

    /** The 1-minute load average (Linux), or "?". */
    static String load() {
        try {
            return Files.readString(Path.of("/proc/loadavg")).split(" ")[0];
        } catch (IOException | RuntimeException e) {
            return "?";
        }
    }

    /** Which allocator the Java runs use: the library in LD_PRELOAD, or the system's. */
    static String allocator() {
        String preload = javaPreload != null ? javaPreload : System.getenv("LD_PRELOAD");
        if (preload == null || preload.isBlank()) {
            return "glibc malloc";
        }
        return new File(preload.split("[: ]")[0]).getName();
    }

    private static double medianOf(double[] values) {
        double[] v = values.clone();
        Arrays.sort(v);
        int n = v.length;
        return n % 2 == 1 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
    }

    private static List<String> split(String value) {
        return Arrays.stream(value.split(",")).map(String::trim).filter(s -> !s.isEmpty()).toList();
    }

    private static String value(String[] args, int i) {
        if (i >= args.length) {
            System.out.println(args[i - 1] + " needs a value");
            System.exit(2);
        }
        return args[i];
    }
}
