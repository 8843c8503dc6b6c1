package org.logokit.bench;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import com.google.gson.Gson;
import com.google.gson.reflect.TypeToken;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;

/**
 * The inputs of the side-by-side benchmark, written once by the orchestrator and read by every
 * runner (each Java engine and Python), so that all of them compute on exactly the same numbers.
 *
 * <p>Format: one raw little-endian float32 file per array plus {@code inputs.json}
 * ({@code {"name": {"file": "name.f32", "shape": [..]}}}), which Python reads with
 * {@code numpy.fromfile}.
 */
final class BenchInputs {

    /** Shape and file of one array. */
    record Entry(String file, long[] shape) {}

    private BenchInputs() {}

    /**
     * Writes every benchmark input into {@code folder} from one seeded generator.
     *
     * @return the folder
     */
    static Path write(Path folder, long seed) throws IOException {
        Files.createDirectories(folder);
        Random random = new Random(seed);
        Map<String, Entry> index = new LinkedHashMap<>();
        put(folder, index, "images", uniform(random, 16 * 3 * 224 * 224), 16, 3, 224, 224);
        float[] labels = new float[16];
        for (int i = 0; i < labels.length; i++) {
            labels[i] = random.nextInt(33);
        }
        put(folder, index, "labels", labels, 16);
        put(folder, index, "nms_boxes", boxes(random, 10_000, 800), 10_000, 4);
        put(folder, index, "nms_scores", uniform(random, 10_000), 10_000);
        put(folder, index, "iou_a", boxes(random, 1000, 800), 1000, 4);
        put(folder, index, "iou_b", boxes(random, 1000, 800), 1000, 4);
        put(folder, index, "roi_features", normal(random, 256 * 50 * 50), 1, 256, 50, 50);
        float[] rois = new float[512 * 5];
        float[] roiBoxes = boxes(random, 512, 800);
        for (int i = 0; i < 512; i++) {
            System.arraycopy(roiBoxes, 4 * i, rois, 5 * i + 1, 4); // column 0: image 0
        }
        put(folder, index, "rois", rois, 512, 5);
        put(folder, index, "logits", normal(random, 100_000 * 32), 100_000, 32);
        float[] targets = new float[100_000 * 32];
        for (int i = 0; i < targets.length; i++) {
            targets[i] = random.nextFloat() > 0.99f ? 1f : 0f;
        }
        put(folder, index, "targets", targets, 100_000, 32);
        Files.writeString(folder.resolve("inputs.json"), new Gson().toJson(index), StandardCharsets.UTF_8);
        return folder;
    }

    /** Reads one array written by {@link #write}. */
    static NDArray read(NDManager manager, Path folder, String name) throws IOException {
        Map<String, Entry> index = new Gson().fromJson(
                Files.readString(folder.resolve("inputs.json"), StandardCharsets.UTF_8),
                new TypeToken<Map<String, Entry>>() {}.getType());
        Entry entry = index.get(name);
        if (entry == null) {
            throw new IllegalArgumentException("no benchmark input '" + name + "' in " + folder);
        }
        ByteBuffer bytes = ByteBuffer.wrap(Files.readAllBytes(folder.resolve(entry.file())))
                .order(ByteOrder.LITTLE_ENDIAN);
        float[] values = new float[bytes.remaining() / Float.BYTES];
        bytes.asFloatBuffer().get(values);
        return manager.create(values, new Shape(entry.shape()));
    }

    private static void put(Path folder, Map<String, Entry> index, String name, float[] values,
            long... shape) throws IOException {
        String file = name + ".f32";
        ByteBuffer bytes = ByteBuffer.allocate(values.length * Float.BYTES).order(ByteOrder.LITTLE_ENDIAN);
        FloatBuffer floats = bytes.asFloatBuffer();
        floats.put(values);
        try (FileChannel channel = FileChannel.open(folder.resolve(file), StandardOpenOption.CREATE,
                StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING)) {
            while (bytes.hasRemaining()) {
                channel.write(bytes);
            }
        }
        index.put(name, new Entry(file, shape));
    }

    private static float[] uniform(Random random, int n) {
        float[] v = new float[n];
        for (int i = 0; i < n; i++) {
            v[i] = random.nextFloat();
        }
        return v;
    }

    private static float[] normal(Random random, int n) {
        float[] v = new float[n];
        for (int i = 0; i < n; i++) {
            v[i] = (float) random.nextGaussian();
        }
        return v;
    }

    /** (n,4) XYXY boxes inside a size x size image, 10..210 pixels wide and tall. */
    static float[] boxes(Random random, int n, float size) {
        float[] v = new float[n * 4];
        for (int i = 0; i < n; i++) {
            float w = 10 + random.nextFloat() * 200;
            float h = 10 + random.nextFloat() * 200;
            float x = random.nextFloat() * (size - w);
            float y = random.nextFloat() * (size - h);
            v[4 * i] = x;
            v[4 * i + 1] = y;
            v[4 * i + 2] = x + w;
            v[4 * i + 3] = y + h;
        }
        return v;
    }
}
