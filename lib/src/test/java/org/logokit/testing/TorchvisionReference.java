package org.logokit.testing;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/**
 * The numbers torchvision and PyTorch computed themselves for the kit's agreement tests
 * ({@code src/test/resources/torchvision/reference.json}, written by {@code make_reference.py} there
 * with torch 2.13.0+cpu and torchvision 0.28.0), and small readers for its arrays.
 */
public final class TorchvisionReference {
    private static JsonObject cached;

    private TorchvisionReference() {}

    /** The whole reference file (read once). */
    public static synchronized JsonObject load() {
        if (cached == null) {
            try (InputStream in = TorchvisionReference.class.getResourceAsStream("/torchvision/reference.json")) {
                if (in == null) {
                    throw new IllegalStateException("torchvision/reference.json is missing from the test resources");
                }
                cached = JsonParser.parseString(new String(in.readAllBytes(), StandardCharsets.UTF_8)).getAsJsonObject();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return cached;
    }

    /** One section of the file. */
    public static JsonObject section(String key) {
        JsonObject section = load().getAsJsonObject(key);
        if (section == null) {
            throw new IllegalStateException("reference.json has no '" + key + "': run make_reference.py again");
        }
        return section;
    }

    /** A JSON list of numbers as floats. */
    public static float[] floats(JsonArray values) {
        float[] out = new float[values.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = values.get(i).getAsFloat();
        }
        return out;
    }

    /** A JSON list of lists of numbers as rows of floats. */
    public static float[][] rows(JsonArray values) {
        float[][] out = new float[values.size()][];
        for (int i = 0; i < out.length; i++) {
            out[i] = floats(values.get(i).getAsJsonArray());
        }
        return out;
    }

    /** Rows of equal length, flattened row by row. */
    public static float[] flat(float[][] rows) {
        int width = rows.length == 0 ? 0 : rows[0].length;
        float[] out = new float[rows.length * width];
        for (int i = 0; i < rows.length; i++) {
            System.arraycopy(rows[i], 0, out, i * width, width);
        }
        return out;
    }

    /** A JSON list of whole numbers as longs. */
    public static long[] longs(JsonArray values) {
        long[] out = new long[values.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = values.get(i).getAsLong();
        }
        return out;
    }
}
