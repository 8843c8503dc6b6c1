package org.logokit.data;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.training.dataset.RandomAccessDataset;
import ai.djl.training.dataset.Record;
import ai.djl.util.Progress;
import java.io.IOException;
import java.util.Objects;
import org.logokit.nd.Select;

/**
 * A detection dataset whose logos all belong to one class, "logo" (id 0): the labels a
 * class-agnostic detector (a standalone region proposal network) is trained and measured on. Boxes
 * stay as they are; every real class id becomes 0 and padding rows stay -1. Images, order and
 * augmentation are those of the wrapped dataset.
 */
public final class ClassAgnosticDataset extends RandomAccessDataset {
    private final RandomAccessDataset source;

    private ClassAgnosticDataset(Builder builder, RandomAccessDataset source) {
        super(builder);
        this.source = source;
    }

    /**
     * Wraps a detection dataset (records: image; boxes (M, 4), class ids (M) with -1 padding).
     *
     * @param batchSize images per batch
     * @param shuffle shuffle the batches (training) or not (evaluation)
     */
    public static ClassAgnosticDataset of(RandomAccessDataset source, int batchSize, boolean shuffle) {
        Builder builder = new Builder().setSampling(batchSize, shuffle);
        return new ClassAgnosticDataset(builder, Objects.requireNonNull(source, "source"));
    }

    /** The wrapped dataset. */
    public RandomAccessDataset source() {
        return source;
    }

    @Override
    public Record get(NDManager manager, long index) throws IOException {
        Record record = source.get(manager, index);
        NDList labels = record.getLabels();
        NDArray classes = labels.get(1);
        NDArray logo = Select.where(classes.gte(0f), classes.zerosLike(), classes.onesLike().neg());
        return new Record(record.getData(), new NDList(labels.get(0), logo));
    }

    @Override
    protected long availableSize() {
        return source.size();
    }

    @Override
    public void prepare(Progress progress) throws IOException, ai.djl.translate.TranslateException {
        source.prepare(progress);
    }

    private static final class Builder extends RandomAccessDataset.BaseBuilder<Builder> {
        @Override
        protected Builder self() {
            return this;
        }
    }
}
