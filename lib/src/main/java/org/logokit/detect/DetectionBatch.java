package org.logokit.detect;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.util.List;
import org.logokit.nd.Indices;

/**
 * The ground truth of a batch of images, as {@link org.logokit.data.LogoDetectionDataset} records
 * stack into it with DJL's default batchifier: boxes (B, M, 4) XYXY pixels of the input image and
 * brand ids (B, M), where rows with id -1 are padding (M is the most boxes any image has).
 *
 * <p>A detector's training forward receives the batch's labels as {@code NDList(boxes, classes)};
 * {@link #of(NDList)} reads them, and {@link #boxes(int)} / {@link #classes(int)} give one image's
 * real objects without the padding, which is what matchers and samplers work on. An image without
 * logos has zero rows.
 */
public final class DetectionBatch {
    private final NDArray boxes;
    private final NDArray classes;

    private DetectionBatch(NDArray boxes, NDArray classes) {
        this.boxes = boxes;
        this.classes = classes;
    }

    /**
     * Reads a batch's labels.
     *
     * @param labels {@code NDList(boxes (B, M, 4), classes (B, M))}
     * @throws IllegalArgumentException when the labels do not have these shapes; the message says
     *     where detection labels come from
     */
    public static DetectionBatch of(NDList labels) {
        if (labels == null || labels.size() < 2) {
            throw new IllegalArgumentException("Detection labels are NDList(boxes (B, M, 4), classes (B, M))"
                    + " as LogoDetectionDataset makes them; got "
                    + (labels == null ? "no labels" : labels.size() + " arrays")
                    + ". Train a detector on a LogoDetectionDataset (or DetectionBatch.of(boxes, classes, ...)).");
        }
        NDArray b = labels.get(0);
        NDArray c = labels.get(1);
        Shape bs = b.getShape();
        Shape cs = c.getShape();
        if (bs.dimension() != 3 || bs.get(2) != 4 || cs.dimension() != 2 || cs.get(0) != bs.get(0)
                || cs.get(1) != bs.get(1)) {
            throw new IllegalArgumentException("Detection labels must be boxes (B, M, 4) and classes (B, M);"
                    + " got " + bs + " and " + cs);
        }
        return new DetectionBatch(b, c);
    }

    /**
     * Builds a batch from plain arrays (tests, examples, a single annotated photo).
     *
     * @param manager where the arrays go
     * @param boxesPerImage per image, its boxes as {x1, y1, x2, y2} pixel rows
     * @param classesPerImage per image, one brand id per box
     */
    public static DetectionBatch of(NDManager manager, List<float[][]> boxesPerImage,
            List<int[]> classesPerImage) {
        if (boxesPerImage.size() != classesPerImage.size()) {
            throw new IllegalArgumentException(boxesPerImage.size() + " box lists but "
                    + classesPerImage.size() + " class lists");
        }
        int b = boxesPerImage.size();
        int m = 1;
        for (float[][] rows : boxesPerImage) {
            m = Math.max(m, rows.length);
        }
        float[] flatBoxes = new float[b * m * 4];
        float[] flatClasses = new float[b * m];
        java.util.Arrays.fill(flatClasses, -1f);
        for (int i = 0; i < b; i++) {
            float[][] rows = boxesPerImage.get(i);
            int[] ids = classesPerImage.get(i);
            if (rows.length != ids.length) {
                throw new IllegalArgumentException("image " + i + ": " + rows.length + " boxes but "
                        + ids.length + " class ids");
            }
            for (int k = 0; k < rows.length; k++) {
                System.arraycopy(rows[k], 0, flatBoxes, (i * m + k) * 4, 4);
                flatClasses[i * m + k] = ids[k];
            }
        }
        return new DetectionBatch(manager.create(flatBoxes, new Shape(b, m, 4)),
                manager.create(flatClasses, new Shape(b, m)));
    }

    /** Number of images. */
    public int size() {
        return Math.toIntExact(boxes.getShape().get(0));
    }

    /** Padded boxes (B, M, 4). */
    public NDArray paddedBoxes() {
        return boxes;
    }

    /** Padded brand ids (B, M), -1 on padding rows. */
    public NDArray paddedClasses() {
        return classes;
    }

    /**
     * The real objects' boxes of image {@code i}.
     *
     * @return (G, 4) float32 XYXY pixels, G &ge; 0, on the labels' manager
     */
    public NDArray boxes(int i) {
        NDArray rows = boxes.get(i).toType(DataType.FLOAT32, false);
        return Indices.rows(rows, valid(i));
    }

    /**
     * The real objects' brand ids of image {@code i}.
     *
     * @return (G) int64 brand ids 0..C-1, on the labels' manager
     */
    public NDArray classes(int i) {
        NDArray ids = classes.get(i).toType(DataType.INT64, false);
        return Indices.rows(ids, valid(i));
    }

    /** Number of real objects in image {@code i}. */
    public int count(int i) {
        return Math.toIntExact(valid(i).size());
    }

    private NDArray valid(int i) {
        return Indices.of(classes.get(i).gte(0));
    }

    /** The labels as a detector's training forward receives them. */
    public NDList toLabels() {
        return new NDList(boxes, classes);
    }
}
