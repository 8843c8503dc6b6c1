package org.logokit.eval;

import ai.djl.Model;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.training.ParameterStore;
import ai.djl.training.Trainer;
import ai.djl.training.dataset.Batch;
import ai.djl.training.dataset.Dataset;
import ai.djl.translate.TranslateException;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import org.logokit.detect.DetectionBatch;
import org.logokit.detect.Detections;
import org.logokit.detect.Detector;
import org.logokit.detect.DetectorArtifact;
import org.logokit.model.BatchNormFolding;
import org.logokit.notebook.ProgressBar;

/**
 * Runs a detector over a data set and measures it: every image's {@link Detections} against its
 * ground truth in a COCO-style {@link MeanAveragePrecision} (IoU 0.50..0.95, 101-point
 * interpolation, at most 100 detections per image and class), plus the detector's speed.
 *
 * <pre>{@code
 * DetectionReport report = DetectionEvaluator.builder().build().evaluate(model, testSet);
 * System.out.println(report.summary());            // mAP, mAP@0.5, mAP@0.75, images/s
 * Show.table(report.perClassTable("AP per brand"));
 * }</pre>
 *
 * <p>The data set yields batches as {@code LogoDetectionDataset} does: images (B, 3, S, S) and labels
 * (boxes (B, M, 4), classes (B, M)) in input pixels; detections and ground truth are compared in
 * those pixels. Each batch is closed after use, so memory stays flat over any number of images.
 */
public final class DetectionEvaluator {
    private final long maxImages;
    private final boolean progressBar;
    private final boolean keepDetections;

    private DetectionEvaluator(Builder b) {
        maxImages = b.maxImages;
        progressBar = b.progressBar;
        keepDetections = b.keepDetections;
    }

    /** Defaults: every image, a progress bar, detections kept for pictures. */
    public static Builder builder() {
        return new Builder();
    }

    /** Evaluates a model (its block a {@link Detector}) outside training. */
    public DetectionReport evaluate(Model model, Dataset data) throws IOException {
        Detector detector = DetectorArtifact.detectorOf(model);
        ParameterStore store = new ParameterStore(model.getNDManager(), false);
        try (NDManager manager = model.getNDManager().newSubManager()) {
            return evaluate(detector, images -> detector.forward(store, images, false), data, manager);
        }
    }

    /** Evaluates the model a trainer is training, with the trainer's parameters (e.g. after an epoch). */
    public DetectionReport evaluate(Trainer trainer, Dataset data) throws IOException {
        Detector detector = DetectorArtifact.detectorOf(trainer.getModel());
        try (NDManager manager = trainer.getManager().newSubManager()) {
            return evaluate(detector, trainer::evaluate, data, manager);
        }
    }

    /**
     * The general form.
     *
     * @param detector turns raw outputs into detections
     * @param forward the inference forward pass (images NDList to raw outputs)
     * @param data batches of images and labels
     * @param manager where batches are created (closed batch by batch)
     */
    public DetectionReport evaluate(Detector detector, Function<NDList, NDList> forward, Dataset data,
            NDManager manager) throws IOException {
        int numClasses = detector.numClasses();
        MeanAveragePrecision map = MeanAveragePrecision.coco(numClasses);
        List<Detections> allDetections = new ArrayList<>();
        List<ImageGroundTruth> allTruth = new ArrayList<>();
        int[] objectsPerClass = new int[numClasses];
        long nanos = 0;
        long seen = 0;
        ProgressBar bar = null;
        // inference only: each conv + batch norm pair runs as one convolution during the call
        // (a detector folded by its owner, e.g. LogoDetector, stays folded)
        boolean foldedHere = !BatchNormFolding.isFolded(detector);
        if (foldedHere) {
            BatchNormFolding.fold(detector);
        }
        try {
            for (Batch batch : data.getData(manager)) {
                try (batch) {
                    if (progressBar && bar == null) {
                        bar = new ProgressBar("Evaluating " + detector.spec().name(),
                                Math.max(1, batch.getProgressTotal()));
                    }
                    long start = System.nanoTime();
                    List<Detections> found = detector.postProcess(forward.apply(batch.getData()));
                    nanos += System.nanoTime() - start;
                    DetectionBatch truth = DetectionBatch.of(batch.getLabels());
                    for (int i = 0; i < truth.size() && (maxImages <= 0 || seen < maxImages); i++, seen++) {
                        ImageGroundTruth gt = ImageGroundTruth.of(truth.boxes(i), truth.classes(i));
                        for (int label : gt.labels()) {
                            objectsPerClass[label]++;
                        }
                        Detections d = found.get(i);
                        map.add(new ImageDetections(d.boxes(), d.scores(), d.classes()), gt);
                        if (keepDetections) {
                            allDetections.add(d);
                            allTruth.add(gt);
                        }
                    }
                    if (bar != null) {
                        bar.update(batch.getProgress() + batch.getSize()); // samples done
                    }
                }
                if (maxImages > 0 && seen >= maxImages) {
                    break;
                }
            }
        } catch (TranslateException e) {
            throw new IOException("Cannot read an evaluation batch: " + e.getMessage(), e);
        } finally {
            if (foldedHere) {
                BatchNormFolding.unfold(detector);
            }
            if (bar != null) {
                bar.end();
            }
        }
        return new DetectionReport(map.compute(), detector.classNames(), allDetections, allTruth, objectsPerClass,
                nanos / 1e9);
    }

    /** Settings of a {@link DetectionEvaluator}. */
    public static final class Builder {
        private long maxImages;
        private boolean progressBar = true;
        private boolean keepDetections = true;

        private Builder() {}

        /** Evaluate at most this many images (0, the default, means all). */
        public Builder maxImages(long value) {
            maxImages = value;
            return this;
        }

        /** Show a progress bar (default true). */
        public Builder progressBar(boolean value) {
            progressBar = value;
            return this;
        }

        /** Keep every image's detections and ground truth in the report (default true). */
        public Builder keepDetections(boolean value) {
            keepDetections = value;
            return this;
        }

        /** The evaluator. */
        public DetectionEvaluator build() {
            return new DetectionEvaluator(this);
        }
    }
}
