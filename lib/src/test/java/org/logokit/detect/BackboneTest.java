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
import java.util.List;
import org.junit.jupiter.api.Test;
import org.logokit.model.Architectures;
import org.logokit.model.ModelArtifact;
import org.logokit.model.ModelSpec;
import org.logokit.testing.NDManagerFixture;

class BackboneTest extends NDManagerFixture {

    @Test
    void returnsTheRequestedLevelsWithStrides4To32AndDoublingChannels() {
        Backbone backbone = new Backbone(Backbone.Config.of(Backbone.Width.QUARTER, "C5", "C3", "C4"));
        assertEquals(List.of("C3", "C4", "C5"), backbone.outputs());
        backbone.initialize(manager, DataType.FLOAT32, new Shape(1, 3, 64, 64));
        NDList maps = backbone.forward(new ParameterStore(manager, false),
                new NDList(manager.randomUniform(0, 1, new Shape(2, 3, 64, 64))), false);
        assertEquals(new Shape(2, 32, 8, 8), maps.get(0).getShape());
        assertEquals(new Shape(2, 64, 4, 4), maps.get(1).getShape());
        assertEquals(new Shape(2, 128, 2, 2), maps.get(2).getShape());
        assertArrayEquals(new int[] {8, 16, 32}, backbone.strides());
        assertArrayEquals(new int[] {8, 4, 2}, backbone.featureSizes(64));
        assertEquals(4, Backbone.stride("C2"));
        assertEquals(256, new Backbone(Backbone.Config.of(Backbone.Width.FULL, "C4")).channels("C4"));
    }

    @Test
    void loadsAClassifiersStemAndStagesAndRejectsAnotherWidth() {
        try (ModelArtifact classifier = ModelArtifact.create(
                ModelSpec.of("source", Architectures.RESNET18_SMALL, List.of("a", "b"), 32))) {
            Backbone backbone = new Backbone(Backbone.Config.of(Backbone.Width.QUARTER, "C4"));
            backbone.initialize(manager, DataType.FLOAT32, new Shape(1, 3, 32, 32));
            backbone.loadWeights(classifier);
            NDArray from = classifier.block().child("stage3").getParameters().valueAt(0).getArray();
            NDArray to = backbone.trunk().child("stage3").getParameters().valueAt(0).getArray();
            assertArrayEquals(from.toFloatArray(), to.toFloatArray());

            Backbone full = new Backbone(Backbone.Config.of(Backbone.Width.FULL, "C4"));
            full.initialize(manager, DataType.FLOAT32, new Shape(1, 3, 32, 32));
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> full.loadWeights(classifier));
            assertTrue(e.getMessage().contains("QUARTER"), e.getMessage());
        }
    }

    @Test
    void frozenStagesGetNoGradient() {
        Backbone backbone = new Backbone(Backbone.Config.of(Backbone.Width.QUARTER, "C4").frozen(2));
        backbone.initialize(manager, DataType.FLOAT32, new Shape(1, 3, 32, 32));
        for (Pair<String, Parameter> p : backbone.trunk().child("stage1").getParameters()) {
            assertFalse(p.getValue().requiresGradient(), p.getKey());
        }
        boolean anyTrainable = backbone.trunk().child("stage2").getParameters().values().stream()
                .anyMatch(Parameter::requiresGradient);
        assertTrue(anyTrainable);
    }

    @Test
    void unknownLevelsAreRejectedWithTheKnownOnes() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Backbone.Config.of(Backbone.Width.QUARTER, "P3"));
        assertTrue(e.getMessage().contains("C2"), e.getMessage());
    }
}
