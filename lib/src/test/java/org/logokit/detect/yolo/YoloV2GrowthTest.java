package org.logokit.detect.yolo;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import ai.djl.Model;
import ai.djl.nn.Parameter;
import ai.djl.util.PairList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.logokit.detect.DetectorArtifact;
import org.logokit.detect.catalog.Detectors;

class YoloV2GrowthTest {
    private static final float[][] ANCHORS = {{1, 1}, {2, 0.5f}};

    private static Model model(List<String> classes, float[][] anchors) {
        return Detectors.newModel(YoloV2.spec("growth-test", classes, 64, YoloV2.Config.defaults(anchors)));
    }

    @Test
    void oldRowsMoveToTheirPlacesInTheLargerHeadAndEverythingElseIsCopied() {
        try (Model small = model(List.of("a", "b"), ANCHORS); Model large = model(List.of("a", "b", "c"), ANCHORS)) {
            YoloV2 from = (YoloV2) DetectorArtifact.detectorOf(small);
            YoloV2 to = (YoloV2) DetectorArtifact.detectorOf(large);
            PairList<String, Parameter> before = to.getParameters();
            int last = before.size() - 1;
            YoloV2Growth.copyGrowing(from, to);
            PairList<String, Parameter> src = from.getParameters();
            PairList<String, Parameter> dst = to.getParameters();
            for (int i = 0; i < last - 1; i++) {
                assertArrayEquals(src.get(i).getValue().getArray().toFloatArray(),
                        dst.get(i).getValue().getArray().toFloatArray(), 0f, src.get(i).getKey());
            }
            // bias of the predicting conv: per anchor 5 + 2 old rows, then the new class's row
            float[] oldBias = src.get(last).getValue().getArray().toFloatArray();
            float[] newBias = dst.get(last).getValue().getArray().toFloatArray();
            assertEquals(2 * 7, oldBias.length);
            assertEquals(2 * 8, newBias.length);
            for (int a = 0; a < 2; a++) {
                assertArrayEquals(Arrays.copyOfRange(oldBias, 7 * a, 7 * a + 7),
                        Arrays.copyOfRange(newBias, 8 * a, 8 * a + 7), 0f, "anchor " + a);
                // the new class's bias starts at the mean of the anchor's two old class biases
                assertEquals((oldBias[7 * a + 5] + oldBias[7 * a + 6]) / 2, newBias[8 * a + 7], 1e-7f,
                        "the new class starts as an average old class");
            }
            float[] oldWeight = src.get(last - 1).getValue().getArray().toFloatArray();
            float[] newWeight = dst.get(last - 1).getValue().getArray().toFloatArray();
            int in = oldWeight.length / 14;
            // row 7 + 3 (anchor 1, box/objectness/class rows start at 8) holds old row 7 + 3 of anchor 1
            assertArrayEquals(Arrays.copyOfRange(oldWeight, (7 + 3) * in, (7 + 4) * in),
                    Arrays.copyOfRange(newWeight, (8 + 3) * in, (8 + 4) * in), 0f);
        }
    }

    @Test
    void detectorsWithAnotherNumberOfAnchorsOrOtherClassesAreRefused() {
        try (Model small = model(List.of("a", "b"), ANCHORS);
                Model threeAnchors = model(List.of("a", "b", "c"), new float[][] {{1, 1}, {2, 1}, {1, 2}});
                Model reordered = model(List.of("b", "a", "c"), ANCHORS)) {
            YoloV2 from = (YoloV2) DetectorArtifact.detectorOf(small);
            assertThrows(IllegalArgumentException.class,
                    () -> YoloV2Growth.copyGrowing(from, (YoloV2) DetectorArtifact.detectorOf(threeAnchors)));
            assertThrows(IllegalArgumentException.class,
                    () -> YoloV2Growth.copyGrowing(from, (YoloV2) DetectorArtifact.detectorOf(reordered)));
        }
    }
}
