package org.logokit.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.LambdaBlock;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.norm.BatchNorm;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.logokit.testing.NDManagerFixture;

/** Inference passes that free each link's arrays as they go, and change nothing else. */
class ReleasingForwardTest extends NDManagerFixture {
    // just at the release threshold: 4 MB of float32
    private static final Shape BIG = new Shape(1, 4, 512, 512);

    /** A three-link chain (+1, ×2, −3, each through two arrays) that remembers every array it made. */
    private static SequentialBlock chain(SequentialBlock into, List<NDArray> made) {
        into.add(new LambdaBlock(x -> record(made, x.singletonOrThrow().add(0.5f).add(0.5f))));
        into.add(new LambdaBlock(x -> record(made, x.singletonOrThrow().mul(2f))));
        into.add(new LambdaBlock(x -> record(made, x.singletonOrThrow().sub(1f).sub(2f))));
        return into;
    }

    private static NDList record(List<NDArray> made, NDArray out) {
        made.add(out);
        return new NDList(out);
    }

    private NDArray input(Shape shape) {
        return manager.arange(0f, (float) shape.size()).reshape(shape).div(1000f);
    }

    @Test
    void inferenceFreesEveryIntermediateAndKeepsTheOutputAndTheInput() {
        List<NDArray> made = new ArrayList<>();
        SequentialBlock block = chain(new ReleasingSequentialBlock(), made);
        NDArray x = input(BIG);
        NDArray out = block.forward(new ParameterStore(manager, false), new NDList(x), false).singletonOrThrow();
        assertEquals(3, made.size());
        assertTrue(made.get(0).isReleased(), "the first link's output is freed once the second has used it");
        assertTrue(made.get(1).isReleased(), "the second link's output is freed once the third has used it");
        assertSame(out, made.get(2));
        assertFalse(out.isReleased());
        assertFalse(x.isReleased(), "the caller's input is never closed");
        assertSame(x.getManager(), manager, "the input goes back to its own manager");
        assertSame(out.getManager(), manager, "the output lands where a plain forward puts it");
        // ((x + 1) * 2) - 3, checked at a few elements
        float[] got = out.get("0, 0, 0, 0:3").toFloatArray();
        assertArrayEquals(new float[] {-1f, -0.998f, -0.996f}, got, 1e-5f);
    }

    @Test
    void outputIsBitIdenticalToDjlsSequentialBlock() {
        NDArray x = input(BIG);
        ParameterStore store = new ParameterStore(manager, false);
        float[] plain = chain(new SequentialBlock(), new ArrayList<>()).forward(store, new NDList(x), false)
                .singletonOrThrow().toFloatArray();
        float[] releasing = chain(new ReleasingSequentialBlock(), new ArrayList<>()).forward(store, new NDList(x),
                false).singletonOrThrow().toFloatArray();
        assertArrayEquals(plain, releasing, 0f);
    }

    @Test
    void smallInputsAndTrainingPassesReleaseNothing() {
        List<NDArray> made = new ArrayList<>();
        SequentialBlock block = chain(new ReleasingSequentialBlock(), made);
        block.forward(new ParameterStore(manager, false), new NDList(input(new Shape(2, 3, 8, 8))), false);
        assertFalse(made.get(0).isReleased(), "below the threshold a link's arrays stay, as in DJL");
        block.initialize(manager, DataType.FLOAT32, BIG); // a training pass would do it; its shape run records too
        made.clear();
        NDArray x = input(BIG);
        x.setRequiresGradient(true);
        try (GradientCollector collector = Engine.getInstance().newGradientCollector()) {
            NDArray out = block.forward(new ParameterStore(manager, false), new NDList(x), true).singletonOrThrow();
            assertFalse(made.get(0).isReleased(), "training keeps every array");
            assertFalse(made.get(1).isReleased());
            collector.backward(out.sum());
        }
        // d/dx of ((x + 1) * 2 - 3) = 2
        assertArrayEquals(new float[] {2f, 2f}, x.getGradient().get("0, 0, 0, 0:2").toFloatArray(), 0f);
    }

    @Test
    void aLinkThatReturnsItsInputDoesNotLoseIt() {
        SequentialBlock block = new ReleasingSequentialBlock()
                .add(new LambdaBlock(x -> new NDList(x.singletonOrThrow().add(1f))))
                .add(new LambdaBlock(x -> x))
                .add(new LambdaBlock(x -> new NDList(x.singletonOrThrow().mul(3f))));
        NDArray x = input(BIG);
        NDArray out = block.forward(new ParameterStore(manager, false), new NDList(x), false).singletonOrThrow();
        assertEquals(3f, out.getFloat(0, 0, 0, 0), 1e-6f);
        assertEquals(3f * (1f + 0.001f), out.getFloat(0, 0, 0, 1), 1e-5f);
    }

    @Test
    void aResNetInReleasingBlocksGivesTheSameOutputsAtEveryBatchSize() {
        Shape shape = new Shape(1, 3, 64, 64);
        Engine.getInstance().setRandomSeed(7);
        NamedSequentialBlock net = ResNet.small(5);
        net.initialize(manager, DataType.FLOAT32, shape);
        // 40 × 16 × 32 × 32 after the stem's convolution: above the threshold, so the early links release
        NDArray x = manager.randomUniform(0, 1, new Shape(40, 3, 64, 64));
        ParameterStore store = new ParameterStore(manager, false);
        float[] batch = net.forward(store, new NDList(x), false).singletonOrThrow().toFloatArray();
        float[] single = net.forward(store, new NDList(x.get("39:40")), false).singletonOrThrow().toFloatArray();
        assertArrayEquals(single, java.util.Arrays.copyOfRange(batch, 39 * 5, 40 * 5), 1e-4f,
                "the last image scores the same in a releasing batch of 40 and a plain batch of 1");
    }

    @Test
    void parametersSavedFromDjlsSequentialBlockLoadIntoAReleasingOne() throws Exception {
        Shape shape = new Shape(2, 3, 32, 32);
        Engine.getInstance().setRandomSeed(3);
        SequentialBlock djl = new SequentialBlock()
                .add(BasicBlock.conv(8, 3, 1, 1)).add(BatchNorm.builder().build()).add(ai.djl.nn.Activation::relu);
        djl.initialize(manager, DataType.FLOAT32, shape);
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        djl.saveParameters(new DataOutputStream(bytes));
        SequentialBlock releasing = new ReleasingSequentialBlock()
                .add(BasicBlock.conv(8, 3, 1, 1)).add(BatchNorm.builder().build()).add(ai.djl.nn.Activation::relu);
        releasing.initialize(manager, DataType.FLOAT32, shape);
        releasing.loadParameters(manager, new DataInputStream(new ByteArrayInputStream(bytes.toByteArray())));
        NDArray x = manager.randomUniform(0, 1, shape);
        ParameterStore store = new ParameterStore(manager, false);
        assertArrayEquals(djl.forward(store, new NDList(x), false).singletonOrThrow().toFloatArray(),
                releasing.forward(store, new NDList(x), false).singletonOrThrow().toFloatArray(), 0f);
    }
}
