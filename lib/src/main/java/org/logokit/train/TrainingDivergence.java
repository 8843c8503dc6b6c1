package org.logokit.train;

import ai.djl.TrainingDivergedException;
import java.util.Optional;

/**
 * A training run that diverged: where (epoch, batch), why, and, for a detector run, the losses
 * recorded up to and including the batch that diverged. A {@link TrainingDivergedException}, so
 * code that only wants to stop keeps catching DJL's type; an experiment that compares recipes
 * catches this one and reports the divergence as its result (e.g. cross-entropy against the focal
 * loss in chapter 11).
 */
public final class TrainingDivergence extends TrainingDivergedException {
    private static final long serialVersionUID = 1L;

    private final int epoch;
    private final int batch;
    private final String reason;
    private final transient DetectionHistory history;

    /**
     * @param message the whole message (where, why, what to try)
     * @param epoch the epoch number it diverged in (0-based, as the epoch log lines count)
     * @param batch the batch of that epoch it diverged at (1-based)
     * @param reason what happened, e.g. "the loss grew from 302.7 to 3.4e5 (more than 100x)"
     * @param history the losses up to there, or null when the trainer does not record them
     */
    public TrainingDivergence(String message, int epoch, int batch, String reason, DetectionHistory history) {
        super(message);
        this.epoch = epoch;
        this.batch = batch;
        this.reason = reason;
        this.history = history;
    }

    /** The same divergence with the run's history attached. */
    TrainingDivergence withHistory(DetectionHistory value) {
        TrainingDivergence copy = new TrainingDivergence(getMessage(), epoch, batch, reason, value);
        copy.setStackTrace(getStackTrace());
        return copy;
    }

    /** The epoch it diverged in (0-based). */
    public int epoch() {
        return epoch;
    }

    /** The batch of that epoch it diverged at (1-based). */
    public int batch() {
        return batch;
    }

    /** What happened, without the advice. */
    public String reason() {
        return reason;
    }

    /**
     * The detector run's history up to the divergence: every completed epoch, and the loss terms of
     * every iteration including the one that diverged. Empty for runs that record none.
     */
    public Optional<DetectionHistory> history() {
        return Optional.ofNullable(history);
    }

    /** A short description: "diverged in epoch 0, batch 15 (the loss grew ...)". */
    public String describe() {
        return "diverged in epoch " + epoch + ", batch " + batch + " (" + reason + ")";
    }
}
