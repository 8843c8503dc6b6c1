package org.logokit.train;

import ai.djl.Model;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.training.ParameterStore;
import ai.djl.training.dataset.Batch;
import ai.djl.training.dataset.Dataset;
import ai.djl.translate.TranslateException;
import java.io.IOException;
import java.util.List;
import org.logokit.data.DataLoading;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.IntColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;

/**
 * Counts of (true class, predicted class) pairs: row = truth, column = prediction. The diagonal
 * holds the correct answers; a full column shows a class the model guesses too often (on
 * FlickrLogos-32 typically no-logo).
 */
public final class ConfusionMatrix {

    private final List<String> classes;
    private final long[][] counts;

    /**
     * Builds the matrix from parallel arrays of true and predicted class ids.
     *
     * @throws IllegalArgumentException when the arrays differ in length or hold an id outside
     *     {@code [0, classes.size())}
     */
    public static ConfusionMatrix of(List<String> classes, int[] truth, int[] predicted) {
        if (truth.length != predicted.length) {
            throw new IllegalArgumentException("truth has " + truth.length + " entries, predictions "
                    + predicted.length);
        }
        long[][] counts = new long[classes.size()][classes.size()];
        for (int i = 0; i < truth.length; i++) {
            if (truth[i] < 0 || truth[i] >= classes.size() || predicted[i] < 0 || predicted[i] >= classes.size()) {
                throw new IllegalArgumentException("class id out of range at " + i + ": truth " + truth[i]
                        + ", predicted " + predicted[i] + " (classes: " + classes.size() + ")");
            }
            counts[truth[i]][predicted[i]]++;
        }
        return new ConfusionMatrix(classes, counts);
    }

    private ConfusionMatrix(List<String> classes, long[][] counts) {
        this.classes = List.copyOf(classes);
        this.counts = counts;
    }

    /**
     * Runs the model over a data set (inference mode, no gradients) and counts its answers.
     *
     * @param model a model whose block maps image batches to class scores
     * @param dataset records of (image, class id)
     * @param classes class names in output order
     */
    public static ConfusionMatrix evaluate(Model model, Dataset dataset, List<String> classes) throws IOException {
        int total = 0;
        java.util.List<int[]> truthParts = new java.util.ArrayList<>();
        java.util.List<int[]> predictedParts = new java.util.ArrayList<>();
        try (NDManager manager = model.getNDManager().newSubManager()) {
            ParameterStore parameters = new ParameterStore(manager, false);
            for (Batch batch : dataset.getData(manager, DataLoading.executor())) {
                try (batch) {
                    NDArray images = batch.getData().singletonOrThrow().toDevice(manager.getDevice(), false);
                    NDArray scores = model.getBlock().forward(parameters, new NDList(images), false).singletonOrThrow();
                    int[] predicted = scores.argMax(1).toType(DataType.INT32, false).toIntArray();
                    int[] truth = batch.getLabels().singletonOrThrow().reshape(-1).toType(DataType.INT32, false)
                            .toIntArray();
                    truthParts.add(truth);
                    predictedParts.add(predicted);
                    total += truth.length;
                }
            }
        } catch (TranslateException e) {
            throw new IOException("Cannot prepare a batch: " + e.getMessage(), e);
        }
        int[] truth = new int[total];
        int[] predicted = new int[total];
        int at = 0;
        for (int i = 0; i < truthParts.size(); i++) {
            System.arraycopy(truthParts.get(i), 0, truth, at, truthParts.get(i).length);
            System.arraycopy(predictedParts.get(i), 0, predicted, at, predictedParts.get(i).length);
            at += truthParts.get(i).length;
        }
        return of(classes, truth, predicted);
    }

    /** Returns the class names (row and column order). */
    public List<String> classes() {
        return classes;
    }

    /** Returns how often class {@code truth} was predicted as {@code predicted}. */
    public long count(int truth, int predicted) {
        return counts[truth][predicted];
    }

    /** Returns the number of images counted. */
    public long total() {
        long sum = 0;
        for (long[] row : counts) {
            for (long c : row) {
                sum += c;
            }
        }
        return sum;
    }

    /** Returns the fraction of images whose prediction is right. */
    public double accuracy() {
        long right = 0;
        for (int i = 0; i < counts.length; i++) {
            right += counts[i][i];
        }
        return total() == 0 ? Double.NaN : (double) right / total();
    }

    /**
     * Returns the accuracy of each true class (recall): diagonal / row sum, NaN for a class with
     * no images.
     */
    public double[] perClassAccuracy() {
        double[] result = new double[counts.length];
        for (int i = 0; i < counts.length; i++) {
            long row = 0;
            for (long c : counts[i]) {
                row += c;
            }
            result[i] = row == 0 ? Double.NaN : (double) counts[i][i] / row;
        }
        return result;
    }

    /**
     * Returns the accuracy when every class counts the same (the mean of
     * {@link #perClassAccuracy()} over classes that have images): unlike plain accuracy it is not
     * flattered by always answering the biggest class.
     */
    public double balancedAccuracy() {
        double sum = 0;
        int n = 0;
        for (double a : perClassAccuracy()) {
            if (!Double.isNaN(a)) {
                sum += a;
                n++;
            }
        }
        return n == 0 ? Double.NaN : sum / n;
    }

    /** Returns the matrix as a table: a {@code truth} column, then one column per predicted class. */
    public Table toTable() {
        Table table = Table.create("confusion matrix (rows: truth, columns: prediction)",
                StringColumn.create("truth", classes));
        for (int j = 0; j < classes.size(); j++) {
            IntColumn column = IntColumn.create(classes.get(j));
            for (long[] row : counts) {
                column.append((int) row[j]);
            }
            table.addColumns(column);
        }
        return table;
    }

    /** Returns a table with each class's image count and accuracy. */
    public Table perClassTable() {
        IntColumn images = IntColumn.create("images");
        for (long[] row : counts) {
            long sum = 0;
            for (long c : row) {
                sum += c;
            }
            images.append((int) sum);
        }
        return Table.create("per-class accuracy", StringColumn.create("class", classes), images,
                DoubleColumn.create("accuracy", perClassAccuracy()));
    }
}
