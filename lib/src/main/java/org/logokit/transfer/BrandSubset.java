package org.logokit.transfer;

import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.training.dataset.RandomAccessDataset;
import ai.djl.training.dataset.Record;
import ai.djl.util.Progress;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.logokit.data.LogoClassificationDataset;
import org.logokit.data.LogoImage;

/**
 * The images of some classes of a {@link LogoClassificationDataset}, relabelled 0..k-1 in the
 * order the classes are given. Used to split the brands into a "source" task (pretraining) and a
 * held-out "target" task (transfer), without reading any image until it is asked for.
 */
public final class BrandSubset extends RandomAccessDataset {

    private final LogoClassificationDataset source;
    private final List<String> classes;
    private final int[] indices;
    private final int[] labels;

    private BrandSubset(Builder b, int[] indices, int[] labels) {
        super(b);
        this.source = b.source;
        this.classes = List.copyOf(b.classes);
        this.indices = indices;
        this.labels = labels;
    }

    /**
     * Starts a builder.
     *
     * @param source the full data set of one split
     * @param classes the class names to keep, in the new label order
     */
    public static Builder builder(LogoClassificationDataset source, List<String> classes) {
        return new Builder(source, classes);
    }

    /** Returns the kept classes; label i means classes().get(i). */
    public List<String> classes() {
        return classes;
    }

    /** Returns the number of images per new label. */
    public int[] classCounts() {
        int[] counts = new int[classes.size()];
        for (int label : labels) {
            counts[label]++;
        }
        return counts;
    }

    @Override
    public Record get(NDManager manager, long index) throws IOException {
        int i = Math.toIntExact(index);
        Record record = source.get(manager, indices[i]);
        return new Record(record.getData(), new NDList(manager.create((float) labels[i])));
    }

    @Override
    protected long availableSize() {
        return indices.length;
    }

    @Override
    public void prepare(Progress progress) {
        // nothing to prepare: the source reads images on demand
    }

    /** Builder; sampling (batch size, shuffle) and limit come from DJL's base builder. */
    public static final class Builder extends BaseBuilder<Builder> {
        private final LogoClassificationDataset source;
        private final List<String> classes;

        private Builder(LogoClassificationDataset source, List<String> classes) {
            this.source = source;
            this.classes = List.copyOf(classes);
        }

        @Override
        protected Builder self() {
            return this;
        }

        /**
         * Builds the subset.
         *
         * @throws IllegalArgumentException when a class name is not in the source data set
         */
        public BrandSubset build() {
            List<String> names = source.classNames();
            int[] newLabel = new int[names.size()];
            java.util.Arrays.fill(newLabel, -1);
            for (int k = 0; k < classes.size(); k++) {
                int id = names.indexOf(classes.get(k));
                if (id < 0) {
                    throw new IllegalArgumentException("No class '" + classes.get(k) + "' in the data set; it has " + names);
                }
                newLabel[id] = k;
            }
            List<Integer> kept = new ArrayList<>();
            List<Integer> keptLabels = new ArrayList<>();
            List<LogoImage> images = source.images();
            for (int i = 0; i < images.size(); i++) {
                int label = newLabel[images.get(i).classId()];
                if (label >= 0) {
                    kept.add(i);
                    keptLabels.add(label);
                }
            }
            return new BrandSubset(this, kept.stream().mapToInt(Integer::intValue).toArray(),
                    keptLabels.stream().mapToInt(Integer::intValue).toArray());
        }
    }
}
