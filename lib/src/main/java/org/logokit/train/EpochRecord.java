package org.logokit.train;

import java.util.Locale;

/**
 * What one epoch of training achieved. Accuracies are fractions in [0, 1]; a data set that was
 * not given is recorded as NaN.
 *
 * @param epoch epoch number, counted from 0 as in the course's logs
 * @param trainLoss mean training loss over the epoch's batches
 * @param trainAccuracy accuracy on the training batches seen during the epoch (running, with
 *     augmentation, as the weights changed)
 * @param valAccuracy accuracy on the validation set after the epoch
 * @param testAccuracy accuracy on the test set after the epoch
 * @param seconds wall time of the epoch including evaluation
 * @param checkpointed true when this epoch had the best validation accuracy so far and was saved
 */
public record EpochRecord(int epoch, double trainLoss, double trainAccuracy, double valAccuracy,
        double testAccuracy, double seconds, boolean checkpointed) {

    /**
     * Formats the record in the layout of the course's reference log, e.g.
     * {@code Epoch 5. Loss: 2.850, Train acc 0.82, Val acc 0.61, Test acc 0.76, Time 222.7 sec}.
     */
    public String toLogLine() {
        return String.format(Locale.ROOT, "Epoch %d. Loss: %.3f, Train acc %s, Val acc %s, Test acc %s, Time %.1f sec",
                epoch, trainLoss, fraction(trainAccuracy), fraction(valAccuracy), fraction(testAccuracy), seconds);
    }

    private static String fraction(double value) {
        return Double.isNaN(value) ? "n/a" : String.format(Locale.ROOT, "%.2f", value);
    }
}
