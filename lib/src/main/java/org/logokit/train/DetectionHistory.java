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
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import tech.tablesaw.api.BooleanColumn;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.IntColumn;
import tech.tablesaw.api.Table;
import tech.tablesaw.columns.numbers.NumberColumnFormatter;

/**
 * The record of one detector training run: every loss term per epoch and per iteration, the
 * validation mAP, time, speed and memory of each epoch. Serialises to JSON (saved in every
 * checkpoint and beside a saved model) and converts to a Tablesaw table; {@code viz.LossCurves}
 * draws it.
 */
public final class DetectionHistory {

    private static final Gson GSON = new GsonBuilder().setPrettyPrinting()
            .serializeSpecialFloatingPointValues().create();

    /**
     * What one epoch achieved.
     *
     * @param epoch epoch number from 0
     * @param losses mean of each (unweighted) loss term over the epoch's batches, by name
     * @param totalLoss mean of the weighted total the optimiser minimised
     * @param valMap COCO mAP@[.5:.95] on the validation images (NaN without validation)
     * @param valMap50 mAP@0.5 on the validation images
     * @param seconds wall time of the epoch, validation included
     * @param trainImagesPerSecond training images per second (forward, backward and step)
     * @param rssMegabytes resident memory of the process after the epoch (-1 where unknown)
     * @param checkpointed whether this epoch was the best so far and saved as such
     */
    public record Epoch(int epoch, Map<String, Double> losses, double totalLoss, double valMap, double valMap50,
            double seconds, double trainImagesPerSecond, long rssMegabytes, boolean checkpointed) {

        /** Copies the map. */
        public Epoch {
            losses = Collections.unmodifiableMap(new LinkedHashMap<>(losses));
        }

        /** E.g. {@code Epoch 3. Loss 1.234 (rpn_objectness 0.10, ...), val mAP@.5 0.41, 12.3 img/s, 95.1 s}. */
        public String toLogLine() {
            StringBuilder terms = new StringBuilder();
            losses.forEach((k, v) -> terms.append(terms.length() == 0 ? "" : ", ")
                    .append(String.format(Locale.ROOT, "%s %.3f", k, v)));
            return String.format(Locale.ROOT, "Epoch %d. Loss %.3f (%s), val mAP %s, mAP@0.5 %s, %.1f img/s, %.1f s%s",
                    epoch, totalLoss, terms, fraction(valMap), fraction(valMap50), trainImagesPerSecond, seconds,
                    rssMegabytes >= 0 ? ", RSS " + rssMegabytes + " MB" : "");
        }

        private static String fraction(double value) {
            return Double.isNaN(value) ? "n/a" : String.format(Locale.ROOT, "%.3f", value);
        }
    }

    private final List<String> terms;
    private final List<Epoch> epochs = new ArrayList<>();
    private final List<float[]> iterations = new ArrayList<>();

    /** An empty history for a detector with these loss terms. */
    public DetectionHistory(List<String> terms) {
        this.terms = List.copyOf(terms);
    }

    /** The loss-term names, in the detector's order. */
    public List<String> terms() {
        return terms;
    }

    /** Appends an epoch. */
    public void add(Epoch epoch) {
        epochs.add(epoch);
    }

    /** Appends one iteration's (unweighted) term values, in {@link #terms()} order. */
    public void addIteration(float[] values) {
        if (values.length != terms.size()) {
            throw new IllegalArgumentException("Expected " + terms.size() + " term values, got " + values.length);
        }
        iterations.add(values.clone());
    }

    /** The epochs, oldest first (read-only). */
    public List<Epoch> epochs() {
        return Collections.unmodifiableList(epochs);
    }

    /** Every iteration's term values, oldest first (read-only; rows in {@link #terms()} order). */
    public List<float[]> iterations() {
        return Collections.unmodifiableList(iterations);
    }

    /** The values of one term over all iterations. */
    public double[] iterationValues(String term) {
        int t = terms.indexOf(term);
        if (t < 0) {
            throw new IllegalArgumentException("No loss term '" + term + "'; terms are " + terms);
        }
        double[] out = new double[iterations.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = iterations.get(i)[t];
        }
        return out;
    }

    /** Number of epochs recorded. */
    public int size() {
        return epochs.size();
    }

    /** The last epoch, if any. */
    public Optional<Epoch> last() {
        return epochs.isEmpty() ? Optional.empty() : Optional.of(epochs.get(epochs.size() - 1));
    }

    /** The epoch with the best validation mAP@0.5 (earliest on ties), if any was validated. */
    public Optional<Epoch> best() {
        Epoch best = null;
        for (Epoch e : epochs) {
            if (!Double.isNaN(e.valMap50()) && (best == null || e.valMap50() > best.valMap50())) {
                best = e;
            }
        }
        return Optional.ofNullable(best);
    }

    /** Total training time in seconds. */
    public double totalSeconds() {
        return epochs.stream().mapToDouble(Epoch::seconds).sum();
    }

    /** One {@link Epoch#toLogLine()} per line. */
    public String toLog() {
        StringBuilder text = new StringBuilder();
        for (Epoch e : epochs) {
            text.append(e.toLogLine()).append('\n');
        }
        return text.toString();
    }

    /** Columns epoch, one per loss term, total, val_map, val_map50, img_per_s, seconds, rss_mb, checkpointed. */
    public Table toTable(String title) {
        IntColumn epoch = IntColumn.create("epoch");
        List<DoubleColumn> termColumns = new ArrayList<>();
        for (String t : terms) {
            termColumns.add(DoubleColumn.create(t));
        }
        DoubleColumn total = DoubleColumn.create("total_loss");
        DoubleColumn map = DoubleColumn.create("val_map");
        DoubleColumn map50 = DoubleColumn.create("val_map50");
        DoubleColumn speed = DoubleColumn.create("img_per_s");
        DoubleColumn seconds = DoubleColumn.create("seconds");
        IntColumn rss = IntColumn.create("rss_mb");
        BooleanColumn saved = BooleanColumn.create("checkpointed");
        for (Epoch e : epochs) {
            epoch.append(e.epoch());
            for (int i = 0; i < terms.size(); i++) {
                termColumns.get(i).append(e.losses().getOrDefault(terms.get(i), Double.NaN));
            }
            total.append(e.totalLoss());
            map.append(e.valMap());
            map50.append(e.valMap50());
            speed.append(e.trainImagesPerSecond());
            seconds.append(e.seconds());
            rss.append((int) e.rssMegabytes());
            saved.append(e.checkpointed());
        }
        for (DoubleColumn c : termColumns) {
            c.setPrintFormatter(NumberColumnFormatter.fixedWithGrouping(3));
        }
        for (DoubleColumn c : new DoubleColumn[] {total, map, map50}) {
            c.setPrintFormatter(NumberColumnFormatter.fixedWithGrouping(3));
        }
        speed.setPrintFormatter(NumberColumnFormatter.fixedWithGrouping(1));
        seconds.setPrintFormatter(NumberColumnFormatter.fixedWithGrouping(1));
        Table table = Table.create(title, epoch);
        termColumns.forEach(table::addColumns);
        return table.addColumns(total, map, map50, speed, seconds, rss, saved);
    }

    /** The history as JSON. */
    public String toJson() {
        return GSON.toJson(new Json(terms, epochs, iterations));
    }

    /**
     * Parses {@link #toJson()} output.
     *
     * @throws IllegalArgumentException when the text is not a detection history
     */
    public static DetectionHistory fromJson(String json) {
        try {
            Json parsed = GSON.fromJson(json, Json.class);
            if (parsed == null || parsed.terms() == null || parsed.epochs() == null) {
                throw new IllegalArgumentException("not a detection history");
            }
            DetectionHistory history = new DetectionHistory(parsed.terms());
            parsed.epochs().forEach(history::add);
            if (parsed.iterations() != null) {
                parsed.iterations().forEach(history::addIteration);
            }
            return history;
        } catch (JsonParseException e) {
            throw new IllegalArgumentException("not a detection history: " + e.getMessage(), e);
        }
    }

    /** Writes the JSON atomically. */
    public void save(Path file) throws IOException {
        AtomicFiles.writeString(file, toJson());
    }

    /** Reads a history written by {@link #save(Path)}. */
    public static DetectionHistory load(Path file) throws IOException {
        try {
            return fromJson(Files.readString(file, StandardCharsets.UTF_8));
        } catch (IllegalArgumentException e) {
            throw new IOException("Cannot read the training history " + file + ": " + e.getMessage(), e);
        }
    }

    private record Json(List<String> terms, List<Epoch> epochs, List<float[]> iterations) {}
}
