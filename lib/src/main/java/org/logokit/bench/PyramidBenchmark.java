package org.logokit.bench;

import ai.djl.Model;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.DefaultTrainingConfig;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import ai.djl.training.Trainer;
import ai.djl.training.optimizer.Optimizer;
import ai.djl.training.tracker.Tracker;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import org.logokit.detect.Backbone;
import org.logokit.detect.DetectionBatch;
import org.logokit.detect.DetectionLoss;
import org.logokit.detect.DetectorArtifact;
import org.logokit.detect.DetectorSpec;
import org.logokit.detect.catalog.Detectors;
import org.logokit.detect.retina.RetinaNet;
import org.logokit.loss.Reduction;
import org.logokit.loss.SigmoidFocalLoss;

/**
 * Times a RetinaNet's training step and its parts on random images with random logos, to choose the
 * input size, widths and levels that fit a 2-core CPU. Prints median milliseconds per batch of:
 * the forward pass to the pyramid, the whole inference forward, target assignment, the focal loss
 * alone, a full training step (forward, losses, backward, SGD update), and post-processing.
 *
 * <pre>
 *   java -cp ... org.logokit.bench.PyramidBenchmark [--size 256] [--batch 8] [--width quarter|full]
 *        [--pyramid 64] [--depth 4] [--extra P6P7_FROM_C5|P6P7_FROM_P5|MAX_POOL|NONE] [--classes 32]
 *        [--steps 5] [--warmup 2]
 * </pre>
 * Time it under {@code flock /tmp/logokit-measure.lock} and report {@code uptime} beside it.
 */
public final class PyramidBenchmark {
    private PyramidBenchmark() {}

    /** Entry point; see the class comment. */
    public static void main(String[] args) throws Exception {
        int size = Integer.parseInt(arg(args, "--size", "256"));
        int batch = Integer.parseInt(arg(args, "--batch", "8"));
        Backbone.Width width = Backbone.Width.valueOf(arg(args, "--width", "quarter").toUpperCase(Locale.ROOT));
        int pyramid = Integer.parseInt(arg(args, "--pyramid", "64"));
        int depth = Integer.parseInt(arg(args, "--depth", "4"));
        var extra = org.logokit.detect.fpn.FeaturePyramid.Extra.valueOf(arg(args, "--extra", "P6P7_FROM_C5"));
        int classes = Integer.parseInt(arg(args, "--classes", "32"));
        int steps = Integer.parseInt(arg(args, "--steps", "5"));
        int warmup = Integer.parseInt(arg(args, "--warmup", "2"));
        float base = Float.parseFloat(arg(args, "--anchor", "16"));

        RetinaNet.Config config = RetinaNet.Config.paper(width, pyramid, base).withTowerDepth(depth);
        float[] bases = new float[3 + extra.count()];
        for (int i = 0; i < bases.length; i++) {
            bases[i] = base * (1 << i);
        }
        config = config.withLevels(extra, bases);
        List<String> names = new ArrayList<>();
        for (int i = 0; i < classes; i++) {
            names.add("brand" + i);
        }
        DetectorSpec spec = RetinaNet.spec("bench", names, size, config);
        Engine.getInstance().setRandomSeed(1);
        try (Model model = Detectors.newModel(spec); NDManager manager = NDManager.newBaseManager()) {
            RetinaNet net = (RetinaNet) DetectorArtifact.detectorOf(model);
            long anchors = Arrays.stream(net.anchorsPerLevel()).sum();
            System.out.printf(Locale.ROOT, "RetinaNet %s, engine %s: %d px, batch %d, %s backbone, pyramid %d, towers %d,"
                    + " levels %s (%s cells), %d anchors per image, %d classes%n", spec.name(),
                    Engine.getDefaultEngineName(), size, batch, width, pyramid, depth, net.levels(),
                    Arrays.toString(net.featureSizes()), anchors, classes);
            NDArray images = manager.randomUniform(-1, 1, new Shape(batch, 3, size, size));
            DetectionBatch targets = randomTargets(manager, batch, size, classes);
            ParameterStore inference = new ParameterStore(manager, false);
            List<double[]> rows = new ArrayList<>();
            rows.add(time("forward to the pyramid", warmup, steps, manager, m ->
                    net.pyramidLevels(inference, images, false, null).get(0)));
            rows.add(time("inference forward (heads)", warmup, steps, manager, m ->
                    net.forward(inference, new NDList(images), false).get(0)));
            rows.add(time("target assignment", warmup, steps, manager, m ->
                    net.assigner().assign(net.anchors(m), targets).boxTarget()));
            NDArray logits = manager.randomNormal(0, 1, new Shape(batch, anchors, classes), ai.djl.ndarray.types.DataType.FLOAT32);
            NDArray zeros = manager.zeros(logits.getShape());
            rows.add(time("focal loss forward only", warmup, steps, manager, m ->
                    SigmoidFocalLoss.compute(logits, zeros, 0.25, 2, Reduction.SUM)));
            DefaultTrainingConfig training = new DefaultTrainingConfig(DetectionLoss.of(net))
                    .optOptimizer(Optimizer.sgd().setLearningRateTracker(Tracker.fixed(1e-3f)).optMomentum(0.9f).build());
            try (Trainer trainer = model.newTrainer(training)) {
                trainer.initialize(net.inputShape());
                rows.add(time("training step", warmup, steps, manager, m -> {
                    try (GradientCollector collector = trainer.newGradientCollector()) {
                        NDList losses = trainer.forward(new NDList(images), targets.toLabels());
                        NDArray total = trainer.getLoss().evaluate(targets.toLabels(), losses);
                        collector.backward(total);
                    }
                    trainer.step();
                    return net.head().getParameters().get(0).getValue().getArray().sum();
                }));
            }
            NDList raw = net.forward(inference, new NDList(images), false);
            rows.add(time("post-processing", warmup, steps, manager, m -> {
                net.postProcess(raw);
                return m.zeros(new Shape(1));
            }));
            double step = rows.get(4)[0];
            System.out.printf(Locale.ROOT, "RESULT training %.1f img/s (%.0f ms per batch of %d); an epoch of 1,000"
                    + " images takes %.1f min%n", batch * 1000 / step, step, batch, 1000 / (batch * 1000 / step) / 60);
        }
    }

    private static double[] time(String what, int warmup, int steps, NDManager manager,
            java.util.function.Function<NDManager, NDArray> work) {
        double[] ms = new double[steps];
        for (int i = 0; i < warmup + steps; i++) {
            try (NDManager scratch = manager.newSubManager()) {
                long start = System.nanoTime();
                NDArray out = work.apply(scratch);
                out.sum().getFloat(); // an asynchronous engine finishes here
                if (i >= warmup) {
                    ms[i - warmup] = (System.nanoTime() - start) / 1e6;
                }
            }
        }
        Arrays.sort(ms);
        double median = ms[steps / 2];
        System.out.printf(Locale.ROOT, "%-28s %9.1f ms (median of %d)%n", what, median, steps);
        return new double[] {median};
    }

    /** One to three logos of 16..160 px per image, random brands. */
    private static DetectionBatch randomTargets(NDManager manager, int batch, int size, int classes) {
        Random random = new Random(3);
        List<float[][]> boxes = new ArrayList<>();
        List<int[]> ids = new ArrayList<>();
        for (int i = 0; i < batch; i++) {
            int n = 1 + random.nextInt(3);
            float[][] b = new float[n][];
            int[] c = new int[n];
            for (int k = 0; k < n; k++) {
                int side = 16 + random.nextInt(Math.min(145, size - 16));
                int x = random.nextInt(size - side);
                int y = random.nextInt(size - side);
                b[k] = new float[] {x, y, x + side, y + side * (0.6f + 0.6f * random.nextFloat())};
                b[k][3] = Math.min(b[k][3], size);
                c[k] = random.nextInt(classes);
            }
            boxes.add(b);
            ids.add(c);
        }
        return DetectionBatch.of(manager, boxes, ids);
    }

    private static String arg(String[] args, String name, String fallback) {
        for (int i = 0; i < args.length - 1; i++) {
            if (args[i].equals(name)) {
                return args[i + 1];
            }
        }
        return fallback;
    }
}
