package org.logokit.detect;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Model;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.logokit.detect.catalog.Detectors;
import org.logokit.detect.ssd.Ssd;
import org.logokit.detect.ssd.SsdBoxLoss;
import org.logokit.detect.ssd.SsdGrowth;
import org.logokit.detect.yolo.YoloV2;
import org.logokit.detect.yolo.YoloV2Growth;

/** Growing YOLOv2 and SSD by classes keeps every old output and starts the new rows sensibly. */
public class ClassGrowthTest {
    private static final List<String> OLD = List.of("a", "b", "c");
    private static final List<String> GROWN = List.of("a", "b", "c", "d");
    private static final float[][] ANCHORS = {{1, 1}, {3, 0.75f}};

    /** A small SSD on 64-pixel inputs: maps 8, 4, 2 and one extra map of 1. */
    public static Ssd.Config smallSsd() {
        float[] two = {2};
        return new Ssd.Config(Backbone.Width.QUARTER, 0, new int[] {32}, 0.1, 0.9,
                new float[][] {two, {2, 3}, two, two}, false, SsdBoxLoss.SMOOTH_L1, 1, 3, 0.5, 0.01, 0.45, 100);
    }

    private static Model yolo(List<String> classes) {
        return Detectors.newModel(YoloV2.spec("grow", classes, 64, YoloV2.Config.defaults(ANCHORS)));
    }

    private static Model ssd(List<String> classes) {
        return Detectors.newModel(Ssd.spec("grow", classes, 64, smallSsd()));
    }

    private static NDArray images(NDManager manager) {
        return manager.randomUniform(-1, 1, new Shape(2, 3, 64, 64));
    }

    @Test
    void aGrownYoloV2GivesTheOldRowsOfEveryAnchorBitForBit() {
        try (Model small = yolo(OLD); Model large = yolo(GROWN); NDManager manager = NDManager.newBaseManager()) {
            YoloV2 from = (YoloV2) DetectorArtifact.detectorOf(small);
            YoloV2 to = (YoloV2) DetectorArtifact.detectorOf(large);
            YoloV2Growth.copyGrowing(from, to);
            NDArray x = images(manager);
            ParameterStore ps = new ParameterStore(manager, false);
            // (N, S·S·A, 5 + C): box, objectness and old class logits of each slot are the old ones
            float[] before = from.rawOutputs(ps, x, false, null).toFloatArray();
            float[] after = to.rawOutputs(ps, x, false, null).get(":, :, 0:8").toFloatArray();
            assertArrayEquals(before, after, 0f);
        }
    }

    @Test
    void aGrownSsdGivesEveryBoxOffsetBitForBitAndTheOldLogitsToFloatRounding() {
        try (Model small = ssd(OLD); Model large = ssd(GROWN); NDManager manager = NDManager.newBaseManager()) {
            Ssd from = (Ssd) DetectorArtifact.detectorOf(small);
            Ssd to = (Ssd) DetectorArtifact.detectorOf(large);
            SsdGrowth.copyGrowing(from, to);
            NDArray x = images(manager);
            ParameterStore ps = new ParameterStore(manager, false);
            var before = from.rawOutputs(ps, x, false, null);
            var after = to.rawOutputs(ps, x, false, null);
            // logits (B, N, 1 + C): background and the three old brands unchanged; offsets unchanged
            assertEquals(new Shape(2, from.numDefaultBoxes(), 5), after.get(0).getShape());
            assertArrayEquals(before.get(1).toFloatArray(), after.get(1).toFloatArray(), 0f, "box heads: same layer");
            // the class heads' old rows hold the old weights bit for bit, but a 3x3 convolution with more
            // output channels may sum its blocks in another order (MXNet's oneDNN): equal to float rounding
            float[] old = before.get(0).toFloatArray();
            float[] grown = after.get(0).get(":, :, 0:4").toFloatArray();
            for (int i = 0; i < old.length; i++) {
                assertEquals(old[i], grown[i], 1e-5f * Math.max(1, Math.abs(old[i])), "logit " + i);
            }
        }
    }

    @Test
    void theNewClassRowStartsAtTheMeanBiasOfItsGroupsOldClassesWithFreshWeights() {
        try (Model small = ssd(OLD); Model large = ssd(GROWN)) {
            Ssd from = (Ssd) DetectorArtifact.detectorOf(small);
            Ssd to = (Ssd) DetectorArtifact.detectorOf(large);
            PairList<String, Parameter> src = from.getParameters();
            PairList<String, Parameter> dst = to.getParameters();
            int weight = indexOf(dst, "class0_weight");
            int bias = indexOf(dst, "class0_bias");
            // give the old biases distinct values so that the mean is checkable
            int boxes = from.boxesPerLocation()[0];
            float[] oldBias = new float[boxes * 4];
            for (int i = 0; i < oldBias.length; i++) {
                oldBias[i] = i;
            }
            src.get(bias).getValue().getArray().set(oldBias);
            float[] freshWeight = dst.get(weight).getValue().getArray().toFloatArray();
            SsdGrowth.copyGrowing(from, to);
            float[] grownBias = dst.get(bias).getValue().getArray().toFloatArray();
            float[] grownWeight = dst.get(weight).getValue().getArray().toFloatArray();
            float[] oldWeight = src.get(weight).getValue().getArray().toFloatArray();
            int in = oldWeight.length / (boxes * 4);
            assertEquals(boxes * 5, grownBias.length);
            for (int b = 0; b < boxes; b++) {
                for (int r = 0; r < 4; r++) {
                    assertEquals(oldBias[4 * b + r], grownBias[5 * b + r], 0f, "box " + b + " row " + r);
                }
                // rows 1..3 of box b hold 4b + 1 .. 4b + 3: mean 4b + 2 (the background row 4b is not a brand)
                assertEquals(4 * b + 2, grownBias[5 * b + 4], 1e-6f, "new class of box " + b);
                int newRow = 5 * b + 4;
                for (int k = 0; k < in; k++) {
                    assertEquals(freshWeight[newRow * in + k], grownWeight[newRow * in + k], 0f);
                }
            }
        }
    }

    @Test
    void otherClassOrdersLayoutsOrFamiliesAreRefused() {
        try (Model small = ssd(OLD); Model reordered = ssd(List.of("b", "a", "c", "d"));
                Model larger = Detectors.newModel(Ssd.spec("grow", GROWN, 96, smallSsd().withOnePerLocation(true)));
                Model yolo = yolo(GROWN)) {
            Ssd from = (Ssd) DetectorArtifact.detectorOf(small);
            IllegalArgumentException order = assertThrows(IllegalArgumentException.class,
                    () -> SsdGrowth.copyGrowing(from, (Ssd) DetectorArtifact.detectorOf(reordered)));
            assertTrue(order.getMessage().contains("first classes"), order.getMessage());
            assertThrows(IllegalArgumentException.class,
                    () -> SsdGrowth.copyGrowing(from, (Ssd) DetectorArtifact.detectorOf(larger)));
            assertThrows(IllegalArgumentException.class,
                    () -> ClassGrowth.copyGrowing(from, DetectorArtifact.detectorOf(yolo)));
        }
    }

    private static int indexOf(PairList<String, Parameter> params, String suffix) {
        for (int i = 0; i < params.size(); i++) {
            if (params.get(i).getKey().endsWith(suffix)) {
                return i;
            }
        }
        throw new AssertionError("no parameter ending in " + suffix + " in " + params.keys());
    }
}
