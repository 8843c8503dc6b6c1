package org.logokit.train;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonParseException;
import java.util.List;

/**
 * Where a run stands after an epoch: enough to resume it. Stored as {@code state.json} inside each
 * checkpoint folder, beside the parameters of the same epoch.
 *
 * @param epoch the last finished epoch (from 0)
 * @param bestEpoch the epoch with the best validation accuracy so far, or -1
 * @param bestValAccuracy that accuracy (NaN when there is none)
 * @param history every epoch so far
 */
public record TrainingState(int epoch, int bestEpoch, double bestValAccuracy, List<EpochRecord> history) {

    private static final Gson GSON = new GsonBuilder().setPrettyPrinting()
            .serializeSpecialFloatingPointValues().create();

    /** Copies the history list. */
    public TrainingState {
        history = List.copyOf(history);
    }

    /** Returns the state as JSON. */
    public String toJson() {
        return GSON.toJson(this);
    }

    /**
     * Parses JSON written by {@link #toJson()}.
     *
     * @throws IllegalArgumentException when the text is not a training state
     */
    public static TrainingState fromJson(String json) {
        try {
            TrainingState state = GSON.fromJson(json, TrainingState.class);
            if (state == null || state.history() == null) {
                throw new IllegalArgumentException("empty training state");
            }
            return state;
        } catch (JsonParseException e) {
            throw new IllegalArgumentException("not a training state: " + e.getMessage(), e);
        }
    }
}
