package org.logokit.experiments;

import ai.djl.Model;
import ai.djl.training.dataset.Dataset;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Objects;
import org.logokit.data.DetectionSplits;
import org.logokit.detect.Backbone;
import org.logokit.detect.Detector;
import org.logokit.detect.DetectorArtifact;
import org.logokit.detect.DetectorSpec;
import org.logokit.detect.ssd.Ssd;
import org.logokit.detect.yolo.YoloV1;
import org.logokit.detect.yolo.YoloV2;
import org.logokit.eval.DetectionEvaluator;
import org.logokit.model.ModelArtifact;
import org.logokit.eval.DetectionReport;
import org.logokit.train.DetectionHistory;
import org.logokit.train.DetectorTrainer;
import org.logokit.train.TrainedDetectors;
import org.logokit.transfer.SourceBrandPretraining;

/**
 * One detector of an experiment: trained on the protocol's training images (or loaded when a
 * detector with the same spec was saved before), then measured on its test images.
 *
 * @param spec what was trained (its name names the saved folder)
 * @param history the training run's per-epoch losses and validation mAP
 * @param test the test report (mAP, per-class AP, images/s, detections)
 * @param reused whether the saved detector was loaded instead of trained
 * @param folder where the detector is saved
 */
public record DetectorRun(DetectorSpec spec, DetectionHistory history, DetectionReport test, boolean reused,
        Path folder) {

    /**
     * How to train.
     *
     * @param epochs epochs
     * @param learningRate peak SGD learning rate (warm-up, then cosine decay)
     * @param warmUpIterations iterations of linear warm-up
     * @param validate evaluate on the validation hold-out after each epoch (the best epoch is kept);
     *     without it the last epoch is kept
     * @param pretrained start from chapter 03's pretrained backbone
     *     ({@link SourceBrandPretraining#courseBackbone}) instead of random weights
     * @param adam train with Adam (same warm-up and cosine schedule) instead of SGD with momentum
     */
    public record Plan(int epochs, float learningRate, int warmUpIterations, boolean validate, boolean pretrained,
            boolean adam) {
        /** Checks the values. */
        public Plan {
            if (epochs < 1 || !(learningRate > 0) || warmUpIterations < 0) {
                throw new IllegalArgumentException("Need epochs >= 1, learningRate > 0, warmUpIterations >= 0");
            }
        }
    }

    /** The backbone of a one-stage detector (to load pretrained weights into). */
    static Backbone backboneOf(Detector detector) {
        if (detector instanceof YoloV1 v1) {
            return v1.backbone();
        }
        if (detector instanceof YoloV2 v2) {
            return v2.backbone();
        }
        if (detector instanceof Ssd ssd) {
            return ssd.backbone();
        }
        throw new IllegalArgumentException("No pretrained backbone for a " + detector.getClass().getSimpleName());
    }

    /** Training minutes of the run (the sum of its epochs). */
    public double trainingMinutes() {
        return history.totalSeconds() / 60;
    }

    /**
     * Trains a fresh detector by a plan (the one training mechanism of the experiments): loads the
     * pretrained backbone when the plan says so, then runs {@link DetectorTrainer}.
     *
     * @param model a freshly initialised detector
     * @param checkpoints where the trainer keeps its checkpoints
     * @param train training images
     * @param validation validation images, or null to keep the last epoch
     * @param plan how to train
     * @param log progress
     * @return the training history
     */
    static DetectionHistory fit(Model model, Path checkpoints, Dataset train, Dataset validation, Plan plan,
            PrintStream log) throws IOException {
        if (plan.pretrained()) {
            try (ModelArtifact source = SourceBrandPretraining.courseBackbone(log)) {
                backboneOf(DetectorArtifact.detectorOf(model)).loadWeights(source);
            }
        }
        // the trainer's own Adam: the same warm-up + cosine schedule (floor 0.05) and clipping at 10
        return DetectorTrainer.builder(model).epochs(plan.epochs()).learningRate(plan.learningRate())
                .warmUpIterations(plan.warmUpIterations()).adam(plan.adam()).validation(validation)
                .checkpointDir(checkpoints).log(log).build().fit(train);
    }

    /**
     * Loads the detector saved for {@code spec}, or trains and saves it; then evaluates it on the
     * test images.
     *
     * @param spec the detector
     * @param splits the protocol (training, validation and test images)
     * @param plan how to train it when it is not saved yet
     * @param retrain train again even when it is saved
     * @param log where progress and reuse notes go
     * @return the run
     */
    public static DetectorRun trainOrLoad(DetectorSpec spec, DetectionSplits splits, Plan plan, boolean retrain,
            PrintStream log) throws IOException {
        Objects.requireNonNull(plan, "plan");
        TrainedDetectors.Training training = (Model model, Path checkpoints) -> fit(model, checkpoints,
                splits.train(), plan.validate() ? splits.validation() : null, plan, log);
        try (TrainedDetectors.Trained trained = TrainedDetectors.loadOrTrain(spec, retrain, training, log)) {
            DetectionReport report = DetectionEvaluator.builder().progressBar(false).build()
                    .evaluate(trained.model(), splits.test());
            log.printf(Locale.ROOT, "%s on %d test images: %s%n", spec.name(), report.images(), report.summary());
            return new DetectorRun(spec, trained.history(), report, trained.reused(), trained.folder());
        }
    }
}
