package org.logokit.bench;

import ai.djl.Model;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDManager;
import ai.djl.training.DefaultTrainingConfig;
import ai.djl.training.EasyTrain;
import ai.djl.training.ParameterStore;
import ai.djl.training.Trainer;
import ai.djl.training.dataset.Batch;
import ai.djl.training.optimizer.Optimizer;
import ai.djl.training.tracker.Tracker;
import ai.djl.translate.TranslateException;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import org.logokit.config.Profile;
import org.logokit.data.DetectionSplits;
import org.logokit.data.LogoClasses;
import org.logokit.data.LogoDetectionDataset;
import org.logokit.detect.DetectionLoss;
import org.logokit.detect.Detector;
import org.logokit.detect.DetectorArtifact;
import org.logokit.detect.DetectorSpec;
import org.logokit.detect.catalog.Detectors;
import org.logokit.detect.ssd.Ssd;
import org.logokit.detect.yolo.YoloAnchors;
import org.logokit.detect.yolo.YoloV1;
import org.logokit.detect.yolo.YoloV2;
import org.logokit.experiments.FasterRcnnExperiment;
import org.logokit.experiments.SsdExperiment;
import org.logokit.experiments.YoloExperiment;
import org.logokit.model.ParameterCount;
import org.logokit.train.TrainedDetectors;

/**
 * Speed of the course's detectors side by side at one input size (256 pixels, the chapters'
 * full-profile size): inference images per second (forward pass and post-processing, batch 1 and
 * batch 8) on SynthLogos-32 test images, and training images per second (forward with target
 * assignment, backward, SGD step, batch 8) on training images. YOLO v1, YOLOv2, SSD, its
 * one-box variant and chapter 07's Faster R-CNN.
 *
 * <pre>
 *   java -cp ... org.logokit.bench.OneStageBenchmark [--images 64] [--steps 6] [--only SSD]
 *   java -cp ... org.logokit.bench.OneStageBenchmark --engines MXNet,PyTorch   # one JVM per engine
 * </pre>
 *
 * <p>Each detector is the model its chapter saved in the full profile when there is one
 * ({@code <data>/models/<name>}), else the same architecture with random weights (the table says
 * which: an untrained detector scores boxes differently, which changes the cost of NMS). Timings end
 * when the detections are on the host, so asynchronous engines are fully measured.
 */
public final class OneStageBenchmark {
    private static final int SIZE = 256;
    private static final int BATCH = 8;

    private OneStageBenchmark() {}

    /** A detector to measure: its chapter's saved name and the spec to build when nothing is saved. */
    private record Entry(String label, String savedName, DetectorSpec fallback) {}

    /**
     * Entry point.
     *
     * @param args see the class comment
     */
    public static void main(String[] args) throws Exception {
        int images = intArg(args, "--images", 64);
        int steps = intArg(args, "--steps", 6);
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
        DetectionSplits splits = DetectionSplits.of(DetectionSplits.Settings.of(SIZE, BATCH)
                .limited((long) BATCH * (steps + 2), images));
        DetectionSplits single = DetectionSplits.of(DetectionSplits.Settings.of(SIZE, 1).limited(1, images));
        System.out.printf(Locale.ROOT, "Detector speed on %s %s, %d x %d input, %d test images, %d cores, load %.1f%n",
                engine.getEngineName(), engine.getVersion(), SIZE, SIZE, images,
                Runtime.getRuntime().availableProcessors(), loadAverage());
        System.out.println("| detector | weights | boxes / image | parameters | infer img/s (batch 1) |"
                + " infer img/s (batch 8) | train img/s (batch 8) |");
        System.out.println("|---|---|---:|---:|---:|---:|---:|");
        for (Entry entry : entries()) {
            if (!entry.label().toLowerCase(Locale.ROOT).contains(only.toLowerCase(Locale.ROOT))) {
                continue;
            }
            measure(entry, splits, single, steps);
        }
    }

    private static List<Entry> entries() {
        List<String> classes = LogoClasses.BRANDS;
        String tag = "full";
        int grid = SIZE / 32;
        List<Entry> list = new ArrayList<>();
        list.add(new Entry("YOLO v1", YoloExperiment.V1_NAME + tag,
                YoloV1.spec("bench-yolo-v1", classes, SIZE, YoloV1.Config.defaults())));
        list.add(new Entry("YOLOv2", YoloExperiment.V2_NAME + tag,
                YoloV2.spec("bench-yolo-v2", classes, SIZE, YoloV2.Config.defaults(YoloAnchors.voc(grid)))));
        list.add(new Entry("SSD", SsdExperiment.SMOOTH_L1_NAME + tag,
                Ssd.spec("bench-ssd", classes, SIZE, Ssd.Config.defaults())));
        list.add(new Entry("SSD one box", SsdExperiment.ONE_BOX_NAME + tag,
                Ssd.spec("bench-ssd-one", classes, SIZE, Ssd.Config.defaults().withOnePerLocation(true))));
        FasterRcnnExperiment.Settings rcnn = FasterRcnnExperiment.Settings.of(Profile.FULL);
        list.add(new Entry("Faster R-CNN", rcnn.spec(classes).name(), rcnn.spec(classes)));
        return list;
    }

    private static void measure(Entry entry, DetectionSplits splits, DetectionSplits single, int steps) throws IOException, TranslateException {
        Path saved = TrainedDetectors.folder(entry.savedName());
        boolean trained = false;
        if (DetectorArtifact.exists(saved)) {
            DetectorSpec spec = DetectorArtifact.readSpec(saved);
            trained = spec.imageSize() == SIZE;
        }
        Engine.getInstance().setRandomSeed(1);
        try (Model model = trained ? Detectors.load(saved) : Detectors.newModel(entry.fallback());
                NDManager manager = NDManager.newBaseManager()) {
            Detector detector = DetectorArtifact.detectorOf(model);
            ParameterStore ps = new ParameterStore(manager, false);
            double one = inferenceSpeed(detector, ps, manager, single.test());
            double eight = inferenceSpeed(detector, ps, manager, splits.test());
            double train = trainSpeed(model, detector, splits.train(), steps);
            long boxes = detector.getOutputShapes(new ai.djl.ndarray.types.Shape[] {detector.inputShape()})[0].get(1);
            System.out.printf(Locale.ROOT, "| %s | %s | %,d | %,d | %.1f | %.1f | %.1f |%n", entry.label(),
                    trained ? "trained (" + entry.savedName() + ")" : "random", boxes, ParameterCount.learnable(detector),
                    one, eight, train);
        }
    }

    /** Images per second over the test images: one warm-up batch, then every batch timed. */
    private static double inferenceSpeed(Detector detector, ParameterStore ps, NDManager manager,
            LogoDetectionDataset test) throws IOException, TranslateException {
        long nanos = 0;
        int seen = 0;
        boolean warm = false;
        for (Batch b : test.getData(manager)) {
            try (b) {
                long start = System.nanoTime();
                detector.detect(ps, b.getData().head());
                long elapsed = System.nanoTime() - start;
                if (warm) {
                    nanos += elapsed;
                    seen += b.getSize();
                }
                warm = true;
            }
        }
        return seen / (nanos / 1e9);
    }

    private static double trainSpeed(Model model, Detector detector, LogoDetectionDataset train, int steps)
            throws IOException, TranslateException {
        DefaultTrainingConfig config = new DefaultTrainingConfig(DetectionLoss.of(detector))
                .optOptimizer(Optimizer.sgd().setLearningRateTracker(Tracker.fixed(1e-4f)).optMomentum(0.9f).build());
        List<Double> speeds = new ArrayList<>();
        try (Trainer trainer = model.newTrainer(config)) {
            int step = 0;
            for (Batch b : trainer.iterateDataset(train)) {
                try (b) {
                    long start = System.nanoTime();
                    EasyTrain.trainBatch(trainer, b);
                    trainer.step();
                    detector.getParameters().valueAt(0).getArray().sum().getFloat();
                    if (step++ >= 2) {
                        speeds.add(b.getSize() / ((System.nanoTime() - start) / 1e9));
                    }
                }
                if (speeds.size() >= steps) {
                    break;
                }
            }
        }
        double[] sorted = speeds.stream().mapToDouble(Double::doubleValue).sorted().toArray();
        return sorted.length == 0 ? Double.NaN : sorted[sorted.length / 2];
    }

    private static double loadAverage() {
        return java.lang.management.ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
    }

    private static int runChild(String engine, List<String> args) throws IOException, InterruptedException {
        Path java = Paths.get(System.getProperty("java.home"), "bin", "java");
        List<String> command = new ArrayList<>(List.of(java.toString(), "-Xmx3g",
                "-Dai.djl.default_engine=" + engine, "-Dai.djl.offline=true",
                "-Dorg.slf4j.simpleLogger.defaultLogLevel=warn",
                "-cp", System.getProperty("java.class.path"), OneStageBenchmark.class.getName()));
        for (String property : List.of("logokit.home", "logokit.data.dir", "logokit.profile")) {
            if (System.getProperty(property) != null) {
                command.add(1, "-D" + property + "=" + System.getProperty(property));
            }
        }
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
