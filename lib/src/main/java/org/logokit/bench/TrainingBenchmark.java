package org.logokit.bench;

import ai.djl.Model;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.DefaultTrainingConfig;
import ai.djl.training.EasyTrain;
import ai.djl.training.Trainer;
import ai.djl.training.dataset.ArrayDataset;
import ai.djl.training.dataset.Batch;
import ai.djl.training.loss.Loss;
import ai.djl.translate.TranslateException;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.logokit.model.NamedSequentialBlock;
import org.logokit.model.ParameterCount;
import org.logokit.model.ResNet;
import org.logokit.train.ClassifierTrainer;
import org.logokit.train.TrainingDevices;

/**
 * Measures training throughput of the real ResNet-18 (33 classes, 224x224, batch 16, SGD) on the
 * selected engine: a few warm-up steps, then timed steps through DJL's {@link EasyTrain}.
 *
 * <pre>
 *   java -cp ... org.logokit.bench.TrainingBenchmark [--steps N] [--warmup N] [--batch N] [--size N]
 *   java -cp ... org.logokit.bench.TrainingBenchmark --both     # MXNet and PyTorch in child JVMs
 * </pre>
 *
 * Select the engine with {@code -Dai.djl.default_engine=MXNet|PyTorch}.
 */
public final class TrainingBenchmark {

    private TrainingBenchmark() {}

    /** Runs the benchmark; see the class comment for the arguments. */
    public static void main(String[] args) throws IOException, InterruptedException, TranslateException {
        int steps = intArg(args, "--steps", 5);
        int warmup = intArg(args, "--warmup", 2);
        int batch = intArg(args, "--batch", 16);
        int size = intArg(args, "--size", 224);
        if (List.of(args).contains("--both")) {
            List<String> passOn = new ArrayList<>(List.of(args));
            passOn.remove("--both");
            for (String engine : List.of("MXNet", "PyTorch")) {
                runChild(engine, passOn);
            }
            return;
        }
        double imagesPerSecond = measure(steps, warmup, batch, size);
        System.out.printf(Locale.ROOT, "RESULT engine=%s images/s=%.1f (ResNet-18, batch %d, %dx%d, %d timed steps)%n",
                Engine.getDefaultEngineName(), imagesPerSecond, batch, size, size, steps);
    }

    /** Returns training images per second of ResNet-18 on the default engine. */
    public static double measure(int steps, int warmup, int batch, int size) throws IOException, TranslateException {
        Engine.getInstance().setRandomSeed(1);
        NamedSequentialBlock net = ResNet.resnet18(33);
        try (Model model = Model.newInstance("bench");
                NDManager manager = NDManager.newBaseManager()) {
            model.setBlock(net);
            int n = batch * (steps + warmup);
            ArrayDataset data = new ArrayDataset.Builder()
                    .setData(manager.randomUniform(0f, 1f, new Shape(n, 3, size, size)))
                    .optLabels(manager.randomInteger(0, 33, new Shape(n), DataType.INT32).toType(DataType.FLOAT32, false))
                    .setSampling(batch, false)
                    .build();
            DefaultTrainingConfig config = new DefaultTrainingConfig(Loss.softmaxCrossEntropyLoss())
                    .optOptimizer(ClassifierTrainer.sgd(0.01f, 0.001f))
                    .optDevices(TrainingDevices.all());
            try (Trainer trainer = model.newTrainer(config)) {
                trainer.initialize(new Shape(batch, 3, size, size));
                System.out.println("ResNet-18: " + ParameterCount.learnable(net) + " learnable parameters; "
                        + TrainingDevices.describe(trainer.getDevices()));
                int done = 0;
                long start = 0;
                for (Batch b : trainer.iterateDataset(data)) {
                    if (done == warmup) {
                        start = System.nanoTime();
                    }
                    EasyTrain.trainBatch(trainer, b);
                    trainer.step();
                    // reading an updated weight waits for an asynchronous engine (MXNet) to finish
                    net.child(ResNet.HEAD).getParameters().get(0).getValue().getArray().sum().getFloat();
                    b.close();
                    done++;
                }
                double seconds = (System.nanoTime() - start) / 1e9;
                return steps * batch / seconds;
            }
        }
    }

    private static void runChild(String engine, List<String> args) throws IOException, InterruptedException {
        Path java = Paths.get(System.getProperty("java.home"), "bin", "java");
        List<String> command = new ArrayList<>(List.of(java.toString(), "-Xmx6g",
                "-Dai.djl.default_engine=" + engine, "-Dai.djl.offline=true",
                "-Dorg.slf4j.simpleLogger.defaultLogLevel=warn",
                "-cp", System.getProperty("java.class.path"), TrainingBenchmark.class.getName()));
        command.addAll(args);
        System.out.println("== " + engine);
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        try (BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
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
