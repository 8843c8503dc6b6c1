package org.logokit.data;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.training.dataset.RandomAccessDataset;
import ai.djl.training.dataset.Record;
import ai.djl.util.Progress;
import java.io.IOException;
import java.util.Arrays;
import java.util.List;

/**
 * Detection records of one or more {@link LogoDetectionDataset}s with the brand ids renumbered for
 * a detector that knows another list of classes: a brand in the list gets its index there, a brand
 * not in it becomes padding (id -1: its boxes are not objects for the detector). Chapter 12 uses it for a detector of 31 brands (the new brand
 * absent) and one of 32 with the new brand last.
 *
 * <p>Records keep the sources' layout ({@code data = [image]}, {@code labels = [boxes (M, 4),
 * ids (M)]}); the sources must share M ({@link LogoDetectionDataset.Builder#maxBoxes}) so that
 * their records stack into one batch. Images of the sources follow one another in order.
 */
public final class RelabelledDetectionDataset extends RandomAccessDataset {
    private final List<LogoDetectionDataset> sources;
    private final List<String> classes;
    private final float[] newId;
    private final long[] starts;

    private RelabelledDetectionDataset(Builder b, float[] newId, long[] starts) {
        super(b);
        this.sources = b.sources;
        this.classes = b.classes;
        this.newId = newId;
        this.starts = starts;
    }

    /**
     * Starts a builder.
     *
     * @param sources the data sets, in order (same {@code maxBoxes})
     * @param classes the detector's class names; id k means classes.get(k)
     */
    public static Builder builder(List<LogoDetectionDataset> sources, List<String> classes) {
        return new Builder(sources, classes);
    }

    /** The detector's classes. */
    public List<String> classNames() {
        return classes;
    }

    @Override
    public Record get(NDManager manager, long index) throws IOException {
        int s = 0;
        while (s + 1 < starts.length && index >= starts[s + 1]) {
            s++;
        }
        Record record = sources.get(s).get(manager, index - starts[s]);
        NDArray ids = record.getLabels().get(1);
        float[] old = ids.toFloatArray();
        float[] mapped = new float[old.length];
        for (int i = 0; i < old.length; i++) {
            mapped[i] = old[i] < 0 ? -1 : newId[(int) old[i]];
        }
        return new Record(record.getData(), new NDList(record.getLabels().get(0), manager.create(mapped, ids.getShape())));
    }

    @Override
    protected long availableSize() {
        return starts[starts.length - 1];
    }

    @Override
    public void prepare(Progress progress) {
        // nothing to prepare: the sources read images on demand
    }

    /** Builder; sampling (batch size, shuffle) comes from DJL's base builder. */
    public static final class Builder extends BaseBuilder<Builder> {
        private final List<LogoDetectionDataset> sources;
        private final List<String> classes;

        private Builder(List<LogoDetectionDataset> sources, List<String> classes) {
            if (sources.isEmpty()) {
                throw new IllegalArgumentException("Give at least one data set");
            }
            this.sources = List.copyOf(sources);
            this.classes = List.copyOf(classes);
        }

        @Override
        protected Builder self() {
            return this;
        }

        /**
         * Builds the data set.
         *
         * @throws IllegalArgumentException when a class is not a FlickrLogos-32 brand or the sources
         *     pad to different numbers of boxes
         */
        public RelabelledDetectionDataset build() {
            float[] newId = new float[LogoClasses.BRAND_COUNT];
            Arrays.fill(newId, -1f);
            for (int k = 0; k < classes.size(); k++) {
                int id = LogoClasses.idOf(classes.get(k));
                if (id < 0 || id >= LogoClasses.BRAND_COUNT) {
                    throw new IllegalArgumentException("'" + classes.get(k) + "' is not a FlickrLogos-32 brand");
                }
                newId[id] = k;
            }
            long[] starts = new long[sources.size() + 1];
            for (int s = 0; s < sources.size(); s++) {
                if (sources.get(s).maxBoxes() != sources.get(0).maxBoxes()) {
                    throw new IllegalArgumentException("The data sets pad to " + sources.get(0).maxBoxes() + " and "
                            + sources.get(s).maxBoxes() + " boxes; build them with the same maxBoxes(...)");
                }
                starts[s + 1] = starts[s] + sources.get(s).size();
            }
            return new RelabelledDetectionDataset(this, newId, starts);
        }
    }
}
