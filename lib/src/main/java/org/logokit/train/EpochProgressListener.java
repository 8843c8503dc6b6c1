package org.logokit.train;

import ai.djl.training.Trainer;
import ai.djl.training.dataset.Batch;
import ai.djl.training.listener.TrainingListenerAdapter;
import org.logokit.notebook.ProgressBar;

/**
 * Shows a progress bar on standard output for the batches of each epoch, labelled
 * "Epoch k (n of N)" in full (the kit's {@link ProgressBar}; DJL's cuts long labels).
 */
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
        Batch batch = batchData.getBatch();
        if (bar == null) {
            bar = new ProgressBar(label(epoch, totalEpochs), Math.max(batch.getProgressTotal(), 1));
        }
        // A batch's progress is the number of samples before it.
        bar.update(batch.getProgress() + batch.getSize());
    }

    /** The bar's label for 0-based epoch {@code epoch} of {@code totalEpochs}. */
    static String label(int epoch, int totalEpochs) {
        return "Epoch " + epoch + " (" + (epoch + 1) + " of " + totalEpochs + ")";
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
