package org.logokit.detect.rcnn;

import ai.djl.Model;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.training.DefaultTrainingConfig;
import ai.djl.training.GradientCollector;
import ai.djl.training.Trainer;
import ai.djl.training.dataset.ArrayDataset;
import ai.djl.training.dataset.Batch;
import ai.djl.training.optimizer.Optimizer;
import ai.djl.training.tracker.Tracker;
import ai.djl.translate.TranslateException;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.logokit.detect.Backbone;
import org.logokit.detect.DetectionLoss;
import org.logokit.detect.Detector;
import org.logokit.detect.DetectorSpec;
import org.logokit.detect.TinyScenes;

/** Small Faster R-CNN and RPN configurations for tests, and a few plain training steps. */
final class TinyRcnn {
    static final int SIZE = 64;

    private TinyRcnn() {}

    static RpnConfig rpnConfig() {
        return RpnConfig.singleLevel(12, 20, 32).withProposals(300, 100, 200, 50).withSample(64, 0.5);
    }

    static RoiConfig roiConfig(PoolerKind pooler) {
        return RoiConfig.defaults(pooler).withRepresentationSize(64).withSample(64, 0.25);
    }

    static DetectorSpec fasterRcnnSpec(PoolerKind pooler) {
        return FasterRcnn.spec("tiny-rcnn", TinyScenes.CLASSES, SIZE, new FasterRcnn.Config(Backbone.Width.QUARTER,
                "C3", 0, rpnConfig(), roiConfig(pooler)));
    }

    static DetectorSpec rpnSpec() {
        return RpnDetector.spec("tiny-rpn", SIZE, new RpnDetector.Config(Backbone.Width.QUARTER, "C3", 0,
                rpnConfig()));
    }

    /**
     * Trains with Adam for {@code steps} steps over the data set's batches (cycling).
     *
     * @return the total loss of every step
     */
    static List<Float> train(Model model, ArrayDataset data, int steps, float learningRate)
            throws IOException, TranslateException {
        Detector detector = (Detector) model.getBlock();
        DefaultTrainingConfig config = new DefaultTrainingConfig(DetectionLoss.of(detector))
                .optOptimizer(Optimizer.adam().optLearningRateTracker(Tracker.fixed(learningRate)).build());
        List<Float> losses = new ArrayList<>();
        try (Trainer trainer = model.newTrainer(config)) {
            while (losses.size() < steps) {
                for (Batch batch : trainer.iterateDataset(data)) {
                    if (losses.size() >= steps) {
                        batch.close();
                        break;
                    }
                    try (GradientCollector collector = trainer.newGradientCollector()) {
                        NDList terms = trainer.forward(batch.getData(), batch.getLabels());
                        NDArray total = trainer.getLoss().evaluate(batch.getLabels(), terms);
                        collector.backward(total);
                        losses.add(total.getFloat());
                    }
                    trainer.step();
                    batch.close();
                }
            }
        }
        return losses;
    }
}
