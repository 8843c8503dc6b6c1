package org.logokit.transfer;

import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.training.dataset.RandomAccessDataset;
import ai.djl.training.dataset.Record;
import ai.djl.util.Progress;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.logokit.data.LogoClassificationDataset;
import org.logokit.data.LogoImage;

/**
 * The images of some classes of one or more {@link LogoClassificationDataset}s, relabelled 0..k-1
 * in the order the classes are given. Used to split the brands into a "source" task (pretraining)
 * and a held-out "target" task (transfer), without reading any image until it is asked for. With
 * several data sets (e.g. several splits, or a second generated corpus) their kept images follow
 * one another in the order the data sets are given.
 */
public final class BrandSubset extends RandomAccessDataset {

    private final List<LogoClassificationDataset> sources;
    private final List<String> classes;
    private final int[] sourceOf;
    private final int[] indices;
    private final int[] labels;

    private BrandSubset(Builder b, int[] sourceOf, int[] indices, int[] labels) {
        super(b);
        this.sources = b.sources;
        this.classes = b.classes;
        this.sourceOf = sourceOf;
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
        return new Builder(List.of(source), classes);
    }

    /**
     * Starts a builder over several data sets with the same class list (e.g. the splits of a
     * second generated corpus).
     *
     * @param sources the data sets to draw from, in order
     * @param classes the class names to keep, in the new label order
     */
    public static Builder builder(List<LogoClassificationDataset> sources, List<String> classes) {
        return new Builder(sources, classes);
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
        Record record = sources.get(sourceOf[i]).get(manager, indices[i]);
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
        private final List<LogoClassificationDataset> sources;
        private final List<String> classes;

        private Builder(List<LogoClassificationDataset> sources, List<String> classes) {
            if (sources.isEmpty()) {
                throw new IllegalArgumentException("Give at least one data set to take the brands from");
            }
            this.sources = List.copyOf(sources);
            this.classes = List.copyOf(classes);
        }

        @Override
        protected Builder self() {
            return this;
        }

        /**
         * Builds the subset.
         *
         * @throws IllegalArgumentException when a class name is not in the data sets, or the data
         *     sets have different class lists
         */
        public BrandSubset build() {
            List<String> names = sources.get(0).classNames();
            for (LogoClassificationDataset other : sources) {
                if (!other.classNames().equals(names)) {
                    throw new IllegalArgumentException("The data sets have different classes: " + names + " and "
                            + other.classNames());
                }
            }
            int[] newLabel = new int[names.size()];
            Arrays.fill(newLabel, -1);
            for (int k = 0; k < classes.size(); k++) {
                int id = names.indexOf(classes.get(k));
                if (id < 0) {
                    throw new IllegalArgumentException("No class '" + classes.get(k) + "' in the data set; it has " + names);
                }
                newLabel[id] = k;
            }
            List<int[]> kept = new ArrayList<>(); // {source, index in source, new label}
            for (int s = 0; s < sources.size(); s++) {
                List<LogoImage> images = sources.get(s).images();
                for (int i = 0; i < images.size(); i++) {
                    int label = newLabel[images.get(i).classId()];
                    if (label >= 0) {
                        kept.add(new int[] {s, i, label});
                    }
                }
            }
            return new BrandSubset(this, kept.stream().mapToInt(k -> k[0]).toArray(),
                    kept.stream().mapToInt(k -> k[1]).toArray(), kept.stream().mapToInt(k -> k[2]).toArray());
        }
    }
}
