package org.logokit.train;

import ai.djl.Device;
import ai.djl.Model;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.DataType;
import ai.djl.training.DefaultTrainingConfig;
import ai.djl.training.EasyTrain;
import ai.djl.training.Trainer;
import ai.djl.training.dataset.Batch;
import ai.djl.training.dataset.Dataset;
import ai.djl.training.listener.EvaluatorTrainingListener;
import ai.djl.training.listener.TrainingListener;
import ai.djl.training.listener.TrainingListenerAdapter;
import ai.djl.training.optimizer.Optimizer;
import ai.djl.training.tracker.Tracker;
import ai.djl.translate.TranslateException;
import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonParseException;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.logokit.detect.DetectionLoss;
import org.logokit.detect.Detector;
import org.logokit.detect.DetectorArtifact;
import org.logokit.env.ProcessMemory;
import org.logokit.eval.DetectionEvaluator;
import org.logokit.eval.DetectionMetrics;
import org.logokit.eval.DetectionReport;

/**
 * Trains any {@link Detector} on DJL's {@link EasyTrain}: per batch {@code EasyTrain.trainBatch}
 * (the detector's training forward returns its loss terms, {@link DetectionLoss} adds them up),
 * then the optimiser step; per epoch a validation mAP, a log line with every loss term, and
 * checkpoints.
 *
 * <pre>{@code
 * DetectionHistory history = DetectorTrainer.builder(model)
 *         .epochs(12).learningRate(0.02f)
 *         .validation(validationSet)
 *         .checkpointDir(Path.of("data/runs/faster-rcnn"))
 *         .build()
 *         .fit(trainSet);
 * }</pre>
 *
 * <p>What it adds to DJL: a progress bar per epoch; the history of every loss term per iteration
 * and per epoch ({@link DetectionHistory}); SGD with momentum and weight decay, or Adam
 * ({@link Builder#adam(boolean)}), with a warm-up + cosine learning-rate schedule
 * ({@link WarmUpCosineSchedule}); {@link DivergenceGuard} (NaN / exploding
 * loss stops the run with advice); checkpoints through {@link CheckpointStore}: {@code best-*} is
 * the epoch with the best validation mAP@0.5, {@code last-*} the newest, each written atomically;
 * resume from {@code last-*} (weights, epoch, history and the schedule's position; momentum starts
 * afresh); resident memory per epoch, to show that native memory stays flat.
 */
public final class DetectorTrainer {
    private static final Gson GSON = new GsonBuilder().setPrettyPrinting()
            .serializeSpecialFloatingPointValues().create();

    private final Model model;
    private final Detector detector;
    private final int epochs;
    private final float learningRate;
    private final float momentum;
    private final float weightDecay;
    private final int warmUpIterations;
    private final float clipGradient;
    private final Optimizer customOptimizer;
    private final boolean adam;
    private final Map<String, Double> lossWeights;
    private final Dataset validation;
    private final DetectionEvaluator evaluator;
    private final CheckpointStore checkpoints;
    private final boolean resume;
    private final Device[] devices;
    private final PrintStream out;
    private final boolean progressBar;
    private final double divergenceGrowth;

    private DetectorTrainer(Builder b) {
        model = b.model;
        detector = DetectorArtifact.detectorOf(b.model);
        epochs = b.epochs;
        learningRate = b.learningRate;
        momentum = b.momentum;
        weightDecay = b.weightDecay;
        warmUpIterations = b.warmUpIterations;
        clipGradient = b.clipGradient;
        customOptimizer = b.optimizer;
        adam = b.adam;
        lossWeights = Map.copyOf(b.lossWeights);
        validation = b.validation;
        evaluator = b.evaluator;
        checkpoints = b.checkpointDir == null ? null : new CheckpointStore(b.checkpointDir);
        resume = b.resume;
        devices = b.devices;
        out = b.out;
        progressBar = b.progressBar;
        divergenceGrowth = b.divergenceGrowth;
    }

    /**
     * Starts a builder.
     *
     * @param model a model whose block is a {@link Detector} (it may hold pretrained weights)
     */
    public static Builder builder(Model model) {
        return new Builder(model);
    }

    /** Where a run stands after an epoch (saved as {@code state.json} in each checkpoint). */
    record State(int epoch, int iterations, int bestEpoch, double bestMap50, String history) {}

    /**
     * Trains for the configured epochs (or those left after a resume).
     *
     * @param train training batches (e.g. {@code DetectionSplits.train(...)}), shuffled
     * @return the history, including epochs restored by a resume
     * @throws TrainingDivergence when the loss became NaN/Inf or exploded (with the history up to
     *     and including the batch that diverged)
     * @throws IOException when a batch cannot be read or a checkpoint cannot be written
     */
    public DetectionHistory fit(Dataset train) throws IOException {
        Objects.requireNonNull(train, "train");
        if (!detector.isInitialized()) {
            detector.initialize(model.getNDManager(), DataType.FLOAT32, detector.inputShape());
        }
        DetectionLoss loss = DetectionLoss.of(detector, lossWeights);
        DetectionHistory history = new DetectionHistory(loss.termNames());
        int firstEpoch = 0;
        int iterationsDone = 0;
        int bestEpoch = -1;
        double bestMap50 = Double.NaN;
        if (resume && checkpoints != null) {
            Optional<Path> last = checkpoints.latest(CheckpointStore.LAST);
            if (last.isPresent()) {
                State state = readState(last.get());
                DetectorArtifact.loadParameters(model, last.get());
                history = DetectionHistory.fromJson(state.history());
                firstEpoch = state.epoch() + 1;
                iterationsDone = state.iterations();
                bestEpoch = state.bestEpoch();
                bestMap50 = state.bestMap50();
                out.printf(Locale.ROOT, "Resuming from %s: %d of %d epochs done, best validation mAP@0.5 %.3f"
                        + " (epoch %d).%n", last.get().getFileName(), firstEpoch, epochs, bestMap50, bestEpoch);
            }
        }
        if (firstEpoch >= epochs) {
            out.println("Nothing to do: all " + epochs + " epochs are done (checkpoints in " + checkpoints.dir()
                    + "). To train again, build the trainer with resume(false) or delete that folder.");
            return history;
        }

        LazySchedule schedule = new LazySchedule(learningRate, warmUpIterations, iterationsDone);
        Optimizer optimizer = customOptimizer != null ? customOptimizer : adam ? adam(schedule) : sgd(schedule);
        TermRecorder recorder = new TermRecorder(history);
        String hint = checkpoints == null ? "" : " Checkpoints so far are in " + checkpoints.dir() + ".";
        DefaultTrainingConfig config = new DefaultTrainingConfig(loss).optOptimizer(optimizer).optDevices(devices);
        if (progressBar) {
            config.addTrainingListeners(new EpochProgressListener(firstEpoch, epochs));
        }
        // the recorder before the guard: a diverged run's history ends with the batch that diverged
        config.addTrainingListeners(new EvaluatorTrainingListener(), recorder,
                new DivergenceGuard(firstEpoch, divergenceGrowth, hint));

        try (Trainer trainer = model.newTrainer(config)) {
            trainer.initialize(detector.inputShape());
            for (int epoch = firstEpoch; epoch < epochs; epoch++) {
                long start = System.nanoTime();
                long trainNanos = 0;
                int images = 0;
                recorder.startEpoch();
                for (Batch batch : trainer.iterateDataset(train)) {
                    try (batch) {
                        schedule.knowTotal((long) batch.getProgressTotal() * (epochs - firstEpoch) + iterationsDone);
                        long t0 = System.nanoTime();
                        EasyTrain.trainBatch(trainer, batch);
                        trainer.step();
                        trainNanos += System.nanoTime() - t0;
                        images += batch.getSize();
                    }
                }
                iterationsDone += recorder.epochIterations();
                Map<String, Double> terms = recorder.epochMeans();
                double total = recorder.epochTotal(loss);
                trainer.notifyListeners(listener -> listener.onEpoch(trainer));

                double map = Double.NaN;
                double map50 = Double.NaN;
                if (validation != null) {
                    DetectionReport report = evaluator.evaluate(trainer, validation);
                    map = report.map();
                    map50 = report.map50();
                }
                // a split without ground truth has no mAP (ABSENT, -1): it never makes an epoch "better"
                boolean better = !Double.isNaN(map50) && !DetectionMetrics.isAbsent(map50)
                        && (Double.isNaN(bestMap50) || map50 > bestMap50);
                if (better) {
                    bestMap50 = map50;
                    bestEpoch = epoch;
                }
                double seconds = (System.nanoTime() - start) / 1e9;
                DetectionHistory.Epoch record = new DetectionHistory.Epoch(epoch, terms, total, map, map50, seconds,
                        trainNanos > 0 ? images / (trainNanos / 1e9) : Double.NaN, ProcessMemory.residentMegabytes(),
                        better && checkpoints != null);
                history.add(record);
                out.println(record.toLogLine());
                if (checkpoints != null) {
                    String state = GSON.toJson(new State(epoch, iterationsDone, bestEpoch, bestMap50, history.toJson()));
                    final int e = epoch;
                    CheckpointStore.ArtifactWriter writer = dir -> saveAt(dir, e);
                    checkpoints.save(CheckpointStore.LAST, epoch, writer, state);
                    if (better || validation == null) {
                        checkpoints.save(CheckpointStore.BEST, epoch, writer, state);
                    }
                }
            }
        } catch (TranslateException e) {
            throw new IOException("Cannot prepare a training batch: " + e.getMessage(), e);
        } catch (TrainingDivergence e) {
            throw e.withHistory(history);
        }
        return history;
    }

    /** The newest best checkpoint folder, if this trainer has a checkpoint folder and wrote one. */
    public Optional<Path> bestCheckpoint() throws IOException {
        return checkpoints == null ? Optional.empty() : checkpoints.latest(CheckpointStore.BEST);
    }

    private void saveAt(Path dir, int epoch) throws IOException {
        String previous = model.getProperty("Epoch");
        model.setProperty("Epoch", Integer.toString(epoch));
        try {
            DetectorArtifact.save(model, dir);
        } finally {
            if (previous == null) {
                model.getProperties().remove("Epoch");
            } else {
                model.setProperty("Epoch", previous);
            }
        }
    }

    /** The history saved in a checkpoint folder written by this trainer. */
    public static DetectionHistory historyOf(Path checkpoint) throws IOException {
        return DetectionHistory.fromJson(readState(checkpoint).history());
    }

    private static State readState(Path checkpoint) throws IOException {
        String json = CheckpointStore.readStateJson(checkpoint);
        try {
            State state = GSON.fromJson(json, State.class);
            if (state == null || state.history() == null) {
                throw new IOException("empty state");
            }
            return state;
        } catch (JsonParseException e) {
            throw new IOException("Cannot resume: " + checkpoint.resolve(CheckpointStore.STATE_FILE) + " is damaged ("
                    + e.getMessage() + "). Delete the checkpoint folder to start over.", e);
        }
    }

    private Optimizer adam(Tracker schedule) {
        ai.djl.training.optimizer.Adam.Builder b = Optimizer.adam().optLearningRateTracker(schedule);
        if (clipGradient > 0) {
            b.optClipGrad(clipGradient);
        }
        return b.build();
    }

    private Optimizer sgd(Tracker schedule) {
        ai.djl.training.optimizer.Sgd.Builder b = Optimizer.sgd().setLearningRateTracker(schedule)
                .optMomentum(momentum).optWeightDecays(weightDecay);
        if (clipGradient > 0) {
            b.optClipGrad(clipGradient);
        }
        return b.build();
    }

    /**
     * The warm-up + cosine schedule, created on the first batch, when the number of batches per epoch
     * is known.
     */
    private static final class LazySchedule implements Tracker {
        private final float rate;
        private final int warmUp;
        private final int done;
        private WarmUpCosineSchedule schedule;

        LazySchedule(float rate, int warmUp, int done) {
            this.rate = rate;
            this.warmUp = warmUp;
            this.done = done;
        }

        void knowTotal(long totalIterations) {
            if (schedule == null) {
                schedule = new WarmUpCosineSchedule(rate, warmUp, (int) Math.max(1, totalIterations), 0.05f)
                        .resumedAt(done);
            }
        }

        @Override
        public float getNewValue(int numUpdate) {
            return schedule == null ? rate : schedule.getNewValue(numUpdate);
        }
    }

    /** Records every batch's loss terms into the history and averages them per epoch. */
    private static final class TermRecorder extends TrainingListenerAdapter {
        private final DetectionHistory history;
        private double[] sums;
        private int count;

        TermRecorder(DetectionHistory history) {
            this.history = history;
        }

        void startEpoch() {
            sums = new double[history.terms().size()];
            count = 0;
        }

        @Override
        public void onTrainingBatch(Trainer trainer, TrainingListener.BatchData batchData) {
            int n = history.terms().size();
            float[] values = new float[n];
            int devicesSeen = 0;
            for (NDList terms : batchData.getPredictions().values()) {
                for (int i = 0; i < n; i++) {
                    values[i] += terms.get(i).getFloat();
                }
                devicesSeen++;
            }
            for (int i = 0; i < n; i++) {
                values[i] /= Math.max(1, devicesSeen);
                sums[i] += values[i];
            }
            count++;
            history.addIteration(values);
        }

        int epochIterations() {
            return count;
        }

        Map<String, Double> epochMeans() {
            Map<String, Double> means = new LinkedHashMap<>();
            List<String> names = history.terms();
            for (int i = 0; i < names.size(); i++) {
                means.put(names.get(i), count == 0 ? Double.NaN : sums[i] / count);
            }
            return means;
        }

        double epochTotal(DetectionLoss loss) {
            double total = 0;
            Map<String, Double> means = epochMeans();
            for (Map.Entry<String, Double> w : loss.weights().entrySet()) {
                total += w.getValue() * means.get(w.getKey());
            }
            return total;
        }
    }

    /** Settings of a {@link DetectorTrainer}. */
    public static final class Builder {
        private final Model model;
        private int epochs = 1;
        private float learningRate = 0.01f;
        private float momentum = 0.9f;
        private float weightDecay = 1e-4f;
        private int warmUpIterations = 100;
        private float clipGradient = 10f;
        private boolean adam;
        private Optimizer optimizer;
        private Map<String, Double> lossWeights = Map.of();
        private Dataset validation;
        private DetectionEvaluator evaluator = DetectionEvaluator.builder().progressBar(false)
                .keepDetections(false).build();
        private Path checkpointDir;
        private boolean resume = true;
        private Device[] devices = TrainingDevices.all();
        private PrintStream out = System.out;
        private boolean progressBar = true;
        private double divergenceGrowth = 1e3;

        private Builder(Model model) {
            this.model = Objects.requireNonNull(model, "model");
            DetectorArtifact.detectorOf(model); // fails clearly when the block is no detector
        }

        /** Total epochs, counting those done before a resume (default 1). */
        public Builder epochs(int value) {
            if (value <= 0) {
                throw new IllegalArgumentException("epochs must be positive, got " + value);
            }
            epochs = value;
            return this;
        }

        /** Peak SGD learning rate (default 0.01), reached after the warm-up, then cosine decay. */
        public Builder learningRate(float value) {
            if (!(value > 0)) {
                throw new IllegalArgumentException("learningRate must be positive, got " + value);
            }
            learningRate = value;
            return this;
        }

        /** SGD momentum (default 0.9). */
        public Builder momentum(float value) {
            momentum = value;
            return this;
        }

        /** Weight decay (default 1e-4, torchvision's detection recipe). */
        public Builder weightDecay(float value) {
            weightDecay = value;
            return this;
        }

        /** Iterations of linear learning-rate warm-up (default 100). */
        public Builder warmUpIterations(int value) {
            if (value < 0) {
                throw new IllegalArgumentException("warmUpIterations must be >= 0, got " + value);
            }
            warmUpIterations = value;
            return this;
        }

        /** Clip each gradient element to [-value, value] (default 10; 0 turns clipping off). */
        public Builder clipGradient(float value) {
            clipGradient = value;
            return this;
        }

        /**
         * Adam (DJL's defaults: β 0.9 / 0.999, no weight decay) instead of SGD with momentum, with the
         * same warm-up + cosine schedule and gradient clipping (default false). Its steps do not scale
         * with the gradients' size, which helps a detector whose head starts with tiny gradients.
         */
        public Builder adam(boolean value) {
            adam = value;
            return this;
        }

        /** Use this optimiser instead of the built-in SGD schedule. */
        public Builder optimizer(Optimizer value) {
            optimizer = Objects.requireNonNull(value);
            return this;
        }

        /** Weights of loss terms by name (terms not named weigh 1). */
        public Builder lossWeights(Map<String, Double> value) {
            lossWeights = Map.copyOf(value);
            return this;
        }

        /** Images whose mAP@0.5 after each epoch picks the best checkpoint (none: every epoch counts as best). */
        public Builder validation(Dataset value) {
            validation = value;
            return this;
        }

        /** How validation is measured (default: all images, no progress bar). */
        public Builder evaluator(DetectionEvaluator value) {
            evaluator = Objects.requireNonNull(value);
            return this;
        }

        /** Folder for the best and last checkpoints; without one nothing is written. */
        public Builder checkpointDir(Path value) {
            checkpointDir = value;
            return this;
        }

        /** Continue from the folder's last checkpoint when there is one (default true). */
        public Builder resume(boolean value) {
            resume = value;
            return this;
        }

        /** Devices to train on (default: all GPUs, else the CPU). */
        public Builder devices(Device... value) {
            if (value == null || value.length == 0) {
                throw new IllegalArgumentException("need at least one device");
            }
            devices = value.clone();
            return this;
        }

        /** Where the per-epoch log goes (default standard output). */
        public Builder log(PrintStream value) {
            out = Objects.requireNonNull(value);
            return this;
        }

        /** Show a progress bar per epoch (default true). */
        public Builder progressBar(boolean value) {
            progressBar = value;
            return this;
        }

        /** Stop when a batch loss exceeds this multiple of the first one (default 1000). */
        public Builder divergenceGrowth(double value) {
            if (!(value > 1)) {
                throw new IllegalArgumentException("divergenceGrowth must be > 1, got " + value);
            }
            divergenceGrowth = value;
            return this;
        }

        /** The trainer. */
        public DetectorTrainer build() {
            return new DetectorTrainer(this);
        }
    }
}
