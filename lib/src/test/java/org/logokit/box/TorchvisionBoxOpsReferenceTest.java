package org.logokit.box;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;
import com.google.gson.JsonObject;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.logokit.loss.Reduction;
import org.logokit.loss.SigmoidFocalLoss;
import org.logokit.match.IoUMatcher;
import org.logokit.testing.NDManagerFixture;
import org.logokit.testing.TorchvisionReference;

/**
 * IoU, GIoU, DIoU and CIoU, the Faster R-CNN box coder, the IoU matcher and sigmoid focal loss
 * against the numbers torchvision 0.28 itself computed ({@code torchvision.ops.boxes},
 * {@code models.detection._utils.BoxCoder} and {@code Matcher}, {@code ops.sigmoid_focal_loss};
 * {@code src/test/resources/torchvision/make_reference.py}). The boxes have positive size: for
 * zero-area boxes the kit returns 0 where torchvision returns NaN (see {@link IoU}).
 */
class TorchvisionBoxOpsReferenceTest extends NDManagerFixture {

    private NDArray boxes(JsonObject section, String key) {
        float[][] rows = TorchvisionReference.rows(section.getAsJsonArray(key));
        return manager.create(TorchvisionReference.flat(rows), new Shape(rows.length, rows[0].length));
    }

    private static float[] flatMatrix(JsonObject section, String key) {
        return TorchvisionReference.flat(TorchvisionReference.rows(section.getAsJsonArray(key)));
    }

    @Test
    void everyIoUMeasureEqualsTorchvisionsPairwiseFunctions() {
        JsonObject section = TorchvisionReference.section("box_iou");
        NDArray a = boxes(section, "a");
        NDArray b = boxes(section, "b");
        Map<IoUKind, String> names = Map.of(IoUKind.IOU, "iou", IoUKind.GIOU, "giou", IoUKind.DIOU, "diou",
                IoUKind.CIOU, "ciou");
        float[][] aRows = TorchvisionReference.rows(section.getAsJsonArray("a"));
        float[][] bRows = TorchvisionReference.rows(section.getAsJsonArray("b"));
        for (Map.Entry<IoUKind, String> kind : names.entrySet()) {
            float[] expected = flatMatrix(section, kind.getValue());
            NDArray ours = IoU.pairwise(a, b, kind.getKey());
            assertEquals(new Shape(a.getShape().get(0), b.getShape().get(0)), ours.getShape());
            assertArrayEquals(expected, ours.toFloatArray(), 1e-5f, kind.getValue() + " (NDArray)");
            // the plain-Java version is the same formula
            double[][] plain = IoU.pairwise(aRows, bRows, kind.getKey());
            for (int i = 0; i < plain.length; i++) {
                for (int j = 0; j < plain[i].length; j++) {
                    assertEquals(expected[i * plain[i].length + j], plain[i][j], 1e-5,
                            kind.getValue() + " (plain Java) of a[" + i + "] and b[" + j + "]");
                }
            }
        }
    }

    @Test
    void boxCoderEncodesAndDecodesAsTorchvisionsBoxCoder() {
        JsonObject section = TorchvisionReference.section("box_coder");
        NDArray matchedGt = boxes(section, "matched_gt");
        NDArray proposals = boxes(section, "proposals");
        Map<String, BoxCoder> coders = Map.of("rpn", BoxCoder.rpn(), "rcnnHead", BoxCoder.rcnnHead());
        for (Map.Entry<String, BoxCoder> coder : coders.entrySet()) {
            JsonObject expected = section.getAsJsonObject(coder.getKey());
            // torchvision: encode_single(matched gt, proposals), the kit's argument order
            assertArrayEquals(flatMatrix(expected, "encoded"),
                    coder.getValue().encode(matchedGt, proposals).toFloatArray(), 1e-4f, coder.getKey() + " encode");
            // decoding: the last two rows of deltas hit the log(1000 / 16) size clamp
            float[] decodedExpected = flatMatrix(expected, "decoded");
            float[] decoded = coder.getValue().decode(boxes(expected, "deltas"), proposals).toFloatArray();
            assertEquals(decodedExpected.length, decoded.length);
            for (int i = 0; i < decoded.length; i++) {
                assertEquals(decodedExpected[i], decoded[i], 1e-4 * Math.max(1, Math.abs(decodedExpected[i])),
                        coder.getKey() + " decode, value " + i);
            }
        }
    }

    @Test
    void matcherLabelsEveryAnchorAsTorchvisionsMatcher() {
        JsonObject section = TorchvisionReference.section("matcher");
        NDArray gt = boxes(section, "gt");
        NDArray anchors = boxes(section, "anchors");
        for (String name : new String[] {"rpn", "retinaNet", "rcnnHead"}) {
            JsonObject expected = section.getAsJsonObject(name);
            IoUMatcher matcher = new IoUMatcher(expected.get("high").getAsDouble(), expected.get("low").getAsDouble(),
                    expected.get("lowQuality").getAsBoolean());
            assertArrayEquals(TorchvisionReference.longs(expected.getAsJsonArray("matches")),
                    matcher.match(gt, anchors).toLongArray(), name);
        }
    }

    @Test
    void sigmoidFocalLossEqualsTorchvisionsForSeveralAlphasAndGammas() {
        JsonObject section = TorchvisionReference.section("sigmoid_focal_loss");
        NDArray logits = boxes(section, "logits");
        NDArray targets = boxes(section, "targets");
        int checked = 0;
        for (String key : section.keySet()) {
            if (!key.startsWith("alpha_")) {
                continue;
            }
            JsonObject expected = section.getAsJsonObject(key);
            double alpha = expected.get("alpha").getAsDouble();
            double gamma = expected.get("gamma").getAsDouble();
            assertArrayEquals(flatMatrix(expected, "none"),
                    SigmoidFocalLoss.compute(logits, targets, alpha, gamma, Reduction.NONE).toFloatArray(), 1e-5f, key);
            assertEquals(expected.get("mean").getAsDouble(),
                    SigmoidFocalLoss.compute(logits, targets, alpha, gamma, Reduction.MEAN).getFloat(), 1e-5, key);
            assertEquals(expected.get("sum").getAsDouble(),
                    SigmoidFocalLoss.compute(logits, targets, alpha, gamma, Reduction.SUM).getFloat(), 1e-4, key);
            checked++;
        }
        assertEquals(4, checked, "alpha/gamma settings in the reference");
    }
}
