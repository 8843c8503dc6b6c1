package org.logokit.detect;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.DataType;
import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonParseException;
import com.google.gson.annotations.SerializedName;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * What a detector found in one image: boxes, scores and brand ids, by decreasing score.
 *
 * <p>Boxes are XYXY pixels (x1, y1, x2, y2; width x2 - x1) in the coordinates of the image they
 * were computed for: the network's input image after {@link PostProcess}, the original photo after
 * {@link #scaled}. Class ids are brand ids 0..C-1 (never a background id). Plain Java arrays: no
 * native memory, safe to keep after the batch is closed, and serialisable to JSON.
 *
 * @param boxes (K) boxes of 4 numbers each, XYXY pixels
 * @param scores (K) confidences in [0, 1], by decreasing value
 * @param classes (K) brand ids
 */
public record Detections(float[][] boxes, float[] scores, int[] classes) {

    private static final Gson GSON = new GsonBuilder().setPrettyPrinting().create();

    /** Checks that the arrays describe the same K boxes of four finite numbers each. */
    public Detections {
        if (boxes == null || scores == null || classes == null) {
            throw new IllegalArgumentException("boxes, scores and classes must not be null");
        }
        if (boxes.length != scores.length || boxes.length != classes.length) {
            throw new IllegalArgumentException("Need one score and one class per box: " + boxes.length
                    + " boxes, " + scores.length + " scores, " + classes.length + " classes");
        }
        for (int i = 0; i < boxes.length; i++) {
            if (boxes[i] == null || boxes[i].length != 4) {
                throw new IllegalArgumentException("Detection " + i + " is not an XYXY box of 4 numbers");
            }
            if (Float.isNaN(scores[i])) {
                throw new IllegalArgumentException("Detection " + i + " has a NaN score: the model"
                        + " diverged or its output was not post-processed");
            }
        }
    }

    /** No detections. */
    public static Detections none() {
        return new Detections(new float[0][], new float[0], new int[0]);
    }

    /**
     * Copies detections out of NDArrays.
     *
     * @param boxes (K, 4) XYXY pixels
     * @param scores (K)
     * @param classes (K) integer brand ids (any numeric type)
     */
    public static Detections of(NDArray boxes, NDArray scores, NDArray classes) {
        int k = Math.toIntExact(scores.size());
        float[] flat = k == 0 ? new float[0] : boxes.toType(DataType.FLOAT32, false).toFloatArray();
        float[][] rows = new float[k][];
        for (int i = 0; i < k; i++) {
            rows[i] = Arrays.copyOfRange(flat, 4 * i, 4 * i + 4);
        }
        float[] s = k == 0 ? new float[0] : scores.toType(DataType.FLOAT32, false).toFloatArray();
        int[] c = k == 0 ? new int[0] : classes.toType(DataType.INT32, false).toIntArray();
        return new Detections(rows, s, c);
    }

    /** Number of detections. */
    public int size() {
        return scores.length;
    }

    /** Whether nothing was found. */
    public boolean isEmpty() {
        return scores.length == 0;
    }

    /** The detections scoring at least {@code minScore}, in the same order. */
    public Detections atLeast(double minScore) {
        int n = 0;
        while (n < scores.length && scores[n] >= minScore) {
            n++;
        }
        boolean sorted = true;
        for (int i = n; i < scores.length; i++) {
            if (scores[i] >= minScore) {
                sorted = false;
                break;
            }
        }
        if (sorted) {
            return first(n);
        }
        List<Integer> kept = new ArrayList<>();
        for (int i = 0; i < scores.length; i++) {
            if (scores[i] >= minScore) {
                kept.add(i);
            }
        }
        return select(kept.stream().mapToInt(Integer::intValue).toArray());
    }

    /** The first {@code n} detections (the n best when sorted by score). */
    public Detections first(int n) {
        int k = Math.max(0, Math.min(n, size()));
        int[] idx = new int[k];
        for (int i = 0; i < k; i++) {
            idx[i] = i;
        }
        return select(idx);
    }

    /**
     * The same detections with boxes scaled by (sx, sy): from the network's S × S input back to a
     * photo of width W and height H use sx = W / S, sy = H / S.
     */
    public Detections scaled(double sx, double sy) {
        float[][] out = new float[boxes.length][];
        for (int i = 0; i < boxes.length; i++) {
            float[] b = boxes[i];
            out[i] = new float[] {(float) (b[0] * sx), (float) (b[1] * sy), (float) (b[2] * sx),
                (float) (b[3] * sy)};
        }
        return new Detections(out, scores.clone(), classes.clone());
    }

    private Detections select(int[] idx) {
        float[][] b = new float[idx.length][];
        float[] s = new float[idx.length];
        int[] c = new int[idx.length];
        for (int i = 0; i < idx.length; i++) {
            b[i] = boxes[idx[i]].clone();
            s[i] = scores[idx[i]];
            c[i] = classes[idx[i]];
        }
        return new Detections(b, s, c);
    }

    /**
     * JSON for one image: {@code {"image": ..., "width": W, "height": H, "detections": [{"box":
     * [x1, y1, x2, y2], "score": s, "class_id": c, "class": "name"}, ...]}}.
     *
     * @param image the image's name or path (may be null)
     * @param width width of the image the boxes refer to, in pixels
     * @param height its height
     * @param classNames names by class id (brand names), or null to leave names out
     */
    public String toJson(String image, int width, int height, List<String> classNames) {
        List<Json.Item> items = new ArrayList<>();
        for (int i = 0; i < size(); i++) {
            String name = classNames != null && classes[i] >= 0 && classes[i] < classNames.size()
                    ? classNames.get(classes[i]) : null;
            items.add(new Json.Item(round(boxes[i]), scores[i], classes[i], name));
        }
        return GSON.toJson(new Json(image, width, height, items));
    }

    /**
     * Reads the JSON written by {@link #toJson}.
     *
     * @throws IllegalArgumentException when the text is not such a file; the message says what is wrong
     */
    public static Detections fromJson(String json) {
        try {
            Json parsed = GSON.fromJson(json, Json.class);
            if (parsed == null || parsed.detections() == null) {
                throw new IllegalArgumentException("not a detections file (no \"detections\" list)");
            }
            int k = parsed.detections().size();
            float[][] b = new float[k][];
            float[] s = new float[k];
            int[] c = new int[k];
            for (int i = 0; i < k; i++) {
                Json.Item item = parsed.detections().get(i);
                if (item.box() == null || item.box().length != 4) {
                    throw new IllegalArgumentException("detection " + i + " has no box of 4 numbers");
                }
                b[i] = item.box();
                s[i] = item.score();
                c[i] = item.classId();
            }
            return new Detections(b, s, c);
        } catch (JsonParseException e) {
            throw new IllegalArgumentException("not a detections file: " + e.getMessage(), e);
        }
    }

    private static float[] round(float[] box) {
        float[] r = new float[4];
        for (int i = 0; i < 4; i++) {
            r[i] = Math.round(box[i] * 100f) / 100f;
        }
        return r;
    }

    @Override
    public String toString() {
        StringBuilder text = new StringBuilder("Detections[" + size() + "]");
        for (int i = 0; i < Math.min(size(), 5); i++) {
            float[] b = boxes[i];
            text.append(String.format(Locale.ROOT, " {class %d, %.2f, (%.0f, %.0f, %.0f, %.0f)}",
                    classes[i], scores[i], b[0], b[1], b[2], b[3]));
        }
        return text.append(size() > 5 ? " ..." : "").toString();
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof Detections d && Arrays.deepEquals(boxes, d.boxes)
                && Arrays.equals(scores, d.scores) && Arrays.equals(classes, d.classes);
    }

    @Override
    public int hashCode() {
        return 31 * (31 * Arrays.deepHashCode(boxes) + Arrays.hashCode(scores)) + Arrays.hashCode(classes);
    }

    /** The JSON layout (field names are the file format). */
    private record Json(String image, int width, int height, List<Item> detections) {
        private record Item(float[] box, float score, @SerializedName("class_id") int classId,
                @SerializedName("class") String className) {}
    }
}
