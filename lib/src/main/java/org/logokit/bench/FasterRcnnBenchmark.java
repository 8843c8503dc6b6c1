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
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import org.logokit.config.Profile;
import org.logokit.data.DetectionSplits;
import org.logokit.data.LogoDetectionDataset;
import org.logokit.detect.DetectionLoss;
import org.logokit.detect.Detector;
import org.logokit.detect.DetectorSpec;
import org.logokit.detect.catalog.Detectors;
import org.logokit.experiments.FasterRcnnExperiment;
import org.logokit.train.TrainedDetectors;

/**
 * Training and inference speed of chapter 07's Faster R-CNN at the chapter's input size, on real
 * SynthLogos-32 images: images per second of a training step (forward with target assignment,
 * backward, SGD step) and of inference (forward, proposals, head, post-processing). It uses the
 * chapter's saved detector when there is one (an untrained RPN proposes differently, which changes
 * the cost of NMS) and says which.
 *
 * <pre>
 *   java -cp ... [-Dlogokit.profile=full] org.logokit.bench.FasterRcnnBenchmark [--steps N] [--warmup N]
 *   java -cp ... org.logokit.bench.FasterRcnnBenchmark --both     # MXNet and PyTorch in child JVMs
 * </pre>
 */
public final class FasterRcnnBenchmark {

    private FasterRcnnBenchmark() {}

    /** Runs the benchmark; see the class comment. */
    public static void main(String[] args) throws IOException, InterruptedException, TranslateException {
        int steps = intArg(args, "--steps", 10);
        int warmup = intArg(args, "--warmup", 2);
        if (List.of(args).contains("--both")) {
            List<String> passOn = new ArrayList<>(List.of(args));
            passOn.remove("--both");
            for (String engine : List.of("MXNet", "PyTorch")) {
                runChild(engine, passOn);
            }
            return;
        }
        Profile profile = Profile.current();
        FasterRcnnExperiment.Settings settings = FasterRcnnExperiment.Settings.of(profile);
        DetectionSplits splits = settings.splits();
        LogoDetectionDataset train = splits.train();
        LogoDetectionDataset test = splits.test();
        DetectorSpec spec = settings.spec(test.classNames());
        Path saved = TrainedDetectors.folder(spec.name());
        boolean trained = TrainedDetectors.loadIfMatching(saved, spec).map(t -> {
            t.close();
            return true;
        }).orElse(false);
        try (Model model = trained ? Detectors.load(saved) : Detectors.newModel(spec)) {
            double trainRate = trainSpeed(model, train, steps, warmup);
            double inferRate = inferenceSpeed(model, test, steps, warmup);
            System.out.printf(Locale.ROOT, "RESULT engine=%s train images/s=%.2f inference images/s=%.2f (Faster R-CNN,"
                    + " %d x %d, batch %d, %s %s, %s, RPN top %d/%d train and %d/%d test, %d RoIs per image, %s model,"
                    + " %d timed steps, %d threads visible)%n", Engine.getDefaultEngineName(), trainRate, inferRate,
                    settings.imageSize(), settings.imageSize(), settings.batchSize(), "quarter ResNet-18",
                    "C4", settings.roi().pooler(), settings.rpn().preNmsTopNTrain(), settings.rpn().postNmsTopNTrain(),
                    settings.rpn().preNmsTopNTest(), settings.rpn().postNmsTopNTest(),
                    settings.roi().batchSizePerImage(), trained ? "trained" : "untrained", steps,
                    Runtime.getRuntime().availableProcessors());
        }
    }

    /** Training images per second: {@code steps} timed steps after {@code warmup} untimed ones. */
    static double trainSpeed(Model model, LogoDetectionDataset data, int steps, int warmup)
            throws IOException, TranslateException {
        Detector detector = (Detector) model.getBlock();
        DefaultTrainingConfig config = new DefaultTrainingConfig(DetectionLoss.of(detector))
                .optOptimizer(Optimizer.sgd().setLearningRateTracker(Tracker.fixed(1e-4f)).optMomentum(0.9f).build());
        try (Trainer trainer = model.newTrainer(config)) {
            // a loaded model's parameters hold their weights but no gradients until initialised for training
            trainer.initialize(detector.inputShape());
            Iterator<Batch> batches = cycle(trainer.iterateDataset(data).iterator(), trainer, data);
            long start = 0;
            int images = 0;
            for (int i = 0; i < warmup + steps; i++) {
                if (i == warmup) {
                    start = System.nanoTime();
                }
                try (Batch batch = batches.next()) {
                    EasyTrain.trainBatch(trainer, batch);
                    trainer.step();
                    // an asynchronous engine (MXNet) has finished the step once a weight is read back
                    model.getBlock().getParameters().get(0).getValue().getArray().sum().getFloat();
                    if (i >= warmup) {
                        images += batch.getSize();
                    }
                }
            }
            return images / ((System.nanoTime() - start) / 1e9);
        }
    }

    /** Inference images per second (forward, proposals, head and post-processing). */
    static double inferenceSpeed(Model model, LogoDetectionDataset data, int steps, int warmup)
            throws IOException, TranslateException {
        Detector detector = (Detector) model.getBlock();
        try (NDManager manager = model.getNDManager().newSubManager()) {
            Iterator<Batch> batches = data.getData(manager).iterator();
            long start = 0;
            int images = 0;
            for (int i = 0; i < warmup + steps && batches.hasNext(); i++) {
                if (i == warmup) {
                    start = System.nanoTime();
                }
                try (Batch batch = batches.next()) {
                    detector.detect(new ParameterStore(batch.getManager(), false), batch.getData().head());
                    if (i >= warmup) {
                        images += batch.getSize();
                    }
                }
            }
            return images / ((System.nanoTime() - start) / 1e9);
        }
    }

    private static Iterator<Batch> cycle(Iterator<Batch> first, Trainer trainer, LogoDetectionDataset data) {
        return new Iterator<>() {
            private Iterator<Batch> current = first;

            @Override
            public boolean hasNext() {
                return true;
            }

            @Override
            public Batch next() {
                if (!current.hasNext()) {
                    try {
                        current = trainer.iterateDataset(data).iterator();
                    } catch (IOException | TranslateException e) {
                        throw new IllegalStateException(e);
                    }
                }
                return current.next();
            }
        };
    }

    private static void runChild(String engine, List<String> args) throws IOException, InterruptedException {
        Path java = Paths.get(System.getProperty("java.home"), "bin", "java");
        List<String> command = new ArrayList<>(List.of(java.toString(), "-Xmx4g",
                "-Dai.djl.default_engine=" + engine, "-Dai.djl.offline=true",
                "-Dorg.slf4j.simpleLogger.defaultLogLevel=warn",
                "-Dlogokit.profile=" + Profile.current().name().toLowerCase(Locale.ROOT),
                "-cp", System.getProperty("java.class.path"), FasterRcnnBenchmark.class.getName()));
        String home = System.getProperty("logokit.home");
        if (home != null) {
            command.add(1, "-Dlogokit.home=" + home);
        }
        command.addAll(args);
        System.out.println("== " + engine);
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
    }

    private static int intArg(String[] args, String name, int fallback) {
        for (int i = 0; i + 1 < args.length; i++) {
            if (args[i].equals(name)) {
                try {
                    return Integer.parseInt(args[i + 1]);
                } catch (NumberFormatException e) {
                    throw new IllegalArgumentException(name + " needs a whole number, got " + args[i + 1], e);
                }
            }
        }
        return fallback;
    }
}
