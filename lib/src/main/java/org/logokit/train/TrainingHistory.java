package org.logokit.train;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonParseException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import tech.tablesaw.api.BooleanColumn;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.IntColumn;
import tech.tablesaw.api.Table;
import tech.tablesaw.columns.numbers.NumberColumnFormatter;

/**
 * The per-epoch record of one training run, in order. Serialises to JSON (Gson) and converts to a
 * Tablesaw table for display and to a learning-curve chart ({@code viz.LearningCurveChart}).
 */
public final class TrainingHistory {

    private static final Gson GSON = new GsonBuilder().setPrettyPrinting()
            .serializeSpecialFloatingPointValues().create();

    private final List<EpochRecord> epochs = new ArrayList<>();

    /** Creates an empty history. */
    public TrainingHistory() {}

    /** Creates a history holding the given records. */
    public TrainingHistory(List<EpochRecord> records) {
        epochs.addAll(records);
    }

    /** Appends a record. */
    public void add(EpochRecord record) {
        epochs.add(record);
    }

    /** Returns the records, oldest first (read-only view). */
    public List<EpochRecord> epochs() {
        return Collections.unmodifiableList(epochs);
    }

    /** Returns the number of recorded epochs. */
    public int size() {
        return epochs.size();
    }

    /** Returns the last record, if any. */
    public Optional<EpochRecord> last() {
        return epochs.isEmpty() ? Optional.empty() : Optional.of(epochs.get(epochs.size() - 1));
    }

    /**
     * Returns the record with the highest validation accuracy (the earliest one on ties, as a
     * strict "better than" checkpointing rule keeps it).
     */
    public Optional<EpochRecord> best() {
        EpochRecord best = null;
        for (EpochRecord r : epochs) {
            if (!Double.isNaN(r.valAccuracy()) && (best == null || r.valAccuracy() > best.valAccuracy())) {
                best = r;
            }
        }
        return Optional.ofNullable(best);
    }

    /** Returns the history as JSON: {@code {"epochs": [ {...}, ... ]}}. */
    public String toJson() {
        return GSON.toJson(this);
    }

    /**
     * Parses JSON written by {@link #toJson()}.
     *
     * @throws IllegalArgumentException when the text is not a history
     */
    public static TrainingHistory fromJson(String json) {
        try {
            TrainingHistory parsed = GSON.fromJson(json, TrainingHistory.class);
            if (parsed == null || parsed.epochs == null) {
                throw new IllegalArgumentException("not a training history: " + abbreviate(json));
            }
            return new TrainingHistory(parsed.epochs);
        } catch (JsonParseException e) {
            throw new IllegalArgumentException("not a training history: " + e.getMessage(), e);
        }
    }

    /** Writes the JSON to a file atomically (a temporary file, then a rename). */
    public void save(Path file) throws IOException {
        AtomicFiles.writeString(file, toJson());
    }

    /** Reads a history written by {@link #save(Path)}. */
    public static TrainingHistory load(Path file) throws IOException {
        try {
            return fromJson(Files.readString(file, StandardCharsets.UTF_8));
        } catch (IllegalArgumentException e) {
            throw new IOException("Cannot read the training history " + file + ": " + e.getMessage(), e);
        }
    }

    /**
     * Returns a table with columns {@code epoch, train_loss, train_acc, val_acc, test_acc,
     * seconds, checkpointed}.
     */
    public Table toTable(String title) {
        IntColumn epoch = IntColumn.create("epoch");
        DoubleColumn loss = DoubleColumn.create("train_loss");
        DoubleColumn trainAcc = DoubleColumn.create("train_acc");
        DoubleColumn valAcc = DoubleColumn.create("val_acc");
        DoubleColumn testAcc = DoubleColumn.create("test_acc");
        DoubleColumn seconds = DoubleColumn.create("seconds");
        BooleanColumn saved = BooleanColumn.create("checkpointed");
        for (EpochRecord r : epochs) {
            epoch.append(r.epoch());
            loss.append(r.trainLoss());
            trainAcc.append(r.trainAccuracy());
            valAcc.append(r.valAccuracy());
            testAcc.append(r.testAccuracy());
            seconds.append(r.seconds());
            saved.append(r.checkpointed());
        }
        // The values stay exact; only their printed form is rounded (Show.table, Table.print).
        for (DoubleColumn c : new DoubleColumn[] {loss, trainAcc, valAcc, testAcc}) {
            c.setPrintFormatter(NumberColumnFormatter.fixedWithGrouping(3));
        }
        seconds.setPrintFormatter(NumberColumnFormatter.fixedWithGrouping(1));
        return Table.create(title, epoch, loss, trainAcc, valAcc, testAcc, seconds, saved);
    }

    /** Returns the whole log, one {@link EpochRecord#toLogLine()} per line. */
    public String toLog() {
        StringBuilder text = new StringBuilder();
        for (EpochRecord r : epochs) {
            text.append(r.toLogLine()).append('\n');
        }
        return text.toString();
    }

    private static String abbreviate(String text) {
        return text == null ? "null" : text.length() > 80 ? text.substring(0, 80) + "..." : text;
    }
}
