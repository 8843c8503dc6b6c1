package org.logokit.detect;

import ai.djl.Model;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.training.DefaultTrainingConfig;
import ai.djl.training.ParameterStore;
import ai.djl.training.Trainer;
import ai.djl.training.dataset.ArrayDataset;
import ai.djl.training.dataset.Batch;
import ai.djl.training.dataset.Record;
import ai.djl.training.optimizer.Optimizer;
import ai.djl.training.tracker.Tracker;
import java.io.IOException;
import java.util.List;
import org.logokit.detect.catalog.Detectors;

/**
 * Overfit tests of detectors: trains a fresh detector on a tiny in-memory set with Adam (DJL's
 * EasyTrain directly, no trainer class of the kit) and measures how many objects it then finds.
 */
public final class TinyTraining {
    private TinyTraining() {}

    /**
     * @param model the trained model (the caller closes it)
     * @param firstLoss mean total loss of the first pass over the data
     * @param lastLoss mean total loss of the last pass
     * @param recallAtHalf share of ground-truth objects with a detection of their class at IoU &ge; 0.5
     */
    public record Result(Model model, double firstLoss, double lastLoss, double recallAtHalf) {}

    /**
     * Trains {@code spec}'s detector for {@code passes} passes over {@code data}.
     *
     * @param data batches of (images, (boxes, classes)) as {@link TinyScenes} makes them
     */
    public static Result fit(DetectorSpec spec, ArrayDataset data, int passes, float learningRate) throws IOException {
        Engine.getInstance().setRandomSeed(7);
        Model model = Detectors.newModel(spec);
        Detector detector = DetectorArtifact.detectorOf(model);
        double first = Double.NaN;
        double last = Double.NaN;
        DefaultTrainingConfig config = new DefaultTrainingConfig(DetectionLoss.of(detector))
                .optOptimizer(Optimizer.adam().optLearningRateTracker(Tracker.fixed(learningRate)).build());
        try (Trainer trainer = model.newTrainer(config)) {
            trainer.initialize(detector.inputShape());
            for (int pass = 0; pass < passes; pass++) {
                double sum = 0;
                int batches = 0;
                for (Batch batch : trainer.iterateDataset(data)) {
                    try (batch) {
                        try (ai.djl.training.GradientCollector collector = trainer.newGradientCollector()) {
                            NDList losses = trainer.forward(batch.getData(), batch.getLabels());
                            NDArray total = trainer.getLoss().evaluate(batch.getLabels(), losses);
                            collector.backward(total);
                            sum += total.getFloat();
                        }
                        trainer.step();
                        batches++;
                    }
                }
                if (pass == 0) {
                    first = sum / batches;
                }
                last = sum / batches;
            }
        } catch (ai.djl.translate.TranslateException e) {
            throw new IOException(e);
        }
        return new Result(model, first, last, recall(detector, data));
    }

    /** Share of objects found with their class at IoU >= 0.5 among each image's detections. */
    public static double recall(Detector detector, ArrayDataset data) {
        int found = 0;
        int total = 0;
        try (NDManager manager = NDManager.newBaseManager()) {
            ParameterStore ps = new ParameterStore(manager, false);
            for (long i = 0; i < data.size(); i++) {
                Record record = data.get(manager, i);
                List<Detections> result = detector.detect(ps, record.getData().head().expandDims(0));
                Detections d = result.get(0);
                float[] boxes = record.getLabels().get(0).toFloatArray();
                float[] classes = record.getLabels().get(1).toFloatArray();
                for (int g = 0; g < classes.length; g++) {
                    if (classes[g] < 0) {
                        continue;
                    }
                    total++;
                    float[] gt = java.util.Arrays.copyOfRange(boxes, 4 * g, 4 * g + 4);
                    for (int k = 0; k < d.size(); k++) {
                        if (d.classes()[k] == (int) classes[g] && iou(d.boxes()[k], gt) >= 0.5) {
                            found++;
                            break;
                        }
                    }
                }
            }
        }
        return total == 0 ? 0 : (double) found / total;
    }

    private static double iou(float[] a, float[] b) {
        double iw = Math.max(0, Math.min(a[2], b[2]) - Math.max(a[0], b[0]));
        double ih = Math.max(0, Math.min(a[3], b[3]) - Math.max(a[1], b[1]));
        double inter = iw * ih;
        return inter / ((a[2] - a[0]) * (a[3] - a[1]) + (b[2] - b[0]) * (b[3] - b[1]) - inter);
    }
}
