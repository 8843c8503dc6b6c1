package org.logokit.train;

import ai.djl.training.Trainer;
import ai.djl.training.listener.TrainingListenerAdapter;
import ai.djl.training.util.ProgressBar;

/** Shows a DJL {@link ProgressBar} on standard output for the batches of each epoch. */
final class EpochProgressListener extends TrainingListenerAdapter {

    private final int totalEpochs;
    private int epoch;
    private ProgressBar bar;

    EpochProgressListener(int firstEpoch, int totalEpochs) {
        this.epoch = firstEpoch;
        this.totalEpochs = totalEpochs;
    }

    @Override
    public void onTrainingBatch(Trainer trainer, BatchData batchData) {
        long total = batchData.getBatch().getProgressTotal();
        if (bar == null) {
            bar = new ProgressBar("Epoch " + epoch + " (" + (epoch + 1) + " of " + totalEpochs + ")",
                    Math.max(total, 1));
        }
        bar.update(batchData.getBatch().getProgress());
    }

    @Override
    public void onEpoch(Trainer trainer) {
        if (bar != null) {
            bar.end();
            bar = null;
        }
        epoch++;
    }
}
