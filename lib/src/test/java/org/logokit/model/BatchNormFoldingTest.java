package org.logokit.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.Block;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.nn.norm.BatchNorm;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import org.junit.jupiter.api.Test;
import org.logokit.testing.NDManagerFixture;

/** Convolution + batch norm pairs folded into one convolution for inference, on both engines. */
class BatchNormFoldingTest extends NDManagerFixture {

    /** A ResNet with batch statistics that are not the initial 0 / 1 (a few training passes). */
    private Block trainedResNet(Shape shape, long seed) {
        Engine.getInstance().setRandomSeed((int) seed);
        Block net = ResNet.small(5);
        net.initialize(manager, DataType.FLOAT32, shape);
        ParameterStore store = new ParameterStore(manager, false);
        try (GradientCollector collector = Engine.getInstance().newGradientCollector()) {
            for (int i = 0; i < 2; i++) {
                // at least two images: a batch norm cannot train on one value per channel (PyTorch)
                Shape batch = new Shape(Math.max(2, shape.get(0)), shape.get(1), shape.get(2), shape.get(3));
                NDArray loss = net.forward(store, new NDList(manager.randomNormal(batch).add(0.5f)), true)
                        .singletonOrThrow().sum();
                collector.backward(loss);
            }
        }
        return net;
    }

    private float[] infer(Block net, NDArray x) {
        return net.forward(new ParameterStore(manager, false), new NDList(x), false).singletonOrThrow().toFloatArray();
    }

    private static float maxAbs(float[] values) {
        float m = 0;
        for (float v : values) {
            m = Math.max(m, Math.abs(v));
        }
        return m;
    }

    @Test
    void foldedResNetGivesTheUnfoldedOutputAndFoldsItsTwentyPairs() {
        Shape shape = new Shape(2, 3, 64, 64);
        Block net = trainedResNet(shape, 11);
        NDArray x = manager.randomNormal(shape);
        float[] plain = infer(net, x);
        // stem 1 + eight basic blocks x 2 + three projection shortcuts = 20
        assertEquals(20, BatchNormFolding.fold(net));
        assertTrue(BatchNormFolding.isFolded(net));
        float[] folded = infer(net, x);
        assertArrayEquals(plain, folded, 1e-5f * Math.max(1, maxAbs(plain)), "folding changes rounding only");
        BatchNormFolding.unfold(net);
        assertFalse(BatchNormFolding.isFolded(net));
        assertArrayEquals(plain, infer(net, x), 0f, "unfolded, the layers run one by one again");
    }

    @Test
    void aConvolutionWithBiasAndAFreezableBatchNormFoldToTheHandValue() {
        SequentialBlock chain = new ReleasingSequentialBlock()
                .add(Conv2d.builder().setFilters(1).setKernelShape(new Shape(1, 1)).build())
                .add(new FreezableBatchNorm());
        chain.initialize(manager, DataType.FLOAT32, new Shape(1, 1, 2, 2));
        chain.getChildren().valueAt(0).getParameters().get("weight").getArray().set(new float[] {2f});
        chain.getChildren().valueAt(0).getParameters().get("bias").getArray().set(new float[] {1f});
        Block norm = chain.getChildren().valueAt(1);
        norm.getParameters().get("gamma").getArray().set(new float[] {3f});
        norm.getParameters().get("beta").getArray().set(new float[] {0.5f});
        norm.getParameters().get("runningMean").getArray().set(new float[] {1f});
        norm.getParameters().get("runningVar").getArray().set(new float[] {3f});
        assertEquals(1, BatchNormFolding.fold(chain));
        NDArray x = manager.create(new float[] {0f, 1f, 2f, -1f}, new Shape(1, 1, 2, 2));
        float[] got = infer(chain, x);
        double s = 3 / Math.sqrt(3 + 1e-5);
        for (int i = 0; i < 4; i++) {
            float in = x.toFloatArray()[i];
            // ((2x + 1) - 1) * 3 / sqrt(3 + eps) + 0.5
            assertEquals((2 * in + 1 - 1) * s + 0.5, got[i], 1e-5);
        }
    }

    @Test
    void djlsBatchNormFoldsToo() {
        Shape shape = new Shape(1, 3, 8, 8);
        Engine.getInstance().setRandomSeed(5);
        SequentialBlock chain = new ReleasingSequentialBlock()
                .add(BasicBlock.conv(4, 3, 1, 1)).add(BatchNorm.builder().build()).add(Activation::relu);
        chain.initialize(manager, DataType.FLOAT32, shape);
        chain.getChildren().valueAt(1).getParameters().get("runningVar").getArray().set(new float[] {0.5f, 2f, 4f, 0.1f});
        chain.getChildren().valueAt(1).getParameters().get("runningMean").getArray().set(new float[] {0.1f, -0.2f, 0.3f, 0f});
        NDArray x = manager.randomNormal(shape);
        float[] plain = infer(chain, x);
        assertEquals(1, BatchNormFolding.fold(chain));
        assertArrayEquals(plain, infer(chain, x), 1e-5f * Math.max(1, maxAbs(plain)));
    }

    @Test
    void aTrainingPassDropsTheFoldAndTrainsTheRealLayers() {
        Shape shape = new Shape(2, 3, 32, 32);
        Block net = trainedResNet(shape, 12);
        BatchNormFolding.fold(net);
        try (GradientCollector collector = Engine.getInstance().newGradientCollector()) {
            NDArray loss = net.forward(new ParameterStore(manager, false), new NDList(manager.randomNormal(shape)), true)
                    .singletonOrThrow().sum();
            collector.backward(loss);
        }
        assertFalse(BatchNormFolding.isFolded(net), "training dropped every folded copy");
        NDArray stemGradient = net.getParameters().get(0).getValue().getArray().getGradient();
        assertNotNull(stemGradient);
        assertTrue(stemGradient.abs().sum().getFloat() > 0, "the stem convolution itself got a gradient");
    }

    @Test
    void loadingParametersIntoAFoldedNetworkUsesTheLoadedWeights() throws Exception {
        Shape shape = new Shape(1, 3, 32, 32);
        Block source = trainedResNet(shape, 21);
        Block target = trainedResNet(shape, 22);
        BatchNormFolding.fold(target);
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        source.saveParameters(new DataOutputStream(bytes));
        target.loadParameters(manager, new DataInputStream(new ByteArrayInputStream(bytes.toByteArray())));
        NDArray x = manager.randomNormal(shape);
        float[] expected = infer(source, x);
        assertArrayEquals(expected, infer(target, x), 1e-5f * Math.max(1, maxAbs(expected)),
                "a stale folded copy would give the old network's output");
    }

    @Test
    void chainsWithoutAConvolutionBeforeABatchNormFoldNothing() {
        SequentialBlock chain = new ReleasingSequentialBlock()
                .add(BasicBlock.conv(4, 3, 1, 1)).add(Activation::relu).add(BatchNorm.builder().build());
        chain.initialize(manager, DataType.FLOAT32, new Shape(1, 3, 8, 8));
        assertEquals(0, BatchNormFolding.fold(chain));
        assertFalse(BatchNormFolding.isFolded(chain));
        assertEquals(0, BatchNormFolding.fold(new SequentialBlock()), "an uninitialised or plain chain folds nothing");
    }
}
