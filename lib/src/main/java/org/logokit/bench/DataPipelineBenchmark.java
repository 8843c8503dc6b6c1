package org.logokit.bench;

import ai.djl.Model;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.DefaultTrainingConfig;
import ai.djl.training.EasyTrain;
import ai.djl.training.Trainer;
import ai.djl.training.dataset.Batch;
import ai.djl.training.dataset.Dataset;
import ai.djl.training.loss.Loss;
import ai.djl.translate.Batchifier;
import java.util.List;
import java.util.Locale;
import org.logokit.config.Profile;
import org.logokit.data.DataLoading;
import org.logokit.data.DetectionSplits;
import org.logokit.data.LogoDetectionDataset;
import org.logokit.data.DatasetLocator;
import org.logokit.data.LogoClassificationDataset;
import org.logokit.data.Split;
import org.logokit.data.LogoClasses;
import org.logokit.model.Architectures;
import org.logokit.model.ModelSpec;
import org.logokit.model.NamedSequentialBlock;
import org.logokit.experiments.FasterRcnnExperiment;
import org.logokit.experiments.YoloExperiment;
import org.logokit.train.ClassifierTrainer;

/**
 * Does the data pipeline keep ahead of the model? For the chapters' training settings it measures
 * (1) decoding + augmentation + batching of one epoch of the training split on the loader threads
 * ({@link DataLoading}), cold (first epoch: every image decoded) and warm (later epochs: the
 * image cache), and (2) how many images per second the model's training step consumes (on
 * in-memory tensors, no loading), then prints pipeline / model. Besides the classification chapters
 * it measures two detector chapters: their augmented detection split against the detector's
 * training step of the side-by-side benchmark ({@link EngineWorkloads}).
 *
 * <pre>
 *   lib/bench --data-pipeline                 # engine from DJL_DEFAULT_ENGINE (MXNet)
 * </pre>
 *
 * The dataset is the course's (FlickrLogos-32 when FLICKRLOGOS32_ROOT is set, else SynthLogos-32
 * standard, generated on first use); the kit's speed issue asks for a pipeline at least 3x faster
 * than the model.
 */
public final class DataPipelineBenchmark {

    private DataPipelineBenchmark() {}

    /** One chapter's training setting. */
    record Setting(String chapter, String architecture, int imageSize, int batchSize) {}

    /** Chapter 02 (the seed CNN) and chapter 03 (quarter-width ResNet-18), full profile. */
    static final List<Setting> SETTINGS = List.of(
            new Setting("02 cnn", Architectures.SEED_CNN, 128, 40),
            new Setting("03 transfer", Architectures.RESNET18_SMALL, 128, 32));

    /**
     * Entry point.
     *
     * @param args {@code [--steps N]} model steps to time (default 6, after 2 warm-up steps)
     */
    public static void main(String[] args) throws Exception {
        int steps = 6;
        for (int i = 0; i + 1 < args.length; i++) {
            if (args[i].equals("--steps")) {
                steps = Integer.parseInt(args[i + 1]);
            }
        }
        Engine engine = Engine.getInstance();
        System.out.println(DatasetLocator.describe());
        System.out.printf(Locale.ROOT, "Data pipeline vs model on %s %s, %d loader threads, %d batches prefetched;"
                + " load %s%n", engine.getEngineName(), engine.getVersion(), DataLoading.threads(),
                DataLoading.prefetch(), SideBySide.load());
        System.out.println("| chapter | model, size, batch | pipeline cold img/s | pipeline warm img/s |"
                + " model img/s | warm / model | cold / model | load |");
        System.out.println("|---|---|---:|---:|---:|---:|---:|---|");
        for (Setting s : SETTINGS) {
            String before = SideBySide.load();
            LogoClassificationDataset train = LogoClassificationDataset.builder().split(Split.TRAIN)
                    .imageSize(s.imageSize()).setSampling(s.batchSize(), true).build();
            double cold = pipeline(train);
            double warm = pipeline(train);
            double model = model(s, steps);
            System.out.printf(Locale.ROOT, "| %s | %s %d px, batch %d | %.0f | %.0f | %.1f | %.1fx%s | %.1fx | %s → %s |%n",
                    s.chapter(), s.architecture(), s.imageSize(), s.batchSize(), cold, warm, model,
                    warm / model, warm / model >= 3 ? "" : " (below 3x)", cold / model, before, SideBySide.load());
        }
        for (DetectorSetting d : detectorSettings()) {
            String before = SideBySide.load();
            LogoDetectionDataset train = d.splits().train(true);
            double cold = pipeline(train);
            double warm = pipeline(train);
            double model = detectorModel(d.workload(), steps);
            System.out.printf(Locale.ROOT, "| %s | %s | %.0f | %.0f | %.1f | %.1fx%s | %.1fx | %s → %s |%n",
                    d.chapter(), d.workload().title(), cold, warm, model, warm / model,
                    warm / model >= 3 ? "" : " (below 3x)", cold / model, before, SideBySide.load());
        }
        System.exit(0);
    }

    /** A detector chapter's training setting: its augmented training split and its training step. */
    record DetectorSetting(String chapter, DetectionSplits splits, Workload workload) {}

    /** Chapter 07 (Faster R-CNN, batch 4) and chapter 08 (YOLOv2, batch 16), full profile, 256 px. */
    static List<DetectorSetting> detectorSettings() {
        return List.of(
                new DetectorSetting("07 Faster R-CNN", FasterRcnnExperiment.Settings.of(Profile.FULL).splits(),
                        Workload.FASTER_RCNN_TRAIN),
                new DetectorSetting("08 YOLOv2", DetectionSplits.of(YoloExperiment.Settings.forProfile(Profile.FULL)
                        .splits()), Workload.YOLO_TRAIN));
    }

    /** Training images per second of a detector row of the side-by-side benchmark (2 warm-up steps). */
    static double detectorModel(Workload workload, int steps) throws Exception {
        try (NDManager manager = NDManager.newBaseManager();
                EngineWorkloads.Prepared prepared = EngineWorkloads.prepare(workload, manager, null)) {
            long start = 0;
            for (int step = -2; step < steps; step++) {
                if (step == 0) {
                    start = System.nanoTime();
                }
                prepared.step().run();
            }
            return (double) steps * workload.images() / ((System.nanoTime() - start) / 1e9);
        }
    }

    /** Images per second of one epoch through DJL's prefetching on the loader threads. */
    static double pipeline(Dataset dataset) throws Exception {
        try (NDManager manager = NDManager.newBaseManager()) {
            long start = System.nanoTime();
            long images = 0;
            for (Batch batch : dataset.getData(manager, DataLoading.executor())) {
                images += batch.getSize();
                batch.close();
            }
            return images / ((System.nanoTime() - start) / 1e9);
        }
    }

    /** Training images per second of the setting's model on in-memory random batches. */
    static double model(Setting s, int steps) throws Exception {
        Engine.getInstance().setRandomSeed(1);
        NamedSequentialBlock net = Architectures.create(
                ModelSpec.of("bench", s.architecture(), LogoClasses.ALL, s.imageSize()));
        try (Model model = Model.newInstance("pipeline-bench");
                NDManager manager = NDManager.newBaseManager()) {
            model.setBlock(net);
            Shape shape = new Shape(s.batchSize(), 3, s.imageSize(), s.imageSize());
            NDArray images = manager.randomNormal(shape);
            NDArray labels = manager.randomInteger(0, 33, new Shape(s.batchSize()), DataType.INT32)
                    .toType(DataType.FLOAT32, false);
            DefaultTrainingConfig config = new DefaultTrainingConfig(Loss.softmaxCrossEntropyLoss())
                    .optOptimizer(ClassifierTrainer.sgd(0.01f, 0.001f));
            try (Trainer trainer = model.newTrainer(config)) {
                trainer.initialize(shape);
                NDArray weight = net.getParameters().valueAt(0).getArray();
                long start = 0;
                for (int step = -2; step < steps; step++) {
                    if (step == 0) {
                        start = System.nanoTime();
                    }
                    try (NDManager scratch = manager.newSubManager()) {
                        Batch batch = new Batch(scratch, new NDList(images.duplicate()), new NDList(labels.duplicate()), s.batchSize(),
                                Batchifier.STACK, Batchifier.STACK, 0, 1);
                        EasyTrain.trainBatch(trainer, batch);
                        trainer.step();
                        weight.sum().getFloat(); // waits for an asynchronous engine (MXNet)
                    }
                }
                return steps * s.batchSize() / ((System.nanoTime() - start) / 1e9);
            }
        }
    }
}
