package org.logokit.detect;

import ai.djl.Model;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.training.DefaultTrainingConfig;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import ai.djl.training.Trainer;
import ai.djl.training.dataset.ArrayDataset;
import ai.djl.training.dataset.Batch;
import ai.djl.training.optimizer.Optimizer;
import ai.djl.training.tracker.Tracker;
import java.util.List;
import org.logokit.box.IoU;
import org.logokit.detect.catalog.Detectors;

/**
 * Trains a detector on a few {@link TinyScenes} images with plain DJL (Adam) and measures how well
 * it then finds those same images' squares: the tiny overfit check every detector must pass.
 */
public final class OverfitRun {
    /**
     * @param firstLoss mean total loss of the first epoch
     * @param lastLoss mean total loss of the last epoch
     * @param recall share of the training squares found by a detection of the right class with IoU
     *     at least 0.5 among the top 10 of its image
     */
    public record Result(double firstLoss, double lastLoss, double recall) {}

    private OverfitRun() {}

    /**
     * @param spec the detector (classes must be {@link TinyScenes#CLASSES})
     * @param images how many scenes
     * @param minSide smallest square
     * @param maxSide largest square
     * @param epochs passes over the scenes
     */
    public static Result run(DetectorSpec spec, int images, int minSide, int maxSide, int epochs, float learningRate)
            throws Exception {
        Engine.getInstance().setRandomSeed(3);
        try (Model model = Detectors.newModel(spec); NDManager manager = NDManager.newBaseManager()) {
            Detector detector = DetectorArtifact.detectorOf(model);
            ArrayDataset data = TinyScenes.dataset(manager, images, spec.imageSize(), minSide, maxSide, 11, 8, true);
            DefaultTrainingConfig config = new DefaultTrainingConfig(DetectionLoss.of(detector))
                    .optOptimizer(Optimizer.adam().optLearningRateTracker(Tracker.fixed(learningRate)).build());
            double first = Double.NaN;
            double last = Double.NaN;
            try (Trainer trainer = model.newTrainer(config)) {
                for (int epoch = 0; epoch < epochs; epoch++) {
                    double sum = 0;
                    int batches = 0;
                    for (Batch batch : trainer.iterateDataset(data)) {
                        try (GradientCollector collector = trainer.newGradientCollector()) {
                            NDList losses = trainer.forward(batch.getData(), batch.getLabels());
                            NDArray total = trainer.getLoss().evaluate(batch.getLabels(), losses);
                            collector.backward(total);
                            sum += total.getFloat();
                        }
                        trainer.step();
                        batches++;
                        batch.close();
                    }
                    double mean = sum / batches;
                    if (epoch == 0) {
                        first = mean;
                    }
                    last = mean;
                }
            }
            Result result = new Result(first, last, recall(detector, data, manager));
            System.out.println(spec.kind() + " " + spec.name() + ": " + result);
            return result;
        }
    }

    private static double recall(Detector detector, ArrayDataset data, NDManager manager) throws Exception {
        int found = 0;
        int total = 0;
        ParameterStore ps = new ParameterStore(manager, false);
        for (Batch batch : data.getData(manager)) {
            List<Detections> detections = detector.detect(ps, batch.getData().head());
            DetectionBatch truth = DetectionBatch.of(batch.getLabels());
            for (int i = 0; i < detections.size(); i++) {
                Detections d = detections.get(i).first(10);
                NDArray gt = truth.boxes(i);
                long[] classes = truth.classes(i).toLongArray();
                total += classes.length;
                if (d.isEmpty()) {
                    continue;
                }
                float[] flat = new float[d.size() * 4];
                for (int k = 0; k < d.size(); k++) {
                    System.arraycopy(d.boxes()[k], 0, flat, 4 * k, 4);
                }
                NDArray predicted = manager.create(flat, new ai.djl.ndarray.types.Shape(d.size(), 4));
                float[] iou = IoU.pairwise(gt, predicted).toFloatArray();
                for (int g = 0; g < classes.length; g++) {
                    for (int k = 0; k < d.size(); k++) {
                        if (d.classes()[k] == classes[g] && iou[g * d.size() + k] >= 0.5f) {
                            found++;
                            break;
                        }
                    }
                }
            }
            batch.close();
        }
        return total == 0 ? 0 : found / (double) total;
    }
}
