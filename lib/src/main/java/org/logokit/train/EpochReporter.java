package org.logokit.train;

import ai.djl.training.EasyTrain;
import ai.djl.training.Trainer;
import ai.djl.training.dataset.Dataset;
import ai.djl.training.evaluator.Evaluator;
import ai.djl.training.listener.EvaluatorTrainingListener;
import ai.djl.training.listener.TrainingListenerAdapter;
import ai.djl.translate.TranslateException;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import org.logokit.model.ModelSpec;

/**
 * The end-of-epoch work of {@link ClassifierTrainer}: reads the epoch's loss and accuracies from
 * DJL's evaluators, measures test accuracy, records the epoch, prints the course's log line, and
 * writes the best and last checkpoints.
 *
 * <p>Must be registered before DJL's {@link EvaluatorTrainingListener}, which resets the
 * accumulators in its own {@code onEpoch}.
 */
final class EpochReporter extends TrainingListenerAdapter {

    private final Evaluator accuracy;
    private final Dataset validation;
    private final Dataset test;
    private final TrainingHistory history;
    private final CheckpointStore checkpoints;
    private final ModelSpec spec;
    private final PrintStream out;
    private int epoch;
    private int bestEpoch;
    private double bestValAccuracy;
    private long epochStart = System.nanoTime();

    EpochReporter(Evaluator accuracy, Dataset validation, Dataset test, TrainingHistory history,
            CheckpointStore checkpoints, ModelSpec spec, PrintStream out, int firstEpoch,
            int bestEpoch, double bestValAccuracy) {
        this.accuracy = accuracy;
        this.validation = validation;
        this.test = test;
        this.history = history;
        this.checkpoints = checkpoints;
        this.spec = spec;
        this.out = out;
        this.epoch = firstEpoch;
        this.bestEpoch = bestEpoch;
        this.bestValAccuracy = bestValAccuracy;
    }

    void restartClock() {
        epochStart = System.nanoTime();
    }

    @Override
    public void onEpoch(Trainer trainer) {
        String trainKey = EvaluatorTrainingListener.TRAIN_EPOCH;
        String evalKey = EvaluatorTrainingListener.VALIDATE_EPOCH;
        double trainLoss = trainer.getLoss().getAccumulator(trainKey);
        double trainAcc = accuracy.getAccumulator(trainKey);
        double valAcc = validation == null ? Double.NaN : accuracy.getAccumulator(evalKey);
        double testAcc = Double.NaN;
        if (test != null) {
            // EasyTrain.fit has just validated; reuse the same machinery for the test set
            for (Evaluator e : trainer.getEvaluators()) {
                e.resetAccumulator(evalKey);
            }
            try {
                EasyTrain.evaluateDataset(trainer, test);
            } catch (IOException e) {
                throw new UncheckedIOException("Cannot read the test set", e);
            } catch (TranslateException e) {
                throw new IllegalStateException("Cannot prepare a test batch: " + e.getMessage(), e);
            }
            testAcc = accuracy.getAccumulator(evalKey);
        }
        boolean improved = !Double.isNaN(valAcc) && (bestEpoch < 0 || valAcc > bestValAccuracy);
        double seconds = (System.nanoTime() - epochStart) / 1e9;
        EpochRecord record = new EpochRecord(epoch, trainLoss, trainAcc, valAcc, testAcc, seconds, improved);
        history.add(record);
        out.println(record.toLogLine());
        if (improved) {
            bestEpoch = epoch;
            bestValAccuracy = valAcc;
        }
        if (checkpoints != null) {
            TrainingState state = new TrainingState(epoch, bestEpoch, bestValAccuracy, history.epochs());
            try {
                boolean hadBest = checkpoints.latest(CheckpointStore.BEST).isPresent();
                if (improved) {
                    out.println("Best validation accuracy found. Checkpointing...");
                    checkpoints.save(CheckpointStore.BEST, trainer.getModel(), spec, state);
                    if (hadBest) {
                        out.println("Deleted previous checkpoint.");
                    }
                }
                checkpoints.save(CheckpointStore.LAST, trainer.getModel(), spec, state);
            } catch (IOException e) {
                throw new UncheckedIOException("Cannot write a checkpoint in " + checkpoints.dir()
                        + " (disk full or not writable?)", e);
            }
        }
        epoch++;
        epochStart = System.nanoTime();
    }
}
