package org.logokit.env;

import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * How many threads each engine computes with in this JVM, and whether that is every core (or the
 * number asked for with {@code LOGOKIT_THREADS}).
 *
 * <p>The counts are set before the JVM starts, by the kit's launchers ({@code environment/threads.sh}:
 * the course kernel, the data scripts, {@code lib/bench}, the Maven test runs): MXNet reads
 * {@code OMP_NUM_THREADS} once, when its library loads, and without it keeps one core for its engine
 * worker (one operator thread on a 2-core machine); PyTorch sizes its intra- and inter-op pools
 * from DJL's {@code ai.djl.pytorch.num_threads} / {@code num_interop_threads} properties (or
 * {@code OMP_NUM_THREADS}) when the engine starts. A JVM started some other way gets the engines'
 * defaults, which {@link #doctorLines()} reports with the fix.
 *
 * @param cores processors available to this JVM
 * @param requested threads asked for ({@code LOGOKIT_THREADS} / {@code -Dlogokit.threads}), 0
 *     when nothing was asked (then the target is every core)
 * @param ompNumThreads the value of {@code OMP_NUM_THREADS}, or null when it is not set
 * @param mxnetOperatorThreads threads one MXNet operator uses: {@code OMP_NUM_THREADS} when set,
 *     else MXNet's own default of all cores but one per worker (at least 1)
 * @param mxnetWorkers MXNet's CPU worker threads ({@code MXNET_CPU_WORKER_NTHREADS}, default 1)
 * @param mxnetEngine MXNet's engine ({@code MXNET_ENGINE_TYPE}): {@value #NAIVE_ENGINE}, which the
 *     kit's launchers choose on machines without an NVIDIA GPU and which has no worker threads, or
 *     MXNet's default {@value #THREADED_ENGINE} when the variable is not set
 * @param pytorchIntraOp PyTorch's intra-op threads as the loaded engine reports them, or -1 when
 *     PyTorch is not loaded in this JVM
 * @param pytorchInterOp PyTorch's inter-op threads, or -1 when PyTorch is not loaded
 * @param problem what was wrong with {@code LOGOKIT_THREADS} (the launcher then used every core),
 *     or null
 */
public record EngineThreads(int cores, int requested, String ompNumThreads, int mxnetOperatorThreads,
        int mxnetWorkers, String mxnetEngine, int pytorchIntraOp, int pytorchInterOp, String problem) {
    /** MXNet's engine that runs each operator at once on the calling thread. */
    public static final String NAIVE_ENGINE = "NaiveEngine";
    /** MXNet's default engine: operators queued for worker threads. */
    public static final String THREADED_ENGINE = "ThreadedEnginePerDevice";

    /**
     * Reads the settings of this JVM.
     *
     * @param pytorchLoaded whether the PyTorch engine is loaded in this JVM (its counts are read
     *     only then: this method never loads an engine)
     */
    public static EngineThreads probe(boolean pytorchLoaded) {
        int cores = Runtime.getRuntime().availableProcessors();
        String asked = System.getProperty("logokit.threads", System.getenv("LOGOKIT_THREADS"));
        int requested = positiveOrZero(asked);
        String omp = System.getenv("OMP_NUM_THREADS");
        int workers = Math.max(1, positiveOrZero(System.getenv("MXNET_CPU_WORKER_NTHREADS")));
        int ompThreads = positiveOrZero(omp);
        int mxnet = ompThreads > 0 ? ompThreads : Math.max(1, cores - workers);
        String engineType = System.getenv("MXNET_ENGINE_TYPE");
        String mxnetEngine = engineType == null || engineType.isBlank() ? THREADED_ENGINE : engineType.trim();
        int intra = -1;
        int inter = -1;
        if (pytorchLoaded) {
            intra = pytorchCount("getNumThreads");
            inter = pytorchCount("getNumInteropThreads");
        }
        return new EngineThreads(cores, requested, omp, mxnet, workers, mxnetEngine, intra, inter,
                System.getenv("LOGOKIT_THREADS_PROBLEM"));
    }

    /** The number of threads each engine should use: {@link #requested()}, else every core. */
    public int target() {
        return requested > 0 ? requested : cores;
    }

    /**
     * One line for reports, e.g. "MXNet 2 per operator (NaiveEngine), PyTorch 2 intra-op / 2 inter-op;
     * 2 cores" ("(+1 worker)" under MXNet's threaded engine).
     */
    public String describe() {
        StringBuilder text = new StringBuilder();
        text.append("MXNet ").append(mxnetOperatorThreads).append(" per operator (");
        if (NAIVE_ENGINE.equals(mxnetEngine)) {
            text.append(NAIVE_ENGINE);
        } else {
            text.append('+').append(mxnetWorkers).append(" worker");
        }
        text.append(ompNumThreads == null ? ", OMP_NUM_THREADS not set" : "").append("), PyTorch ");
        text.append(pytorchIntraOp < 0 ? "not loaded"
                : pytorchIntraOp + " intra-op / " + pytorchInterOp + " inter-op");
        text.append("; ").append(cores).append(cores == 1 ? " core" : " cores");
        if (requested > 0 && requested != cores) {
            text.append(", LOGOKIT_THREADS=").append(requested);
        }
        return text.toString();
    }

    /** Doctor lines: OK when every loaded engine uses {@link #target()} threads, else WARN with the fix. */
    public List<String> doctorLines() {
        List<String> lines = new ArrayList<>();
        String fix = " Fix: start Java through the kit (environment/start, data-scripts/*, lib/bench,"
                + " mvn test), or export OMP_NUM_THREADS=" + target() + " before starting java"
                + " (LOGOKIT_THREADS=N to choose another count).";
        if (problem != null && !problem.isBlank()) {
            lines.add("WARN  " + problem + "." + " Fix: set LOGOKIT_THREADS to a whole number >= 1, or unset it.");
        }
        boolean mxnetOk = mxnetOperatorThreads == target();
        boolean pytorchOk = pytorchIntraOp < 0 || pytorchIntraOp == target();
        if (mxnetOk && pytorchOk) {
            lines.add("OK    engine threads: " + describe());
        } else {
            List<String> off = new ArrayList<>();
            if (!mxnetOk) {
                off.add(String.format(Locale.ROOT, "MXNet uses %d thread(s) per operator", mxnetOperatorThreads));
            }
            if (!pytorchOk) {
                off.add(String.format(Locale.ROOT, "PyTorch uses %d intra-op thread(s)", pytorchIntraOp));
            }
            lines.add("WARN  engine threads: " + String.join(" and ", off) + " but " + target()
                    + " are wanted (" + describe() + ")." + fix);
        }
        return lines;
    }

    /** PyTorch's own counts through DJL's JNI class (reflection: the core stays engine-neutral). */
    private static int pytorchCount(String method) {
        try {
            Class<?> jni = Class.forName("ai.djl.pytorch.jni.JniUtils");
            Method m = jni.getMethod(method);
            return ((Number) m.invoke(null)).intValue();
        } catch (ReflectiveOperationException | RuntimeException | LinkageError e) {
            return -1;
        }
    }

    private static int positiveOrZero(String value) {
        if (value == null) {
            return 0;
        }
        try {
            int n = Integer.parseInt(value.trim());
            return Math.max(0, n);
        } catch (NumberFormatException e) {
            return 0;
        }
    }
}
