package org.logokit.bench;

import ai.djl.Device;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URISyntaxException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.function.Function;
import org.logokit.box.IoU;
import org.logokit.box.IoUKind;
import org.logokit.box.Nms;
import org.logokit.config.Profile;
import org.logokit.loss.Reduction;
import org.logokit.loss.SigmoidFocalLoss;
import org.logokit.roi.CropAndResizePool;
import org.logokit.roi.RoIAlign;
import org.logokit.roi.RoIPool;

/**
 * Times the detection toolkit's hot operations and prints a table of median milliseconds.
 *
 * <pre>
 *   lib/bench                              # engine from -Dai.djl.default_engine (MXNet by default)
 *   lib/bench --engines MXNet,PyTorch      # each engine in its own JVM, one table each
 *   lib/bench --repeats 20 --warmup 3
 *   lib/bench --only roi                   # only the cases whose name contains "roi"
 * </pre>
 *
 * <p>or {@code mvn -q -B -o -pl lib compile org.codehaus.mojo:exec-maven-plugin:java
 * -Dexec.mainClass=org.logokit.bench.DetectionBenchmark -Dexec.args="--engines MXNet,PyTorch"}.
 * Every case runs {@code warmup} untimed times, then {@code repeats} timed times; each timed run
 * ends by reading a scalar back to the host, so asynchronous engines (MXNet) are fully measured.
 */
public final class DetectionBenchmark {

    private DetectionBenchmark() {}

    /** One timed case: builds its inputs once, then runs the operation on a fresh sub-manager. */
    private record Case(String name, String size, Function<NDManager, NDArray> run) {}

    /**
     * Entry point.
     *
     * @param args {@code [--engines A,B] [--repeats N] [--warmup N]}
     * @throws Exception if a child JVM cannot be started
     */
    public static void main(String[] args) throws Exception {
        int repeats = Profile.current().pick(5, 15);
        int warmup = 2;
        String engines = null;
        String only = "";
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--engines" -> engines = value(args, ++i);
                case "--repeats" -> repeats = Integer.parseInt(value(args, ++i));
                case "--warmup" -> warmup = Integer.parseInt(value(args, ++i));
                case "--only" -> only = value(args, ++i);
                case "--help", "-h" -> {
                    System.out.println("usage: DetectionBenchmark [--engines MXNet,PyTorch] [--repeats N] [--warmup N] [--only TEXT]");
                    return;
                }
                default -> {
                    System.out.println("unknown argument '" + args[i] + "'; try --help");
                    System.exit(2);
                }
            }
        }
        if (repeats < 1 || warmup < 0) {
            System.out.println("--repeats must be >= 1 and --warmup >= 0");
            System.exit(2);
        }
        if (System.getProperty("ai.djl.offline") == null) {
            System.setProperty("ai.djl.offline", "true");
        }
        if (engines != null) {
            int failures = 0;
            for (String engine : engines.split(",")) {
                failures += runChild(engine.trim(), repeats, warmup, only) == 0 ? 0 : 1;
            }
            System.exit(failures == 0 ? 0 : 1);
        }
        runHere(repeats, warmup, only);
    }

    private static String value(String[] args, int i) {
        if (i >= args.length) {
            System.out.println(args[i - 1] + " needs a value");
            System.exit(2);
        }
        return args[i];
    }

    private static void runHere(int repeats, int warmup, String only) {
        Engine engine = Engine.getInstance();
        Device device = engine.defaultDevice();
        System.out.printf(Locale.ROOT, "Detection benchmark on %s %s, device %s; median of %d runs after %d warm-up%n",
                engine.getEngineName(), engine.getVersion(), device, repeats, warmup);
        try (NDManager manager = NDManager.newBaseManager(device)) {
            List<Case> cases = cases(manager);
            System.out.println("| operation | size | median ms | min ms |");
            System.out.println("|---|---|---:|---:|");
            for (Case c : cases) {
                if (!c.name().toLowerCase(Locale.ROOT).contains(only.toLowerCase(Locale.ROOT))) {
                    continue;
                }
                double[] times = new double[repeats];
                for (int r = -warmup; r < repeats; r++) {
                    try (NDManager scratch = manager.newSubManager()) {
                        long start = System.nanoTime();
                        NDArray out = c.run().apply(scratch);
                        out.sum().toType(DataType.FLOAT32, false).getFloat(); // wait for the result
                        double ms = (System.nanoTime() - start) / 1e6;
                        if (r >= 0) {
                            times[r] = ms;
                        }
                    }
                }
                Arrays.sort(times);
                double median = repeats % 2 == 1 ? times[repeats / 2]
                        : (times[repeats / 2 - 1] + times[repeats / 2]) / 2;
                System.out.printf(Locale.ROOT, "| %s | %s | %.2f | %.2f |%n", c.name(), c.size(), median, times[0]);
            }
        }
    }

    private static List<Case> cases(NDManager m) {
        Random random = new Random(42);
        List<Case> cases = new ArrayList<>();

        NDArray nmsBoxes = randomBoxes(m, random, 10_000, 800);
        NDArray nmsScores = m.randomUniform(0, 1, new Shape(10_000));
        cases.add(new Case("Nms.nms (IoU 0.5)", "10k boxes", s -> Nms.nms(nmsBoxes, nmsScores, 0.5)));

        NDArray a = randomBoxes(m, random, 1000, 800);
        NDArray b = randomBoxes(m, random, 1000, 800);
        cases.add(new Case("IoU.pairwise IOU", "1k x 1k", s -> IoU.pairwise(a, b, IoUKind.IOU)));
        cases.add(new Case("IoU.pairwise GIOU", "1k x 1k", s -> IoU.pairwise(a, b, IoUKind.GIOU)));

        NDArray features = m.randomNormal(new Shape(1, 256, 50, 50));
        NDArray rois = randomRois(m, random, 512, 800);
        RoIAlign align = new RoIAlign(7, 7, 1.0 / 16, 2, true);
        String roiSize = "(1,256,50,50), 512 RoIs, 7x7";
        cases.add(new Case("RoIAlign (sampling 2)", roiSize, s -> align.apply(features, rois)));
        RoIAlign adaptive = new RoIAlign(7, 7, 1.0 / 16, 0, true);
        cases.add(new Case("RoIAlign (adaptive)", roiSize, s -> adaptive.apply(features, rois)));
        cases.add(new Case("RoIAlign forward+backward", roiSize, s -> alignBackward(align, features, rois)));
        RoIPool pool = new RoIPool(7, 7, 1.0 / 16);
        cases.add(new Case("RoIPool", roiSize, s -> pool.apply(features, rois)));
        CropAndResizePool crop = new CropAndResizePool(7, 7, 1.0 / 16);
        cases.add(new Case("CropAndResizePool", roiSize, s -> crop.apply(features, rois)));

        NDArray logits = m.randomNormal(new Shape(100_000, 32));
        NDArray targets = m.randomUniform(0, 1, new Shape(100_000, 32)).gt(0.99).toType(DataType.FLOAT32, false);
        cases.add(new Case("SigmoidFocalLoss", "100k anchors x 32 classes",
                s -> SigmoidFocalLoss.compute(logits, targets, 0.25, 2, Reduction.SUM)));
        return cases;
    }

    private static NDArray alignBackward(RoIAlign align, NDArray features, NDArray rois) {
        NDArray x = features.duplicate();
        x.setRequiresGradient(true);
        try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
            gc.backward(align.apply(x, rois).sum());
        }
        return x.getGradient();
    }

    /** (n,4) XYXY boxes inside a size x size image, 10..210 pixels wide. */
    private static NDArray randomBoxes(NDManager m, Random random, int n, float size) {
        float[] v = new float[n * 4];
        for (int i = 0; i < n; i++) {
            float w = 10 + random.nextFloat() * 200;
            float h = 10 + random.nextFloat() * 200;
            float x = random.nextFloat() * (size - w);
            float y = random.nextFloat() * (size - h);
            v[4 * i] = x;
            v[4 * i + 1] = y;
            v[4 * i + 2] = x + w;
            v[4 * i + 3] = y + h;
        }
        return m.create(v, new Shape(n, 4));
    }

    /** (n,5) RoIs of image 0: (0, x1, y1, x2, y2), pixels of a size x size image. */
    private static NDArray randomRois(NDManager m, Random random, int n, float size) {
        NDArray boxes = randomBoxes(m, random, n, size);
        return m.zeros(new Shape(n, 1)).concat(boxes, 1);
    }

    /** Runs this benchmark for one engine in a child JVM and copies its output. */
    private static int runChild(String engine, int repeats, int warmup, String only)
            throws IOException, InterruptedException {
        String java = Paths.get(System.getProperty("java.home"), "bin", "java").toString();
        List<String> command = new ArrayList<>(List.of(java, "-Xmx3g",
                "-Dai.djl.default_engine=" + engine, "-Dai.djl.offline=true",
                "-Dorg.slf4j.simpleLogger.defaultLogLevel=warn",
                "-Dlogokit.profile=" + Profile.current().name().toLowerCase(Locale.ROOT),
                "-cp", classPath(), DetectionBenchmark.class.getName(),
                "--repeats", String.valueOf(repeats), "--warmup", String.valueOf(warmup),
                "--only", only));
        System.out.println();
        System.out.println("== " + engine + " (child JVM) ==");
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        try (BufferedReader out = new BufferedReader(
                new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = out.readLine()) != null) {
                if (!line.contains("CudaUtils")) { // the no-GPU notice of machines without CUDA
                    System.out.println(line);
                }
            }
        }
        int code = process.waitFor();
        if (code != 0) {
            System.out.println("(the " + engine + " run failed with exit code " + code
                    + "; is the engine's native library in the classpath?)");
        }
        return code;
    }

    /** The classpath of this program, also under exec:java (whose class loader holds it). */
    private static String classPath() {
        List<String> entries = new ArrayList<>();
        ClassLoader loader = DetectionBenchmark.class.getClassLoader();
        while (loader != null) {
            if (loader instanceof URLClassLoader urls) {
                for (URL url : urls.getURLs()) {
                    try {
                        entries.add(new File(url.toURI()).getPath());
                    } catch (URISyntaxException | IllegalArgumentException e) {
                        entries.add(url.getPath());
                    }
                }
            }
            loader = loader.getParent();
        }
        String own = System.getProperty("java.class.path");
        if (entries.isEmpty()) {
            return own;
        }
        return String.join(File.pathSeparator, entries);
    }
}
