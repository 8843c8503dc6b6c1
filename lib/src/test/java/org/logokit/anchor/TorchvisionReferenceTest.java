package org.logokit.anchor;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;
import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.logokit.loss.CrossEntropyLoss;
import org.logokit.loss.Reduction;
import org.logokit.testing.NDManagerFixture;
import org.logokit.testing.TorchvisionReference;

/**
 * The anchors, default boxes and label-smoothed cross-entropy against numbers torchvision and
 * PyTorch computed themselves ({@code src/test/resources/torchvision/reference.json}, written by
 * {@code make_reference.py} with torch 2.13.0+cpu and torchvision 0.28.0; large outputs sampled).
 * The IoU measures, box coder, matcher and focal loss are compared in
 * {@code org.logokit.box.TorchvisionBoxOpsReferenceTest}.
 */
class TorchvisionReferenceTest extends NDManagerFixture {
    private static JsonObject reference;

    @BeforeAll
    static void load() {
        reference = TorchvisionReference.load();
    }

    /** Our rows at the sampled indices equal torchvision's exactly (anchors are whole or float32 numbers). */
    private static void assertSampledRows(String key, NDArray ours, float tolerance) {
        JsonObject sampled = reference.getAsJsonObject(key);
        assertEquals(sampled.get("count").getAsLong(), ours.getShape().get(0), key + ": number of boxes");
        float[] flat = ours.toFloatArray();
        JsonArray indices = sampled.getAsJsonArray("indices");
        JsonArray rows = sampled.getAsJsonArray("rows");
        for (int r = 0; r < indices.size(); r++) {
            int index = indices.get(r).getAsInt();
            float[] expected = floats(rows.get(r).getAsJsonArray());
            float[] actual = {flat[4 * index], flat[4 * index + 1], flat[4 * index + 2], flat[4 * index + 3]};
            assertArrayEquals(expected, actual, tolerance, key + " row " + index);
        }
    }

    private static float[] floats(JsonArray values) {
        return TorchvisionReference.floats(values);
    }

    @Test
    void fasterRcnnAnchorsEqualTorchvisionsOnOneLevel() {
        assertSampledRows("fasterRcnn_600x1000_37x62",
                AnchorGenerator.fasterRcnn().anchorsForImage(manager, 600, 1000, new int[][] {{37, 62}}), 0f);
    }

    @Test
    void fpnAnchorsEqualTorchvisionsOnFiveLevels() {
        assertSampledRows("fpn_800x1216", AnchorGenerator.fpn().anchorsForImage(manager, 800, 1216,
                new int[][] {{200, 304}, {100, 152}, {50, 76}, {25, 38}, {13, 19}}), 0f);
    }

    @Test
    void retinaNetCellAnchorsEqualTorchvisions() {
        JsonArray levels = reference.getAsJsonArray("retinanet_cell_anchors");
        AnchorGenerator retina = AnchorGenerator.retinaNet();
        for (int level = 0; level < 5; level++) {
            JsonArray rows = levels.get(level).getAsJsonArray();
            float[][] ours = retina.baseAnchorRows(level);
            assertEquals(rows.size(), ours.length);
            for (int a = 0; a < ours.length; a++) {
                assertArrayEquals(floats(rows.get(a).getAsJsonArray()), ours[a], 0f, "level " + level + " anchor " + a);
            }
        }
    }

    @Test
    void ssd300DefaultBoxesEqualTorchvisionsSsd300Vgg16() {
        assertSampledRows("ssd300_vgg16_pixels", SsdDefaultBoxes.torchvisionSsd300().pixelXyxy(manager), 1e-4f);
    }

    @Test
    void labelSmoothedCrossEntropyEqualsPyTorchs() {
        JsonObject ce = reference.getAsJsonObject("cross_entropy");
        JsonArray logitRows = ce.getAsJsonArray("logits");
        float[] flat = new float[logitRows.size() * 3];
        for (int i = 0; i < logitRows.size(); i++) {
            System.arraycopy(floats(logitRows.get(i).getAsJsonArray()), 0, flat, 3 * i, 3);
        }
        NDArray logits = manager.create(flat, new Shape(logitRows.size(), 3));
        JsonArray labelValues = ce.getAsJsonArray("labels");
        long[] labels = new long[labelValues.size()];
        for (int i = 0; i < labels.length; i++) {
            labels[i] = labelValues.get(i).getAsLong();
        }
        NDArray label = manager.create(labels);
        float[] weights = floats(ce.getAsJsonArray("weights"));
        int ignore = ce.get("ignore_index").getAsInt();
        double eps = ce.get("label_smoothing").getAsDouble();
        assertArrayEquals(floats(ce.getAsJsonArray("none")),
                CrossEntropyLoss.compute(logits, label, weights, ignore, Reduction.NONE, eps).toFloatArray(), 1e-5f);
        assertEquals(ce.get("mean").getAsDouble(),
                CrossEntropyLoss.compute(logits, label, weights, ignore, Reduction.MEAN, eps).getFloat(), 1e-5);
        assertEquals(ce.get("sum").getAsDouble(),
                CrossEntropyLoss.compute(logits, label, weights, ignore, Reduction.SUM, eps).getFloat(), 1e-5);
        assertEquals(ce.get("mean_unweighted_smoothing_0.25").getAsDouble(),
                CrossEntropyLoss.compute(logits, label, null, ignore, Reduction.MEAN, 0.25).getFloat(), 1e-5);
    }
}
