package org.logokit.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.MalformedModelException;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.nn.norm.BatchNorm;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import org.junit.jupiter.api.Test;
import org.logokit.testing.NDManagerFixture;

/** The backbone's batch norm: DJL's BatchNorm while trainable, a fixed affine map while frozen. */
class FreezableBatchNormTest extends NDManagerFixture {
    private static final Shape INPUT = new Shape(2, 3, 2, 2);
    // per channel: gamma, beta, running mean, running variance (as if pretrained)
    private static final float[] GAMMA = {1.5f, -0.5f, 2f};
    private static final float[] BETA = {0.25f, 1f, -1f};
    private static final float[] MEAN = {0.5f, -2f, 3f};
    private static final float[] VAR = {4f, 0.25f, 9f};

    private Block initialised(Block norm) {
        norm.initialize(manager, DataType.FLOAT32, INPUT);
        var params = norm.getParameters();
        params.get(0).getValue().getArray().set(GAMMA);
        params.get(1).getValue().getArray().set(BETA);
        params.get(2).getValue().getArray().set(MEAN);
        params.get(3).getValue().getArray().set(VAR);
        return norm;
    }

    private NDArray input() {
        float[] x = new float[(int) INPUT.size()];
        for (int i = 0; i < x.length; i++) {
            x[i] = (float) Math.sin(1.7 * i) * 3;
        }
        return manager.create(x, INPUT);
    }

    /** The affine map by hand, element by element. */
    private static float[] handAffine(float[] x) {
        float[] y = new float[x.length];
        for (int i = 0; i < x.length; i++) {
            int c = (i / 4) % 3;
            double scale = GAMMA[c] / Math.sqrt(VAR[c] + 1e-5);
            y[i] = (float) (x[i] * scale + (BETA[c] - MEAN[c] * scale));
        }
        return y;
    }

    private static float[][] values(Block block) {
        return block.getParameters().values().stream().map(p -> p.getArray().toFloatArray()).toArray(float[][]::new);
    }

    @Test
    void aFrozenNormAppliesTheAffineMapOfItsSavedStatisticsInATrainingPassAndChangesNothing() {
        FreezableBatchNorm norm = (FreezableBatchNorm) initialised(new FreezableBatchNorm());
        norm.freezeParameters(true);
        assertTrue(norm.isFrozen());
        float[][] before = values(norm);
        NDArray x = input();
        x.setRequiresGradient(true);
        float[] trained;
        try (GradientCollector collector = Engine.getInstance().newGradientCollector()) {
            NDArray y = norm.forward(new ParameterStore(manager, false), new NDList(x), true).singletonOrThrow();
            trained = y.toFloatArray();
            collector.backward(y.sum());
        }
        assertArrayEquals(handAffine(input().toFloatArray()), trained, 1e-5f);
        float[] inference = norm.forward(new ParameterStore(manager, false), new NDList(input()), false)
                .singletonOrThrow().toFloatArray();
        assertArrayEquals(inference, trained, 1e-5f, "frozen: training pass = inference");
        // d(sum y)/dx = gamma / sqrt(var + eps) per channel
        float[] grad = x.getGradient().toFloatArray();
        for (int i = 0; i < grad.length; i++) {
            int c = (i / 4) % 3;
            assertEquals(GAMMA[c] / Math.sqrt(VAR[c] + 1e-5), grad[i], 1e-5, "input gradient " + i);
        }
        float[][] after = values(norm);
        for (int p = 0; p < before.length; p++) {
            assertArrayEquals(before[p], after[p], 0f, norm.getParameters().get(p).getKey() + " changed");
        }
    }

    @Test
    void aTrainableNormComputesWhatDjlBatchNormComputesBitForBit() {
        Block djl = initialised(BatchNorm.builder().build());
        Block ours = initialised(new FreezableBatchNorm());
        for (boolean training : new boolean[] {false, true}) {
            float[][] outputs = new float[2][];
            Block[] blocks = {djl, ours};
            for (int b = 0; b < 2; b++) {
                NDArray x = input();
                x.setRequiresGradient(true);
                try (GradientCollector collector = training ? Engine.getInstance().newGradientCollector() : null) {
                    NDArray y = blocks[b].forward(new ParameterStore(manager, false), new NDList(x), training)
                            .singletonOrThrow();
                    outputs[b] = y.toFloatArray();
                    if (collector != null) {
                        collector.backward(y.mul(y).sum());
                    }
                }
            }
            assertArrayEquals(outputs[0], outputs[1], 0f, "training " + training);
        }
        // both moved their running statistics the same way (PyTorch in forward, MXNet in backward)
        float[][] a = values(djl);
        float[][] b = values(ours);
        for (int p = 0; p < a.length; p++) {
            assertArrayEquals(a[p], b[p], 0f, "parameter " + p);
        }
        assertFalse(java.util.Arrays.equals(MEAN, a[2]), "a trainable norm updates its running mean");
    }

    @Test
    void anUnfrozenNormNormalisesWithBatchStatisticsAgain() {
        FreezableBatchNorm norm = (FreezableBatchNorm) initialised(new FreezableBatchNorm());
        norm.freezeParameters(true);
        norm.freezeParameters(false, ParameterCount::isLearnable);
        assertFalse(norm.isFrozen());
        NDArray y;
        try (GradientCollector collector = Engine.getInstance().newGradientCollector()) {
            y = norm.forward(new ParameterStore(manager, false), new NDList(input()), true).singletonOrThrow();
            collector.backward(y.sum());
        }
        // batch statistics: each channel of (y - beta) / gamma has mean 0 and variance 1
        NDArray standard = y.sub(manager.create(BETA).reshape(1, 3, 1, 1)).div(manager.create(GAMMA).reshape(1, 3, 1, 1));
        NDArray perChannel = standard.transpose(1, 0, 2, 3).reshape(3, -1);
        float[] mean = perChannel.mean(new int[] {1}).toFloatArray();
        float[] var = perChannel.pow(2).mean(new int[] {1}).toFloatArray();
        for (int c = 0; c < 3; c++) {
            assertEquals(0, mean[c], 1e-5, "channel " + c);
            assertEquals(1, var[c], 1e-3, "channel " + c);
        }
    }

    @Test
    void savesTheBytesOfDjlBatchNormAndLoadsWhatItSaved() throws IOException, MalformedModelException {
        byte[] djl = saved(initialised(BatchNorm.builder().build()));
        FreezableBatchNorm frozen = (FreezableBatchNorm) initialised(new FreezableBatchNorm());
        frozen.freezeParameters(true);
        assertArrayEquals(djl, saved(frozen), "same file layout as DJL's BatchNorm");

        FreezableBatchNorm loaded = new FreezableBatchNorm();
        loaded.initialize(manager, DataType.FLOAT32, INPUT);
        loaded.loadParameters(manager, new DataInputStream(new ByteArrayInputStream(djl)));
        float[][] v = values(loaded);
        assertArrayEquals(GAMMA, v[0], 0f);
        assertArrayEquals(BETA, v[1], 0f);
        assertArrayEquals(MEAN, v[2], 0f);
        assertArrayEquals(VAR, v[3], 0f);

        Block back = BatchNorm.builder().build();
        back.initialize(manager, DataType.FLOAT32, INPUT);
        back.loadParameters(manager, new DataInputStream(new ByteArrayInputStream(saved(frozen))));
        assertArrayEquals(VAR, back.getParameters().get(3).getValue().getArray().toFloatArray(), 0f);
    }

    @Test
    void anUnknownEncodingVersionIsRejectedWithTheVersionsItReads() {
        byte[] bytes = {7, 0, 0, 0, 0, 0, 0, 0, 3};
        MalformedModelException e = assertThrows(MalformedModelException.class, () -> new FreezableBatchNorm()
                .loadParameters(manager, new DataInputStream(new ByteArrayInputStream(bytes))));
        assertTrue(e.getMessage().contains("7") && e.getMessage().contains("1 and 2"), e.getMessage());
    }

    @Test
    void aFreshNormIsTrainableLikeDjlBatchNorm() {
        FreezableBatchNorm norm = new FreezableBatchNorm();
        assertFalse(norm.isFrozen());
        norm.initialize(manager, DataType.FLOAT32, INPUT);
        assertEquals(4, norm.getParameters().size());
        assertEquals(Parameter.Type.RUNNING_VAR, norm.getParameters().get(3).getValue().getType());
        assertArrayEquals(new float[] {1, 1, 1}, norm.getParameters().get(0).getValue().getArray().toFloatArray(), 0f);
    }

    private byte[] saved(Block block) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            block.saveParameters(out);
        }
        return bytes.toByteArray();
    }
}
