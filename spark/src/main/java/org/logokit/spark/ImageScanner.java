package org.logokit.spark;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import javax.imageio.ImageIO;
import org.apache.spark.api.java.function.MapPartitionsFunction;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.logokit.detect.Detections;
import org.logokit.infer.LogoDetector;

/**
 * The work of one partition: decodes each image of its (path, content) rows, runs the executor's
 * detector on batches of {@code batchSize} decoded images, and emits one result row per image
 * ({@link #SCHEMA}). An image that does not decode becomes a row with its {@code error} and no
 * detections; the partition goes on. Rows stream through: only one batch of pixels is held.
 */
public final class ImageScanner implements MapPartitionsFunction<Row, Row> {
    private static final long serialVersionUID = 1L;

    /** One detection: brand name and id, score, box corners in the photo's pixels. */
    public static final StructType DETECTION = new StructType()
            .add("brand", DataTypes.StringType, false)
            .add("class_id", DataTypes.IntegerType, false)
            .add("score", DataTypes.FloatType, false)
            .add("x1", DataTypes.FloatType, false)
            .add("y1", DataTypes.FloatType, false)
            .add("x2", DataTypes.FloatType, false)
            .add("y2", DataTypes.FloatType, false);

    /** One scanned image: path, its size (null when unreadable), the error (null when read), detections best first. */
    public static final StructType SCHEMA = new StructType()
            .add("path", DataTypes.StringType, false)
            .add("width", DataTypes.IntegerType, true)
            .add("height", DataTypes.IntegerType, true)
            .add("error", DataTypes.StringType, true)
            .add("detections", DataTypes.createArrayType(DETECTION, false), false);

    private final String model;
    private final String engine;
    private final double minScore;
    private final int batchSize;

    /**
     * @param model the saved detector's folder (local path, or a Hadoop URI such as hdfs://...)
     * @param engine DJL engine for the executors ("MXNet", "PyTorch"; null: their default)
     * @param minScore detections below this score are dropped
     * @param batchSize images per forward pass
     */
    public ImageScanner(String model, String engine, double minScore, int batchSize) {
        if (batchSize < 1) {
            throw new IllegalArgumentException("batch size must be at least 1, got " + batchSize);
        }
        this.model = model;
        this.engine = engine;
        this.minScore = minScore;
        this.batchSize = batchSize;
    }

    @Override
    public Iterator<Row> call(Iterator<Row> files) {
        return new Iterator<>() {
            private final List<Row> ready = new ArrayList<>();
            private int next;

            @Override
            public boolean hasNext() {
                if (next < ready.size()) {
                    return true;
                }
                ready.clear();
                next = 0;
                if (files.hasNext()) {
                    ready.addAll(scanBatch(files));
                }
                return next < ready.size();
            }

            @Override
            public Row next() {
                if (!hasNext()) {
                    throw new NoSuchElementException();
                }
                return ready.get(next++);
            }
        };
    }

    private List<Row> scanBatch(Iterator<Row> files) {
        List<Row> out = new ArrayList<>();
        List<String> paths = new ArrayList<>();
        List<BufferedImage> images = new ArrayList<>();
        List<Integer> slots = new ArrayList<>();
        while (files.hasNext() && images.size() < batchSize) {
            Row file = files.next();
            String path = file.getString(file.fieldIndex("path"));
            byte[] bytes = file.getAs("content");
            try {
                BufferedImage image = decode(bytes);
                slots.add(out.size());
                out.add(null);
                paths.add(path);
                images.add(image);
            } catch (IOException e) {
                out.add(RowFactory.create(path, null, null, e.getMessage(), seq(List.of())));
            }
        }
        if (!images.isEmpty()) {
            LogoDetector detector = ExecutorDetectors.borrow(model, engine);
            try {
                List<Detections> found = detector.detect(images);
                List<String> names = detector.classNames();
                for (int i = 0; i < images.size(); i++) {
                    BufferedImage image = images.get(i);
                    out.set(slots.get(i), RowFactory.create(paths.get(i), image.getWidth(), image.getHeight(), null,
                            seq(rows(found.get(i).atLeast(minScore), names))));
                }
            } finally {
                ExecutorDetectors.giveBack(model, detector);
            }
        }
        return out;
    }

    /** Decodes image bytes as LogoDetector.read does a file. */
    static BufferedImage decode(byte[] bytes) throws IOException {
        BufferedImage image;
        try {
            image = ImageIO.read(new ByteArrayInputStream(bytes == null ? new byte[0] : bytes));
        } catch (IOException | RuntimeException e) {
            throw new IOException("cannot be decoded (" + e.getMessage() + ")", e);
        }
        if (image == null) {
            throw new IOException("not an image format Java can read (use JPEG or PNG)");
        }
        if (image.getWidth() < 1 || image.getHeight() < 1) {
            throw new IOException("has no pixels");
        }
        return image;
    }

    /** Spark's row encoder wants a Scala sequence for an array column. */
    private static scala.collection.immutable.Seq<Row> seq(List<Row> rows) {
        return scala.jdk.javaapi.CollectionConverters.asScala(rows).toList();
    }

    private static List<Row> rows(Detections detections, List<String> names) {
        List<Row> rows = new ArrayList<>(detections.size());
        for (int i = 0; i < detections.size(); i++) {
            float[] box = detections.boxes()[i];
            int id = detections.classes()[i];
            String brand = id >= 0 && id < names.size() ? names.get(id) : String.valueOf(id);
            rows.add(RowFactory.create(brand, id, detections.scores()[i], box[0], box[1], box[2], box[3]));
        }
        return rows;
    }
}
