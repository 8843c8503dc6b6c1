package org.logokit.bench;

import ai.djl.Model;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.DefaultTrainingConfig;
import ai.djl.training.EasyTrain;
import ai.djl.training.ParameterStore;
import ai.djl.training.Trainer;
import ai.djl.training.dataset.Batch;
import ai.djl.training.optimizer.Optimizer;
import ai.djl.training.tracker.Tracker;
import ai.djl.ndarray.NDList;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import org.logokit.data.LogoClasses;
import org.logokit.detect.DetectionBatch;
import org.logokit.detect.DetectionLoss;
import org.logokit.detect.Detector;
import org.logokit.detect.DetectorArtifact;
import org.logokit.detect.DetectorSpec;
import org.logokit.detect.catalog.Detectors;
import org.logokit.detect.ssd.Ssd;
import org.logokit.detect.yolo.YoloAnchors;
import org.logokit.detect.yolo.YoloV1;
import org.logokit.detect.yolo.YoloV2;
import org.logokit.model.ParameterCount;

/**
 * Speed of the detectors side by side at one input size: inference images per second (forward
 * pass and post-processing, batch 1 and batch 8) and training images per second (forward,
 * backward and an SGD step), on random images with a few random logos each, 32 classes.
 *
 * <pre>
 *   java -cp ... org.logokit.bench.OneStageBenchmark [--size 256] [--repeats 10] [--only ssd]
 *   java -cp ... org.logokit.bench.OneStageBenchmark --engines MXNet,PyTorch   # one JVM per engine
 * </pre>
 *
 * <p>Every detector registered in {@link Detectors} that this class knows a benchmark spec for is
 * measured: YOLO v1, YOLOv2, SSD and its one-box variant, and Faster R-CNN when its kind
 * ({@value #FASTER_RCNN}) is in the catalog and offers a {@code benchmarkSpec(int)} factory. Each
 * timed run ends by reading results to the host, so asynchronous engines are fully measured.
 */
public final class OneStageBenchmark {
    /** The catalog kind of the two-stage detector the one-stage ones are compared with. */
    public static final String FASTER_RCNN = "faster-rcnn";

    private OneStageBenchmark() {}

    /** Result of one detector. */
    record Row(String name, long boxes, long parameters, double inferBatch1, double inferBatch8, double train) {}

    /**
     * Entry point.
     *
     * @param args see the class comment
     */
    public static void main(String[] args) throws Exception {
        int size = intArg(args, "--size", 256);
        int repeats = intArg(args, "--repeats", 10);
        String only = stringArg(args, "--only", "");
        String engines = stringArg(args, "--engines", null);
        if (System.getProperty("ai.djl.offline") == null) {
            System.setProperty("ai.djl.offline", "true");
        }
        if (engines != null) {
            List<String> passOn = new ArrayList<>(List.of(args));
            int at = passOn.indexOf("--engines");
            passOn.remove(at + 1);
            passOn.remove(at);
            int failures = 0;
            for (String engine : engines.split(",")) {
                failures += runChild(engine.trim(), passOn) == 0 ? 0 : 1;
            }
            System.exit(failures == 0 ? 0 : 1);
        }
        Engine engine = Engine.getInstance();
        System.out.printf(Locale.ROOT, "One-stage detector benchmark on %s %s, %d x %d input, 32 classes,"
                + " median of %d runs (%d cores)%n", engine.getEngineName(), engine.getVersion(), size, size, repeats,
                Runtime.getRuntime().availableProcessors());
        System.out.println("| detector | boxes / image | parameters | infer img/s (batch 1) | infer img/s (batch 8) |"
                + " train img/s (batch 8) |");
        System.out.println("|---|---:|---:|---:|---:|---:|");
        for (Map.Entry<String, DetectorSpec> e : specs(size).entrySet()) {
            if (!e.getKey().toLowerCase(Locale.ROOT).contains(only.toLowerCase(Locale.ROOT))) {
                continue;
            }
            Row row = measure(e.getKey(), e.getValue(), repeats);
            System.out.printf(Locale.ROOT, "| %s | %,d | %,d | %.1f | %.1f | %.1f |%n", row.name(), row.boxes(),
                    row.parameters(), row.inferBatch1(), row.inferBatch8(), row.train());
        }
    }

    /** The detectors to compare, by display name. */
    static Map<String, DetectorSpec> specs(int size) {
        List<String> classes = LogoClasses.BRANDS;
        Map<String, DetectorSpec> specs = new LinkedHashMap<>();
        specs.put("YOLO v1", YoloV1.spec("bench-yolo-v1", classes, size, YoloV1.Config.defaults()));
        int grid = new YoloV2(YoloV2.spec("probe", classes, size, YoloV2.Config.defaults(YoloAnchors.voc(13))))
                .gridSize();
        specs.put("YOLOv2", YoloV2.spec("bench-yolo-v2", classes, size, YoloV2.Config.defaults(YoloAnchors.voc(grid))));
        specs.put("SSD", Ssd.spec("bench-ssd", classes, size, Ssd.Config.defaults()));
        specs.put("SSD one box", Ssd.spec("bench-ssd-one", classes, size, Ssd.Config.defaults().withOnePerLocation(true)));
        DetectorSpec rcnn = fasterRcnnSpec(size);
        if (rcnn != null) {
            specs.put("Faster R-CNN", rcnn);
        }
        return specs;
    }

    /** Faster R-CNN's benchmark spec through its public {@code benchmarkSpec(int)}, when it exists. */
    private static DetectorSpec fasterRcnnSpec(int size) {
        if (!Detectors.kinds().contains(FASTER_RCNN)) {
            return null;
        }
        try {
            Class<?> type = Class.forName("org.logokit.detect.rcnn.FasterRcnn");
            return (DetectorSpec) type.getMethod("benchmarkSpec", int.class).invoke(null, size);
        } catch (ReflectiveOperationException e) {
            System.out.println("(Faster R-CNN is registered but has no benchmarkSpec(int): " + e + ")");
            return null;
        }
    }

    private static Row measure(String name, DetectorSpec spec, int repeats) throws Exception {
        Engine.getInstance().setRandomSeed(1);
        try (Model model = Detectors.newModel(spec); NDManager manager = NDManager.newBaseManager()) {
            Detector detector = DetectorArtifact.detectorOf(model);
            ParameterStore ps = new ParameterStore(manager, false);
            double one = median(repeats, () -> infer(detector, ps, manager, 1));
            double eight = median(repeats, () -> infer(detector, ps, manager, 8));
            double train = trainSpeed(model, detector, manager, repeats);
            long boxes = detector.getOutputShapes(new Shape[] {detector.inputShape()})[0].get(1);
            return new Row(name, boxes, ParameterCount.learnable(detector), one, eight, train);
        }
    }

    /** Seconds for one batch: forward, post-processing, results read back. */
    private static double infer(Detector detector, ParameterStore ps, NDManager manager, int batch) {
        try (NDManager scratch = manager.newSubManager()) {
            NDArray images = scratch.randomNormal(new Shape(batch, 3, detector.imageSize(), detector.imageSize()));
            long start = System.nanoTime();
            detector.detect(ps, images);
            return batch / ((System.nanoTime() - start) / 1e9);
        }
    }

    private static double trainSpeed(Model model, Detector detector, NDManager manager, int repeats) {
        int batch = 8;
        DefaultTrainingConfig config = new DefaultTrainingConfig(DetectionLoss.of(detector))
                .optOptimizer(Optimizer.sgd().setLearningRateTracker(Tracker.fixed(1e-3f)).optMomentum(0.9f).build());
        Random random = new Random(7);
        double[] speeds = new double[repeats + 2];
        try (Trainer trainer = model.newTrainer(config)) {
            for (int r = 0; r < speeds.length; r++) {
                try (NDManager scratch = manager.newSubManager()) {
                    int s = detector.imageSize();
                    NDArray images = scratch.randomNormal(new Shape(batch, 3, s, s));
                    DetectionBatch labels = randomLogos(scratch, batch, s, random);
                    Batch b = new Batch(scratch, new NDList(images), labels.toLabels(), batch, null, null, 0, 1);
                    long start = System.nanoTime();
                    EasyTrain.trainBatch(trainer, b);
                    trainer.step();
                    detector.getParameters().valueAt(0).getArray().sum().getFloat();
                    speeds[r] = batch / ((System.nanoTime() - start) / 1e9);
                }
            }
        }
        double[] timed = Arrays.copyOfRange(speeds, 2, speeds.length);
        Arrays.sort(timed);
        return timed[timed.length / 2];
    }

    /** 1 to 3 random logos per image, 10 to 40 % of the side. */
    private static DetectionBatch randomLogos(NDManager manager, int batch, int size, Random random) {
        List<float[][]> boxes = new ArrayList<>();
        List<int[]> classes = new ArrayList<>();
        for (int i = 0; i < batch; i++) {
            int n = 1 + random.nextInt(3);
            float[][] b = new float[n][];
            int[] c = new int[n];
            for (int k = 0; k < n; k++) {
                float w = size * (0.1f + 0.3f * random.nextFloat());
                float h = size * (0.1f + 0.3f * random.nextFloat());
                float x = random.nextFloat() * (size - w);
                float y = random.nextFloat() * (size - h);
                b[k] = new float[] {x, y, x + w, y + h};
                c[k] = random.nextInt(32);
            }
            boxes.add(b);
            classes.add(c);
        }
        return DetectionBatch.of(manager, boxes, classes);
    }

    private interface Timed {
        double run();
    }

    private static double median(int repeats, Timed timed) {
        timed.run(); // warm-up
        timed.run();
        double[] values = new double[repeats];
        for (int i = 0; i < repeats; i++) {
            values[i] = timed.run();
        }
        Arrays.sort(values);
        return values[repeats / 2];
    }

    private static int runChild(String engine, List<String> args) throws IOException, InterruptedException {
        Path java = Paths.get(System.getProperty("java.home"), "bin", "java");
        List<String> command = new ArrayList<>(List.of(java.toString(), "-Xmx3g",
                "-Dai.djl.default_engine=" + engine, "-Dai.djl.offline=true",
                "-Dorg.slf4j.simpleLogger.defaultLogLevel=warn",
                "-cp", System.getProperty("java.class.path"), OneStageBenchmark.class.getName()));
        command.addAll(args);
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        try (BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(),
                StandardCharsets.UTF_8))) {
            for (String line = out.readLine(); line != null; line = out.readLine()) {
                System.out.println(line);
            }
        }
        int code = process.waitFor();
        if (code != 0) {
            System.out.println(engine + " run failed with exit code " + code);
        }
        return code;
    }

    private static int intArg(String[] args, String name, int fallback) {
        String value = stringArg(args, name, null);
        if (value == null) {
            return fallback;
        }
        try {
            return Integer.parseInt(value);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(name + " needs a whole number, got " + value, e);
        }
    }

    private static String stringArg(String[] args, String name, String fallback) {
        for (int i = 0; i + 1 < args.length; i++) {
            if (args[i].equals(name)) {
                return args[i + 1];
            }
        }
        return fallback;
    }
}
