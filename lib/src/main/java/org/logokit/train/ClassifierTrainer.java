package org.logokit.train;

import ai.djl.Device;
import ai.djl.Model;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.DefaultTrainingConfig;
import ai.djl.training.EasyTrain;
import ai.djl.training.Trainer;
import ai.djl.training.dataset.Dataset;
import ai.djl.training.evaluator.Accuracy;
import ai.djl.training.listener.EvaluatorTrainingListener;
import ai.djl.training.loss.Loss;
import ai.djl.training.optimizer.Optimizer;
import ai.djl.training.tracker.Tracker;
import ai.djl.translate.TranslateException;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;
import org.logokit.data.DataLoading;
import org.logokit.model.ModelArtifact;
import org.logokit.model.ModelSpec;

/**
 * Trains an image classifier the way the course does, on DJL's {@link Trainer} and
 * {@link EasyTrain#fit}: per epoch it prints
 * {@code Epoch 3. Loss: 0.660, Train acc 0.87, Val acc 0.66, Test acc 0.79, Time 243.4 sec},
 * keeps only the best-validation checkpoint, and can resume an interrupted run.
 *
 * <pre>{@code
 * TrainingHistory history = ClassifierTrainer.builder(model, spec)
 *         .epochs(20)
 *         .optimizer(ClassifierTrainer.sgd(0.01f, 0.001f))
 *         .checkpointDir(Path.of("runs/cnn"))
 *         .build()
 *         .fit(train, validation, test);
 * }</pre>
 *
 * <p>What happens each epoch: DJL iterates the training set (a progress bar on standard output),
 * steps the optimiser, validates; then this class measures test accuracy, appends an
 * {@link EpochRecord}, and writes checkpoints through {@link CheckpointStore}. A loss that becomes
 * NaN/Inf or explodes stops the run with a {@link ai.djl.TrainingDivergedException} that says what
 * to try; the checkpoints written so far stay. Training runs on every GPU the engine sees, else
 * the CPU ({@link TrainingDevices#all()}).
 *
 * <p>"Train acc" is the running accuracy on the augmented training batches during the epoch (the
 * usual d2l.ai practice); the reference log re-evaluated the training set after each epoch, which
 * costs a second pass.
 *
 * <p>Resuming restores the weights, the epoch counter and the history from the newest
 * {@code last-epoch-NNNN} checkpoint. Optimiser state (momentum, update counts of a learning-rate
 * schedule) starts afresh; with plain SGD and a fixed rate the continuation is exact.
 */
public final class ClassifierTrainer {

    private final Model model;
    private final ModelSpec spec;
    private final Loss loss;
    private final Optimizer optimizer;
    private final int epochs;
    private final CheckpointStore checkpoints;
    private final boolean resume;
    private final Device[] devices;
    private final PrintStream out;
    private final boolean progressBar;
    private final double divergenceGrowth;

    private ClassifierTrainer(Builder b) {
        model = b.model;
        spec = b.spec;
        loss = b.loss;
        optimizer = b.optimizer;
        epochs = b.epochs;
        checkpoints = b.checkpointDir == null ? null : new CheckpointStore(b.checkpointDir);
        resume = b.resume;
        devices = b.devices;
        out = b.out;
        progressBar = b.progressBar;
        divergenceGrowth = b.divergenceGrowth;
    }

    /**
     * Starts a builder for a model whose block is set (and may already hold trained weights).
     *
     * @param model the DJL model to train; its block must be one of the kit's architectures or
     *     any block that maps an image batch to class scores
     * @param spec what the model is (used for the input shape and saved with checkpoints)
     */
    public static Builder builder(Model model, ModelSpec spec) {
        return new Builder(model, spec);
    }

    /** SGD with a fixed learning rate and weight decay: the course's reference optimiser. */
    public static Optimizer sgd(float learningRate, float weightDecay) {
        return Optimizer.sgd().setLearningRateTracker(Tracker.fixed(learningRate))
                .optWeightDecays(weightDecay).build();
    }

    /**
     * Trains for the configured number of epochs (or the epochs left after a resume).
     *
     * @param train training set (shuffled batches)
     * @param validation validation set used to pick the best epoch, or null
     * @param test test set reported each epoch, or null
     * @return the history of the run, including epochs restored by a resume
     * @throws ai.djl.TrainingDivergedException when the loss became NaN/Inf or exploded
     * @throws IOException when a data set cannot be read or a checkpoint cannot be written
     */
    public TrainingHistory fit(Dataset train, Dataset validation, Dataset test) throws IOException {
        Objects.requireNonNull(train, "train");
        Shape inputShape = new Shape(1, 3, spec.imageSize(), spec.imageSize());
        if (!model.getBlock().isInitialized()) {
            model.getBlock().initialize(model.getNDManager(), DataType.FLOAT32, inputShape);
        }
        TrainingHistory history = new TrainingHistory();
        int firstEpoch = 0;
        int bestEpoch = -1;
        double bestVal = Double.NaN;
        if (resume && checkpoints != null) {
            Optional<Path> last = checkpoints.latest(CheckpointStore.LAST);
            if (last.isPresent()) {
                TrainingState state = CheckpointStore.readState(last.get());
                ModelArtifact.loadParameters(model, last.get(), spec.name());
                history = new TrainingHistory(state.history());
                firstEpoch = state.epoch() + 1;
                bestEpoch = state.bestEpoch();
                bestVal = state.bestValAccuracy();
                out.println("Resuming from " + last.get().getFileName() + ": " + firstEpoch
                        + " of " + epochs + " epochs done, best validation accuracy "
                        + String.format(java.util.Locale.ROOT, "%.2f", bestVal) + " (epoch " + bestEpoch + ").");
            }
        }
        if (firstEpoch >= epochs) {
            out.println("Nothing to do: all " + epochs + " epochs are done (checkpoints in "
                    + checkpoints.dir() + "). To train again, build the trainer with resume(false)"
                    + " or delete that folder.");
            return history;
        }

        Accuracy accuracy = new Accuracy();
        String hint = checkpoints == null ? "" : " Checkpoints so far are in " + checkpoints.dir() + ".";
        EpochReporter reporter = new EpochReporter(accuracy, validation, test, history, checkpoints, spec,
                out, firstEpoch, bestEpoch, bestVal);
        // batches are decoded and augmented on the loader threads while the model computes
        DefaultTrainingConfig config = DataLoading.configure(new DefaultTrainingConfig(loss))
                .optOptimizer(optimizer)
                .optDevices(devices)
                .addEvaluator(accuracy);
        if (progressBar) {
            config.addTrainingListeners(new EpochProgressListener(firstEpoch, epochs));
        }
        // order matters: the reporter reads the epoch's accumulators before DJL's evaluator
        // listener resets them; the guard reads the batch loss after that listener computed it
        config.addTrainingListeners(reporter, new EvaluatorTrainingListener(),
                new DivergenceGuard(firstEpoch, divergenceGrowth, hint));

        try (Trainer trainer = model.newTrainer(config)) {
            trainer.initialize(inputShape);
            reporter.restartClock();
            EasyTrain.fit(trainer, epochs - firstEpoch, train, validation);
        } catch (TranslateException e) {
            throw new IOException("Cannot prepare a batch: " + e.getMessage(), e);
        }
        return history;
    }

    /** Settings of a {@link ClassifierTrainer}. */
    public static final class Builder {
        private final Model model;
        private final ModelSpec spec;
        private Loss loss = Loss.softmaxCrossEntropyLoss();
        private Optimizer optimizer = sgd(0.01f, 0.001f);
        private int epochs = 1;
        private Path checkpointDir;
        private boolean resume = true;
        private Device[] devices = TrainingDevices.all();
        private PrintStream out = System.out;
        private boolean progressBar = true;
        private double divergenceGrowth = 1e3;

        private Builder(Model model, ModelSpec spec) {
            this.model = Objects.requireNonNull(model, "model");
            this.spec = Objects.requireNonNull(spec, "spec");
            if (model.getBlock() == null) {
                throw new IllegalArgumentException("The model has no block: call model.setBlock(...) first");
            }
        }

        /** Loss to minimise (default: softmax cross-entropy). */
        public Builder loss(Loss value) {
            loss = Objects.requireNonNull(value);
            return this;
        }

        /** Optimiser (default: {@code sgd(0.01, 0.001)} as in the course's reference run). */
        public Builder optimizer(Optimizer value) {
            optimizer = Objects.requireNonNull(value);
            return this;
        }

        /** Total number of epochs, counting epochs done before a resume (default 1). */
        public Builder epochs(int value) {
            if (value <= 0) {
                throw new IllegalArgumentException("epochs must be positive, got " + value);
            }
            epochs = value;
            return this;
        }

        /** Folder for checkpoints (best + last); without one nothing is written. */
        public Builder checkpointDir(Path value) {
            checkpointDir = value;
            return this;
        }

        /** Whether to continue from the folder's last checkpoint when there is one (default true). */
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

        /** Whether to show a progress bar per epoch (default true). */
        public Builder progressBar(boolean value) {
            progressBar = value;
            return this;
        }

        /**
         * Stop when a batch loss exceeds this multiple of the first batch's loss (default 1000);
         * NaN and infinite losses always stop.
         */
        public Builder divergenceGrowth(double value) {
            if (!(value > 1)) {
                throw new IllegalArgumentException("divergenceGrowth must be > 1, got " + value);
            }
            divergenceGrowth = value;
            return this;
        }

        /** Returns the configured trainer. */
        public ClassifierTrainer build() {
            return new ClassifierTrainer(this);
        }
    }
}
