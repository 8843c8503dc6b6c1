package org.logokit.train;

import ai.djl.training.Trainer;
import ai.djl.training.listener.EvaluatorTrainingListener;
import ai.djl.training.listener.TrainingListenerAdapter;

/**
 * Stops training as soon as the loss stops being a finite number, or grows far beyond where it
 * started, instead of wasting hours on a dead run. Throws DJL's {@link ai.djl.TrainingDivergedException}
 * with a message that says what to try, as a {@link TrainingDivergence} that says where.
 *
 * <p>Must be registered after DJL's {@link EvaluatorTrainingListener}, whose per-batch loss it
 * reads.
 */
final class DivergenceGuard extends TrainingListenerAdapter {

    private final double growthLimit;
    private final String checkpointHint;
    private int epoch;
    private int batch;
    private double firstLoss = Double.NaN;

    /**
     * @param firstEpoch epoch number of the first epoch this run trains
     * @param growthLimit stop when a batch loss exceeds this multiple of the first batch's loss
     * @param checkpointHint where the last good checkpoint is, for the message ("" when none)
     */
    DivergenceGuard(int firstEpoch, double growthLimit, String checkpointHint) {
        this.epoch = firstEpoch;
        this.growthLimit = growthLimit;
        this.checkpointHint = checkpointHint;
    }

    @Override
    public void onTrainingBatch(Trainer trainer, BatchData batchData) {
        float loss = trainer.getLoss().getAccumulator(EvaluatorTrainingListener.TRAIN_ALL);
        batch++;
        if (!Float.isFinite(loss)) {
            throw diverged("the loss is " + loss);
        }
        if (Double.isNaN(firstLoss)) {
            firstLoss = loss;
        } else if (firstLoss > 0 && loss > growthLimit * firstLoss) {
            throw diverged(String.format(java.util.Locale.ROOT,
                    "the loss grew from %.4g to %.4g (more than %.0fx)", firstLoss, loss, growthLimit));
        }
    }

    @Override
    public void onEpoch(Trainer trainer) {
        epoch++;
        batch = 0;
    }

    private TrainingDivergence diverged(String what) {
        return new TrainingDivergence("Training diverged in epoch " + epoch + ", batch " + batch
                + ": " + what + ". Try a lower learning rate (e.g. ten times smaller), gradient clipping "
                + "(optClipGrad on the optimizer), or check the inputs for NaN/Inf and the labels for "
                + "class indices outside the model's output range." + checkpointHint, epoch, batch, what, null);
    }
}
