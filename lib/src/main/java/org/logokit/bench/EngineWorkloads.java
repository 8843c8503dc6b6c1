package org.logokit.bench;

import ai.djl.Model;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.training.DefaultTrainingConfig;
import ai.djl.training.EasyTrain;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import ai.djl.training.Trainer;
import ai.djl.training.dataset.Batch;
import ai.djl.training.loss.Loss;
import ai.djl.translate.Batchifier;
import com.google.gson.Gson;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.optimizer.Optimizer;
import ai.djl.training.tracker.Tracker;
import java.util.List;
import org.logokit.box.IoU;
import org.logokit.box.IoUKind;
import org.logokit.box.Nms;
import org.logokit.config.KitPaths;
import org.logokit.config.Profile;
import org.logokit.data.DetectionSplits;
import org.logokit.data.LogoClasses;
import org.logokit.detect.DetectionBatch;
import org.logokit.detect.DetectionLoss;
import org.logokit.detect.Detector;
import org.logokit.detect.DetectorArtifact;
import org.logokit.detect.DetectorSpec;
import org.logokit.detect.catalog.Detectors;
import org.logokit.detect.ssd.Ssd;
import org.logokit.detect.yolo.YoloAnchors;
import org.logokit.detect.yolo.YoloV2;
import org.logokit.env.EngineThreads;
import org.logokit.experiments.FasterRcnnExperiment;
import org.logokit.experiments.FocalLossExperiment;
import org.logokit.experiments.SsdExperiment;
import org.logokit.experiments.YoloExperiment;
import org.logokit.loss.Reduction;
import org.logokit.loss.SigmoidFocalLoss;
import org.logokit.model.BatchNormFolding;
import org.logokit.model.NamedSequentialBlock;
import org.logokit.model.ResNet;
import org.logokit.roi.RoIAlign;
import org.logokit.train.ClassifierTrainer;

/**
 * The Java side of the side-by-side benchmark: runs ONE workload of {@link Workload} on the
 * default engine, on the inputs written by {@link BenchInputs}, and prints one {@code RESULT {json}}
 * line (median and minimum milliseconds, peak resident memory, a check value). Started by
 * {@link SideBySide} in a fresh JVM per run, so each run's peak memory is its own.
 *
 * <pre>
 *   java -cp ... -Dai.djl.default_engine=PyTorch org.logokit.bench.EngineWorkloads \
 *       --workload nms-10k --inputs DIR [--warmup N] [--repeats N]
 * </pre>
 */
public final class EngineWorkloads {

    private EngineWorkloads() {}

    /** One timed step; returns a number read back from the engine (so the step is finished). */
    interface Step {
        double run();
    }

    /**
     * A prepared workload: the step, a check value of the last result (NaN for none) and the model
     * the step runs, if any. Holding the model matters: a {@link Model} nobody references is closed
     * by DJL's finaliser, which frees the parameters under a running step ("Native resource has been
     * released already").
     */
    record Prepared(Step step, java.util.function.DoubleSupplier check, Model owner) implements AutoCloseable {

        Prepared(Step step, java.util.function.DoubleSupplier check) {
            this(step, check, null);
        }

        @Override
        public void close() {
            if (owner != null) {
                owner.close();
            }
        }
    }

    /**
     * Entry point.
     *
     * @param args {@code --workload NAME --inputs DIR [--warmup N] [--repeats N]}
     * @throws IOException when the inputs cannot be read
     */
    public static void main(String[] args) throws Exception {
        String name = null;
        Path inputs = null;
        int warmup = -1;
        int repeats = -1;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--workload" -> name = args[++i];
                case "--inputs" -> inputs = Path.of(args[++i]);
                case "--warmup" -> warmup = Integer.parseInt(args[++i]);
                case "--repeats" -> repeats = Integer.parseInt(args[++i]);
                default -> throw new IllegalArgumentException("unknown argument " + args[i]);
            }
        }
        if (name == null || inputs == null) {
            System.out.println("usage: EngineWorkloads --workload NAME --inputs DIR [--warmup N] [--repeats N]");
            System.exit(2);
        }
        Workload workload = Workload.byName(name);
        warmup = warmup >= 0 ? warmup : workload.warmup();
        repeats = repeats > 0 ? repeats : workload.repeats();
        Engine engine = Engine.getInstance();
        try (NDManager manager = NDManager.newBaseManager();
                Prepared prepared = prepare(workload, manager, inputs)) {
            double[] times = new double[repeats];
            for (int r = -warmup; r < repeats; r++) {
                long start = System.nanoTime();
                prepared.step().run();
                double ms = (System.nanoTime() - start) / 1e6;
                if (r >= 0) {
                    times[r] = ms;
                }
            }
            Arrays.sort(times);
            double median = repeats % 2 == 1 ? times[repeats / 2]
                    : (times[repeats / 2 - 1] + times[repeats / 2]) / 2;
            Map<String, Object> result = new LinkedHashMap<>();
            result.put("workload", name);
            result.put("runner", engine.getEngineName());
            result.put("version", engine.getEngineName() + " " + engine.getVersion());
            result.put("threads", EngineThreads.probe(engine.getEngineName().equals("PyTorch")).describe());
            result.put("median_ms", median);
            result.put("min_ms", times[0]);
            result.put("peak_rss_mb", peakResidentMegabytes());
            double check = prepared.check().getAsDouble();
            result.put("check", Double.isNaN(check) ? null : check);
            System.out.println("RESULT " + new Gson().toJson(result));
        }
        System.exit(0); // MXNet's shutdown hook waits for its engine; nothing is pending here
    }

    static Prepared prepare(Workload workload, NDManager m, Path inputs) throws IOException {
        NDArray[] last = new NDArray[1];
        NDManager[] scratch = new NDManager[1];
        // every step computes in a fresh sub-manager, closed at the start of the next step, so
        // the last result stays readable for the check value
        java.util.function.Supplier<NDManager> fresh = () -> {
            if (scratch[0] != null) {
                scratch[0].close();
            }
            scratch[0] = m.newSubManager();
            return scratch[0];
        };
        switch (workload) {
            case RESNET18_TRAIN:
                return resnetTrain(m, inputs);
            case RESNET18_INFER_B1:
            case RESNET18_INFER_B16:
                return resnetInfer(m, inputs, workload == Workload.RESNET18_INFER_B1 ? 1 : 16);
            case NMS_10K: {
                NDArray boxes = BenchInputs.read(m, inputs, "nms_boxes");
                NDArray scores = BenchInputs.read(m, inputs, "nms_scores");
                return new Prepared(() -> {
                    NDManager s = fresh.get();
                    last[0] = Nms.nms(boxes, scores, 0.5);
                    last[0].attach(s);
                    return last[0].size();
                }, () -> last[0].size() + sum(last[0].get("0:100")));
            }
            case IOU_1K:
            case GIOU_1K: {
                NDArray a = BenchInputs.read(m, inputs, "iou_a");
                NDArray b = BenchInputs.read(m, inputs, "iou_b");
                IoUKind kind = workload == Workload.IOU_1K ? IoUKind.IOU : IoUKind.GIOU;
                return new Prepared(() -> {
                    NDManager s = fresh.get();
                    NDArray aa = a.duplicate();
                    aa.attach(s);
                    last[0] = IoU.pairwise(aa, b, kind);
                    return sum(last[0]);
                }, () -> sum(last[0]));
            }
            case ROIALIGN_FWD:
            case ROIALIGN_FWDBWD: {
                NDArray features = BenchInputs.read(m, inputs, "roi_features");
                NDArray rois = BenchInputs.read(m, inputs, "rois");
                RoIAlign align = new RoIAlign(7, 7, 1.0 / 16, 2, true);
                if (workload == Workload.ROIALIGN_FWD) {
                    return new Prepared(() -> {
                        NDManager s = fresh.get();
                        last[0] = align.apply(features, rois);
                        last[0].attach(s);
                        return sum(last[0]);
                    }, () -> sum(last[0]));
                }
                return new Prepared(() -> {
                    NDManager s = fresh.get();
                    NDArray x = features.duplicate();
                    x.attach(s);
                    x.setRequiresGradient(true);
                    try (GradientCollector collector = Engine.getInstance().newGradientCollector()) {
                        NDArray pooled = align.apply(x, rois);
                        pooled.attach(s);
                        collector.backward(pooled.sum());
                    }
                    last[0] = x.getGradient();
                    last[0].attach(s);
                    return sum(last[0]);
                }, () -> sum(last[0].abs()));
            }
            case FOCAL_100K:
            case FOCAL_100K_FWDBWD: {
                NDArray logits = BenchInputs.read(m, inputs, "logits");
                NDArray targets = BenchInputs.read(m, inputs, "targets");
                if (workload == Workload.FOCAL_100K) {
                    return new Prepared(() -> {
                        NDManager s = fresh.get();
                        last[0] = SigmoidFocalLoss.compute(logits, targets, 0.25, 2, Reduction.SUM);
                        last[0].attach(s);
                        return last[0].getFloat();
                    }, () -> last[0].getFloat());
                }
                return new Prepared(() -> {
                    NDManager s = fresh.get();
                    NDArray x = logits.duplicate();
                    x.attach(s);
                    x.setRequiresGradient(true);
                    try (GradientCollector collector = Engine.getInstance().newGradientCollector()) {
                        NDArray loss = SigmoidFocalLoss.compute(x, targets, 0.25, 2, Reduction.SUM);
                        loss.attach(s);
                        collector.backward(loss);
                    }
                    last[0] = x.getGradient();
                    last[0].attach(s);
                    return sum(last[0]);
                }, () -> sum(last[0].abs()));
            }
            case FASTER_RCNN_TRAIN:
            case YOLO_TRAIN:
            case SSD_TRAIN:
            case RETINANET_TRAIN:
                return detectorTrain(m, workload);
            case FASTER_RCNN_INFER:
            case YOLO_INFER:
            case SSD_INFER:
            case RETINANET_INFER:
                return detectorInfer(m, workload);
            default:
                throw new IllegalArgumentException("no Java runner for " + workload);
        }
    }

    private static Prepared resnetTrain(NDManager m, Path inputs) throws IOException {
        Engine.getInstance().setRandomSeed(1);
        NamedSequentialBlock net = ResNet.resnet18(33);
        Model model = Model.newInstance("bench");
        model.setBlock(net);
        NDArray images = BenchInputs.read(m, inputs, "images");
        NDArray labels = BenchInputs.read(m, inputs, "labels");
        DefaultTrainingConfig config = new DefaultTrainingConfig(Loss.softmaxCrossEntropyLoss())
                .optOptimizer(ClassifierTrainer.sgd(0.01f, 0.001f));
        Trainer trainer = model.newTrainer(config);
        trainer.initialize(images.getShape());
        NDArray weight = net.child(ResNet.HEAD).getParameters().get(0).getValue().getArray();
        return new Prepared(() -> {
            try (NDManager s = m.newSubManager()) {
                Batch batch = new Batch(s, new NDList(images.duplicate()), new NDList(labels.duplicate()), 16,
                        Batchifier.STACK, Batchifier.STACK, 0, 1);
                EasyTrain.trainBatch(trainer, batch);
                trainer.step();
                // reading an updated weight waits for an asynchronous engine (MXNet) to finish
                return weight.sum().getFloat();
            }
        }, () -> Double.NaN, model);
    }

    private static Prepared resnetInfer(NDManager m, Path inputs, int batch) throws IOException {
        Engine.getInstance().setRandomSeed(1);
        NamedSequentialBlock net = ResNet.resnet18(33);
        NDArray images = BenchInputs.read(m, inputs, "images").get("0:" + batch);
        net.initialize(m, DataType.FLOAT32, images.getShape());
        BatchNormFolding.fold(net); // as the kit's inference entry points run it (LogoClassifier)
        ParameterStore store = new ParameterStore(m, false);
        return new Prepared(() -> {
            try (NDManager s = m.newSubManager()) {
                // the input's manager receives every intermediate array: a per-step copy in the step's
                // manager frees them all after the step (the shared input would keep them to the end)
                NDArray input = images.duplicate();
                input.attach(s);
                NDArray out = net.forward(store, new NDList(input), false).singletonOrThrow();
                return out.sum().getFloat();
            }
        }, () -> Double.NaN);
    }

    /**
     * The detector of a detector row, built as its chapter builds it in the full profile (input
     * size, backbone width, frozen stages, heads; YOLOv2 with the VOC anchors instead of the
     * k-means ones fitted to the training boxes), with random weights: right for the training rows,
     * whose speed does not depend on the weights; the inference rows load trained weights where
     * they can ({@link #detectorInfer}).
     */
    static DetectorSpec detectorSpec(Workload workload) {
        List<String> brands = LogoClasses.BRANDS;
        switch (workload) {
            case FASTER_RCNN_TRAIN:
            case FASTER_RCNN_INFER:
                return FasterRcnnExperiment.Settings.of(Profile.FULL).spec(brands);
            case YOLO_TRAIN:
            case YOLO_INFER: {
                YoloExperiment.Settings s = YoloExperiment.Settings.forProfile(Profile.FULL);
                int size = s.splits().imageSize();
                YoloV2.Config config = YoloV2.Config.defaults(YoloAnchors.voc(size / 32))
                        .withWidth(s.width(), YoloExperiment.headChannels(s.width())).withFrozenStages(s.frozenStages());
                return YoloV2.spec("bench-yolov2", brands, size, config);
            }
            case SSD_TRAIN:
            case SSD_INFER: {
                SsdExperiment.Settings s = SsdExperiment.Settings.forProfile(Profile.FULL);
                Ssd.Config config = Ssd.Config.defaults().withWidth(s.width(), s.extraChannels())
                        .withFrozenStages(s.frozenStages());
                return Ssd.spec("bench-ssd", brands, s.splits().imageSize(), config);
            }
            case RETINANET_TRAIN:
            case RETINANET_INFER:
                return FocalLossExperiment.Settings.of(Profile.FULL).focalSpec(brands);
            default:
                throw new IllegalArgumentException(workload + " is not a detector row");
        }
    }

    /** Seeded uniform images in [-1, 1) (the same pixels on every engine). */
    private static NDArray randomImages(NDManager m, int batch, int size) {
        java.util.Random random = new java.util.Random(7);
        float[] pixels = new float[batch * 3 * size * size];
        for (int i = 0; i < pixels.length; i++) {
            pixels[i] = random.nextFloat() * 2 - 1;
        }
        return m.create(pixels, new Shape(batch, 3, size, size));
    }

    /** One full training step of a detector: forward, its losses, backward, SGD with momentum. */
    private static Prepared detectorTrain(NDManager m, Workload workload) {
        Engine.getInstance().setRandomSeed(1);
        DetectorSpec spec = detectorSpec(workload);
        Model model = Detectors.newModel(spec);
        Detector detector = DetectorArtifact.detectorOf(model);
        int batch = workload.images();
        NDArray images = randomImages(m, batch, spec.imageSize());
        DetectionBatch targets = PyramidBenchmark.randomTargets(m, batch, spec.imageSize(), spec.classes().size());
        NDList labels = targets.toLabels();
        DefaultTrainingConfig config = new DefaultTrainingConfig(DetectionLoss.of(detector))
                .optOptimizer(Optimizer.sgd().setLearningRateTracker(Tracker.fixed(1e-4f)).optMomentum(0.9f).build());
        Trainer trainer = model.newTrainer(config);
        trainer.initialize(detector.inputShape());
        NDArray weight = detector.getParameters().valueAt(detector.getParameters().size() - 1).getArray();
        return new Prepared(() -> {
            try (NDManager s = m.newSubManager()) {
                Batch b = new Batch(s, new NDList(images.duplicate()), copies(labels), batch, Batchifier.STACK,
                        Batchifier.STACK, 0, 1);
                EasyTrain.trainBatch(trainer, b);
                trainer.step();
                return weight.sum().getFloat(); // waits for an asynchronous engine
            }
        }, () -> Double.NaN, model);
    }

    /**
     * Inference of one image: forward, box decoding, score filter and NMS ({@link Detector#detect}).
     * Post-processing time depends on the weights (random weights give every class a softmax score
     * near 1/33, above SSD's threshold of 0.01, so all 196,224 candidates of an image pass it, while a
     * trained SSD passes about 6,000), so the row runs the chapter's trained full-profile detector on
     * the first test image when both are on this machine, else random weights on a random image; it
     * prints which.
     */
    private static Prepared detectorInfer(NDManager m, Workload workload) {
        Engine.getInstance().setRandomSeed(1);
        DetectorSpec spec = detectorSpec(workload);
        Path saved = KitPaths.dataDir().resolve("models").resolve(trainedName(workload));
        Model model = null;
        NDArray image = null;
        try {
            if (DetectorArtifact.exists(saved) && DetectorArtifact.readSpec(saved).imageSize() == spec.imageSize()) {
                image = firstTestImage(m, spec.imageSize());
                model = Detectors.load(saved);
            }
        } catch (IOException | RuntimeException e) {
            System.out.println(SideBySide.NOTE + workload.id() + ": cannot use " + saved + " (" + e.getMessage() + ")");
            if (model != null) {
                model.close();
            }
            model = null;
        }
        if (model == null) {
            System.out.println(SideBySide.NOTE + workload.id() + ": random weights on a random image (no trained detector in " + saved
                    + ": the chapter's full profile saves one)");
            model = Detectors.newModel(spec);
            image = randomImages(m, workload.images(), spec.imageSize());
        } else {
            System.out.println(SideBySide.NOTE + workload.id() + ": trained weights from " + saved + ", first test image");
        }
        Detector detector = DetectorArtifact.detectorOf(model);
        BatchNormFolding.fold(model.getBlock()); // as LogoDetector and the evaluator run it
        NDArray input0 = image;
        ParameterStore store = new ParameterStore(m, false);
        return new Prepared(() -> {
            try (NDManager s = m.newSubManager()) {
                NDArray input = input0.duplicate();
                input.attach(s);
                return detector.detect(store, input).get(0).size();
            }
        }, () -> Double.NaN, model);
    }

    /** The saved full-profile detector a chapter trains for a detector row. */
    static String trainedName(Workload workload) {
        switch (workload) {
            case FASTER_RCNN_INFER:
                return FasterRcnnExperiment.Settings.of(Profile.FULL).name();
            case YOLO_INFER:
                return YoloExperiment.V2_NAME + "full";
            case SSD_INFER:
                return SsdExperiment.SMOOTH_L1_NAME + "full";
            case RETINANET_INFER:
                return FocalLossExperiment.Settings.of(Profile.FULL).focalSpec(LogoClasses.BRANDS).name();
            default:
                throw new IllegalArgumentException(workload + " is not a detector inference row");
        }
    }

    /** The first test image of the course's detection split, normalised, (1, 3, S, S). */
    private static NDArray firstTestImage(NDManager m, int size) throws IOException {
        DetectionSplits splits = DetectionSplits.of(DetectionSplits.Settings.of(size, 1).limited(1, 1));
        try {
            for (Batch b : splits.test().getData(m)) {
                try (b) {
                    NDArray image = b.getData().head().duplicate();
                    image.attach(m);
                    return image;
                }
            }
        } catch (ai.djl.translate.TranslateException e) {
            throw new IOException(e.getMessage(), e);
        }
        throw new IOException("the test split has no images");
    }

    /**
     * Copies of arrays for a {@link Batch}: a batch attaches its data and labels to its manager and
     * closes them with it, so a step reusing the same inputs must hand it copies.
     */
    static NDList copies(NDList arrays) {
        NDList copy = new NDList(arrays.size());
        for (NDArray array : arrays) {
            copy.add(array.duplicate());
        }
        return copy;
    }

    private static double sum(NDArray array) {
        return array.toType(DataType.FLOAT64, false).sum().getDouble();
    }

    /** Peak resident memory of this process in MiB (VmHWM), or -1 where unknown (non-Linux). */
    static double peakResidentMegabytes() {
        try {
            for (String line : java.nio.file.Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith("VmHWM:")) {
                    return Long.parseLong(line.substring(6).trim().split("\\s+")[0]) / 1024.0;
                }
            }
        } catch (IOException | RuntimeException e) {
            return -1;
        }
        return -1;
    }
}
