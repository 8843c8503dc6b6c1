package org.logokit.detect;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import ai.djl.util.Pair;
import ai.djl.util.PairList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.logokit.detect.rcnn.RpnConfig;
import org.logokit.detect.rcnn.RpnDetector;
import org.logokit.model.Architectures;
import org.logokit.model.ModelArtifact;
import org.logokit.model.ModelSpec;
import org.logokit.testing.NDManagerFixture;

/**
 * The output-stride setting of {@link Backbone}: stages that keep their map with dilated
 * convolutions instead of halving it.
 *
 * <p>The reference is exact, not a tolerance picked to pass: a 3x3 convolution of stride 2 gives
 * the stride-1 convolution's values at every second cell, and a convolution dilated by 2 read at
 * every second cell is the undilated one on the halved map (its taps land on those cells only, its
 * padding of 2 on the zero padding of 1). So in inference (batch norm a fixed affine map) the
 * dilated backbone's C4 at every second cell, and its C5 at every fourth, are the ordinary
 * backbone's C4 and C5 with the same weights.
 */
class DilatedBackboneTest extends NDManagerFixture {

    private static final Shape INPUT = new Shape(2, 3, 64, 64);

    @Test
    void aDilatedBackboneComputesTheOrdinaryMapsAtEverySecondAndFourthCell() {
        NDList[] maps = ordinaryAndDilated(8);
        NDList plain = maps[0];
        NDList fine = maps[1];

        assertEquals(new Shape(2, 64, 4, 4), plain.get(0).getShape());
        assertEquals(new Shape(2, 128, 2, 2), plain.get(1).getShape());
        assertEquals(new Shape(2, 64, 8, 8), fine.get(0).getShape());
        assertEquals(new Shape(2, 128, 8, 8), fine.get(1).getShape());
        assertClose(plain.get(0), fine.get(0).get(":, :, ::2, ::2"));
        assertClose(plain.get(1), fine.get(1).get(":, :, ::4, ::4"));
        // the dilated map is not just the coarse one repeated: the cells in between are new values
        assertFalse(fine.get(0).get(":, :, 1::2, 1::2").allClose(plain.get(0), 1e-3, 1e-3, false));
    }

    @Test
    void outputStride16DilatesOnlyTheLastStage() {
        NDList[] maps = ordinaryAndDilated(16);
        NDList plain = maps[0];
        NDList fine = maps[1];
        assertArrayEquals(new int[] {16, 16},
                new Backbone(Backbone.Config.of(Backbone.Width.QUARTER, "C4", "C5").withOutputStride(16)).strides());
        assertClose(plain.get(0), fine.get(0));
        assertEquals(new Shape(2, 128, 4, 4), fine.get(1).getShape());
        assertClose(plain.get(1), fine.get(1).get(":, :, ::2, ::2"));
    }

    @Test
    void stridesAndFeatureSizesFollowTheOutputStride() {
        Backbone dilated = new Backbone(Backbone.Config.of(Backbone.Width.QUARTER, "C2", "C3", "C4", "C5")
                .withOutputStride(8));
        assertArrayEquals(new int[] {4, 8, 8, 8}, dilated.strides());
        assertArrayEquals(new int[] {64, 32, 32, 32}, dilated.featureSizes(256));
        assertEquals(16, Backbone.stride("C4"));
        assertTrue(dilated.toString().contains("output stride 8"), dilated.toString());
    }

    @Test
    void aClassifiersWeightsLoadIntoTheDilatedBackbone() {
        try (ModelArtifact classifier = ModelArtifact.create(
                ModelSpec.of("source", Architectures.RESNET18_SMALL, List.of("a", "b"), 32))) {
            Backbone dilated = initialised(Backbone.Config.of(Backbone.Width.QUARTER, "C4").withOutputStride(8));
            dilated.loadWeights(classifier);
            NDArray from = classifier.block().child("stage3").getParameters().valueAt(0).getArray();
            NDArray to = dilated.trunk().child("stage3").getParameters().valueAt(0).getArray();
            assertArrayEquals(from.toFloatArray(), to.toFloatArray());
        }
    }

    @Test
    void otherOutputStridesAreRejected() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Backbone.Config.of(Backbone.Width.QUARTER, "C4").withOutputStride(4));
        assertTrue(e.getMessage().contains("8, 16 or 32"), e.getMessage());
        assertEquals(32, new Backbone.Config(Backbone.Width.QUARTER, List.of("C4"), 0, 0).outputStride());
    }

    @Test
    void theOrdinaryBackboneIsSavedAsBeforeSoOlderSpecsStillMatch() {
        RpnConfig rpn = RpnConfig.singleLevel(24, 48);
        DetectorSpec before = RpnDetector.spec("rpn", 64, new RpnDetector.Config(Backbone.Width.QUARTER, "C4", 1, rpn));
        DetectorSpec explicit = RpnDetector.spec("rpn", 64,
                new RpnDetector.Config(Backbone.Width.QUARTER, "C4", 1, rpn, 32));
        DetectorSpec dilated = RpnDetector.spec("rpn", 64,
                new RpnDetector.Config(Backbone.Width.QUARTER, "C4", 1, rpn, 8));
        assertFalse(before.settings().has("outputStride"), before.settings().toString());
        assertEquals(before, explicit);
        assertFalse(before.equals(dilated));
        RpnDetector.Config back = DetectorSpec.fromJson(dilated.toJson()).settings(RpnDetector.Config.class);
        assertEquals(8, back.outputStride());
        assertArrayEquals(new int[] {8}, back.backbone().outputs().stream().mapToInt(back.backbone()::stride)
                .toArray());
    }

    /** C4 and C5 of an ordinary backbone and of one with this output stride, same weights, same input. */
    private NDList[] ordinaryAndDilated(int outputStride) {
        Backbone ordinary = initialised(Backbone.Config.of(Backbone.Width.QUARTER, "C4", "C5"));
        Backbone dilated = initialised(Backbone.Config.of(Backbone.Width.QUARTER, "C4", "C5")
                .withOutputStride(outputStride));
        randomiseAndCopy(ordinary, dilated);
        NDArray x = manager.randomUniform(0, 1, INPUT);
        return new NDList[] {ordinary.forward(new ParameterStore(manager, false), new NDList(x), false),
            dilated.forward(new ParameterStore(manager, false), new NDList(x), false)};
    }

    private Backbone initialised(Backbone.Config config) {
        Backbone backbone = new Backbone(config);
        backbone.initialize(manager, DataType.FLOAT32, INPUT);
        return backbone;
    }

    /** Gives {@code from} random weights and batch-norm statistics, and copies them into {@code to}. */
    private void randomiseAndCopy(Backbone from, Backbone to) {
        PairList<String, Parameter> source = from.getParameters();
        PairList<String, Parameter> target = to.getParameters();
        assertEquals(source.keys(), target.keys());
        for (int i = 0; i < source.size(); i++) {
            Pair<String, Parameter> p = source.get(i);
            NDArray value = p.getValue().getArray();
            String name = p.getKey();
            // weights at 1 / sqrt(fan-in) keep the activations near 1 through the 17 layers
            Shape shape = value.getShape();
            float scale = name.endsWith("weight") ? (float) Math.sqrt(shape.get(0) / (double) shape.size()) : 0.1f;
            NDArray fresh = name.endsWith("runningVar") || name.endsWith("gamma")
                    ? manager.randomUniform(0.5f, 1.5f, shape)
                    : manager.randomNormal(0, scale, shape, DataType.FLOAT32);
            value.set(fresh.toFloatArray());
            target.valueAt(i).getArray().set(fresh.toFloatArray());
        }
    }

    private static void assertClose(NDArray expected, NDArray actual) {
        assertEquals(expected.getShape(), actual.getShape());
        float[] e = expected.toFloatArray();
        float[] a = actual.toFloatArray();
        for (int i = 0; i < e.length; i++) {
            assertEquals(e[i], a[i], 1e-4 * Math.max(1, Math.abs(e[i])), "element " + i);
        }
    }
}
