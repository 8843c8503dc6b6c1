package org.logokit.bench;

import ai.djl.Model;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
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
import org.logokit.detect.Detector;
import org.logokit.detect.DetectorArtifact;
import org.logokit.detect.DetectorSpec;
import org.logokit.detect.catalog.Detectors;
import org.logokit.detect.fpn.FeaturePyramid;
import org.logokit.detect.fpn.FpnFasterRcnn;
import org.logokit.detect.rcnn.FasterRcnn;
import org.logokit.detect.rcnn.PoolerKind;
import org.logokit.detect.rcnn.RoiConfig;
import org.logokit.detect.rcnn.RpnConfig;
import org.logokit.detect.retina.RetinaNet;
import org.logokit.model.ParameterCount;
import org.logokit.loss.Reduction;
import org.logokit.loss.SigmoidFocalLoss;

/**
 * Times the training step and the inference of the pyramid detectors (RetinaNet, Faster R-CNN
 * with FPN) beside the single-level Faster R-CNN, on random images with random logos, to choose the
 * input size, widths and levels that fit a 2-core CPU. Prints median milliseconds per batch of
 * inference (forward and post-processing) and of a full training step (forward, losses, backward,
 * SGD update); for RetinaNet also its parts (forward to the pyramid, target assignment, focal loss).
 *
 * <pre>
 *   java -cp ... org.logokit.bench.PyramidBenchmark [--kind retinanet|faster-rcnn-fpn|faster-rcnn]
 *        [--size 256] [--batch 8] [--width quarter|full] [--pyramid 64] [--depth 4]
 *        [--extra P6P7_FROM_C5|P6P7_FROM_P5|MAX_POOL|NONE] [--anchor 16] [--level C4] [--classes 32]
 *        [--steps 5] [--warmup 2]
 * </pre>
 * Time it under {@code flock /tmp/logokit-measure.lock} and report {@code uptime} beside it.
 */
public final class PyramidBenchmark {
    private PyramidBenchmark() {}

    /** Entry point; see the class comment. */
    public static void main(String[] args) throws Exception {
        String kind = arg(args, "--kind", RetinaNet.KIND);
        int size = Integer.parseInt(arg(args, "--size", "256"));
        int batch = Integer.parseInt(arg(args, "--batch", "8"));
        Backbone.Width width = Backbone.Width.valueOf(arg(args, "--width", "quarter").toUpperCase(Locale.ROOT));
        int pyramid = Integer.parseInt(arg(args, "--pyramid", "64"));
        int depth = Integer.parseInt(arg(args, "--depth", "4"));
        var extra = FeaturePyramid.Extra.valueOf(arg(args, "--extra", "P6P7_FROM_C5"));
        int classes = Integer.parseInt(arg(args, "--classes", "32"));
        int steps = Integer.parseInt(arg(args, "--steps", "5"));
        int warmup = Integer.parseInt(arg(args, "--warmup", "2"));
        float base = Float.parseFloat(arg(args, "--anchor", "16"));
        List<String> names = new ArrayList<>();
        for (int i = 0; i < classes; i++) {
            names.add("brand" + i);
        }
        DetectorSpec spec = switch (kind) {
            case RetinaNet.KIND -> {
                float[] bases = new float[3 + extra.count()];
                for (int i = 0; i < bases.length; i++) {
                    bases[i] = base * (1 << i);
                }
                yield RetinaNet.spec("bench", names, size, RetinaNet.Config.paper(width, pyramid, base)
                        .withTowerDepth(depth).withLevels(extra, bases));
            }
            case FpnFasterRcnn.KIND -> FpnFasterRcnn.spec("bench", names, size, new FpnFasterRcnn.Config(width, 0,
                    pyramid, 224, FpnFasterRcnn.rpnConfig(base), RoiConfig.defaults(PoolerKind.ROI_ALIGN)));
            case FasterRcnn.KIND -> FasterRcnn.spec("bench", names, size, new FasterRcnn.Config(width,
                    arg(args, "--level", "C4"), 0, RpnConfig.singleLevel(2 * base, 4 * base, 8 * base),
                    RoiConfig.defaults(PoolerKind.ROI_ALIGN)));
            default -> throw new IllegalArgumentException("--kind is " + RetinaNet.KIND + ", " + FpnFasterRcnn.KIND
                    + " or " + FasterRcnn.KIND + ", not " + kind);
        };
        Engine.getInstance().setRandomSeed(1);
        try (Model model = Detectors.newModel(spec); NDManager manager = NDManager.newBaseManager()) {
            Detector detector = DetectorArtifact.detectorOf(model);
            System.out.printf(Locale.ROOT, "%s, engine %s: %d px, batch %d, %s backbone, %,d parameters%n", detector,
                    Engine.getDefaultEngineName(), size, batch, width, ParameterCount.learnable(detector));
            NDArray images = manager.randomUniform(-1, 1, new Shape(batch, 3, size, size));
            DetectionBatch targets = randomTargets(manager, batch, size, classes);
            ParameterStore inference = new ParameterStore(manager, false);
            if (detector instanceof RetinaNet net) {
                long anchors = Arrays.stream(net.anchorsPerLevel()).sum();
                System.out.printf(Locale.ROOT, "levels %s (%s cells), %,d anchors per image%n", net.levels(),
                        Arrays.toString(net.featureSizes()), anchors);
                time("forward to the pyramid", warmup, steps, manager, m ->
                        net.pyramidLevels(inference, images, false, null).get(0));
                time("target assignment", warmup, steps, manager, m ->
                        net.assigner().assign(net.anchors(m), targets).boxTarget());
                NDArray logits = manager.randomNormal(0, 1, new Shape(batch, anchors, classes), DataType.FLOAT32);
                NDArray zeros = manager.zeros(logits.getShape());
                time("focal loss forward only", warmup, steps, manager, m ->
                        SigmoidFocalLoss.compute(logits, zeros, 0.25, 2, Reduction.SUM));
            }
            double infer = time("inference + post-processing", warmup, steps, manager, m -> {
                detector.detect(inference, images);
                return m.zeros(new Shape(1));
            });
            DefaultTrainingConfig training = new DefaultTrainingConfig(DetectionLoss.of(detector))
                    .optOptimizer(Optimizer.sgd().setLearningRateTracker(Tracker.fixed(1e-3f)).optMomentum(0.9f).build());
            double step;
            try (Trainer trainer = model.newTrainer(training)) {
                trainer.initialize(detector.inputShape());
                step = time("training step", warmup, steps, manager, m -> {
                    try (GradientCollector collector = trainer.newGradientCollector()) {
                        NDList losses = trainer.forward(new NDList(images), targets.toLabels());
                        NDArray total = trainer.getLoss().evaluate(targets.toLabels(), losses);
                        collector.backward(total);
                    }
                    trainer.step();
                    return detector.getParameters().get(0).getValue().getArray().sum();
                });
            }
            System.out.printf(Locale.ROOT, "RESULT %s %d px batch %d: training %.2f img/s, inference %.1f img/s;"
                    + " 1,000 training images take %.1f min%n", kind, size, batch, batch * 1000 / step,
                    batch * 1000 / infer, 1000 / (batch * 1000 / step) / 60);
        }
    }

    private static double time(String what, int warmup, int steps, NDManager manager,
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
        return median;
    }

    /** One to three logos of 16..160 px per image, random brands (seeded: the same boxes on every engine). */
    static DetectionBatch randomTargets(NDManager manager, int batch, int size, int classes) {
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
