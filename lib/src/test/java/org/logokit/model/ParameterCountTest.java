package org.logokit.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ParameterCountTest {

    @Test
    void realResNet18HasTorchvisionParameterCountFor1000And33Classes() {
        try (NDManager manager = NDManager.newBaseManager()) {
            NamedSequentialBlock imagenet = ResNet.resnet18(1000);
            imagenet.initialize(manager, DataType.FLOAT32, new Shape(1, 3, 224, 224));
            // torchvision.models.resnet18(): sum(p.numel() for p in m.parameters()) == 11,689,512
            assertEquals(11_689_512L, ParameterCount.learnable(imagenet));

            NamedSequentialBlock logos = ResNet.resnet18(33);
            logos.initialize(manager, DataType.FLOAT32, new Shape(1, 3, 224, 224));
            // the fc layer shrinks from 512*1000+1000 to 512*33+33
            assertEquals(11_689_512L - 513_000L + 16_929L, ParameterCount.learnable(logos));
            assertEquals(List.of("stem", "stage1", "stage2", "stage3", "stage4", "head"), logos.names());
            // stem: 64*3*7*7 conv + 2*64 BN
            Map<String, Long> perBlock = ParameterCount.byBlock(logos);
            assertEquals(9_408L + 128L, perBlock.get("stem"));
            assertEquals(16_929L, perBlock.get("head"));
            assertEquals(new Shape(1, 512, 7, 7), logos.shapesAfterEachLink(new Shape(1, 3, 224, 224)).get(4));
        }
    }

    @Test
    void mlpFirstLayerOnA224GreyImageHas50176Times30WeightsPlus30Biases() {
        try (NDManager manager = NDManager.newBaseManager()) {
            NamedSequentialBlock mlp = Mlp.build(30, 33);
            mlp.initialize(manager, DataType.FLOAT32, new Shape(1, 1, 224, 224));
            assertEquals(50_176L * 30 + 30, ParameterCount.learnable(mlp.child("hidden")));
            assertEquals(ConvArithmetic.denseParameters(50_176, 30), ParameterCount.learnable(mlp.child("hidden")));
        }
    }

    @Test
    void seedCnnShapesFollowTheOutputSizeFormula() {
        try (NDManager manager = NDManager.newBaseManager()) {
            NamedSequentialBlock cnn = SeedCnn.build(33);
            cnn.initialize(manager, DataType.FLOAT32, new Shape(1, 3, 224, 224));
            int n = ConvArithmetic.outputSize(224, 11, 4, 0); // 54
            n = ConvArithmetic.outputSize(n, 3, 2, 0); // 26
            n = ConvArithmetic.outputSize(n, 5, 1, 0); // 22
            n = ConvArithmetic.outputSize(n, 3, 2, 0); // 10
            assertEquals(10, n);
            assertEquals(new Shape(1, 192, 10, 10), cnn.shapesAfterEachLink(new Shape(1, 3, 224, 224)).get(0));
            long expected = ConvArithmetic.convParameters(3, 96, 11, true)
                    + ConvArithmetic.convParameters(96, 192, 5, true)
                    + ConvArithmetic.denseParameters(192 * 10 * 10, 4096)
                    + ConvArithmetic.denseParameters(4096, 33);
            assertEquals(expected, ParameterCount.learnable(cnn));
        }
    }

    @Test
    void convOutputSizeMatchesHandComputedCasesAndRejectsKernelsThatDoNotFit() {
        assertEquals(5, ConvArithmetic.outputSize(5, 3, 1, 1));
        assertEquals(3, ConvArithmetic.outputSize(5, 3, 1, 0));
        assertEquals(112, ConvArithmetic.outputSize(224, 7, 2, 3));
        assertEquals(300L, ConvArithmetic.convParameters(1, 30, 3, true));
        assertThrows(IllegalArgumentException.class, () -> ConvArithmetic.outputSize(2, 3, 1, 0));
        assertThrows(IllegalArgumentException.class, () -> ConvArithmetic.outputSize(5, 3, 0, 0));
        assertThrows(IllegalArgumentException.class, () -> SeedCnn.requireFits(64));
    }

    @Test
    void countingAnUninitialisedBlockSaysHowToInitialiseIt() {
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> ParameterCount.learnable(ResNet.small(3)));
        assertEquals(true, e.getMessage().contains("initialize"));
    }
}
