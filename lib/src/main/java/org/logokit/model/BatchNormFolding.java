package org.logokit.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.nn.norm.BatchNorm;
import java.lang.reflect.Field;

/**
 * Inference with every "convolution, then batch norm" pair of a network computed as one
 * convolution, as inference runtimes (and PyTorch's {@code fuse_conv_bn_eval}) do.
 *
 * <p>Why: in inference a batch norm is a fixed per-channel affine map, {@code y = x * s + t} with
 * {@code s = gamma / sqrt(runningVar + eps)} and {@code t = beta - runningMean * s}. Applied to a
 * convolution's output it equals one convolution with weights {@code W * s} (each output channel's
 * filter scaled) and bias {@code b * s + t}. A ResNet-18 then runs 20 operators fewer per image;
 * at batch 1 each operator has a fixed cost in the engine (tens of microseconds on MXNet) and the
 * batch norm reads and writes the whole activation once more.
 *
 * <p>How: {@link #fold} visits the block tree and, in each {@link ReleasingSequentialBlock} (the
 * chains ResNet's stem, stages and basic blocks and the detectors' conv-BN-ReLU layers are made
 * of), replaces each {@code Conv2d} directly followed by a {@link FreezableBatchNorm} or DJL
 * {@link BatchNorm} with a folded convolution, for inference passes only. The parameters, the saved
 * files and training are untouched: the folded weights are a copy, made once. A training pass
 * through a folded chain drops the copy first and trains the real layers (the weights are about to
 * change); loading parameters does the same. Weights changed by hand afterwards need
 * {@link #fold} again (or {@link #unfold}).
 *
 * <p>Numbers: the folded pass equals the unfolded one up to float rounding (about 1e-6 relative;
 * the tests compare both on both engines). Memory: one copy of the folded convolutions' weights.
 */
public final class BatchNormFolding {

    private BatchNormFolding() {}

    /**
     * Folds every convolution + batch norm pair under {@code root} for inference.
     *
     * @return the number of pairs folded (0 if the network is not initialised or has none)
     */
    public static int fold(Block root) {
        int pairs = 0;
        if (root instanceof ReleasingSequentialBlock chain) {
            pairs += chain.fold();
        }
        for (Block child : root.getChildren().values()) {
            pairs += fold(child);
        }
        return pairs;
    }

    /** Drops every folded copy under {@code root}: inference runs the layers one by one again. */
    public static void unfold(Block root) {
        if (root instanceof ReleasingSequentialBlock chain) {
            chain.unfold();
        }
        for (Block child : root.getChildren().values()) {
            unfold(child);
        }
    }

    /** True when some chain under {@code root} runs folded (after {@link #fold}, before training or {@link #unfold}). */
    public static boolean isFolded(Block root) {
        if (root instanceof ReleasingSequentialBlock chain && chain.isFolded()) {
            return true;
        }
        for (Block child : root.getChildren().values()) {
            if (isFolded(child)) {
                return true;
            }
        }
        return false;
    }

    /** True when {@code conv} followed by {@code norm} can be folded: both initialised, a known batch norm. */
    static boolean foldable(Block conv, Block norm) {
        return conv instanceof Conv2d && conv.isInitialized() && norm.isInitialized() && statistics(norm) != null;
    }

    /**
     * The folded convolution of a foldable pair, its weights in {@code manager}.
     *
     * @param conv the convolution
     * @param norm the batch norm that follows it
     */
    static FoldedConvolution foldPair(Conv2d conv, Block norm, NDManager manager) {
        Statistics bn = statistics(norm);
        NDArray weight = conv.getParameters().get("weight").getArray();
        NDArray convBias = conv.isIncludeBias() ? conv.getParameters().get("bias").getArray() : null;
        try (NDManager scratch = manager.newSubManager()) {
            // the inputs join the scratch manager for the duration, so every intermediate lands there
            for (NDArray a : new NDArray[] {weight, convBias, bn.gamma(), bn.beta(), bn.mean(), bn.var()}) {
                if (a != null) {
                    a.tempAttach(scratch);
                }
            }
            NDArray[] map = FreezableBatchNorm.scaleAndShift(bn.gamma(), bn.beta(), bn.mean(), bn.var(), bn.epsilon());
            NDArray scale = map[0];
            NDArray shift = map[1];
            if (convBias != null) {
                shift = shift.add(convBias.mul(scale));
            }
            NDArray foldedWeight = weight.mul(scale.reshape(new Shape(-1, 1, 1, 1)));
            foldedWeight.attach(manager);
            shift.attach(manager);
            return new FoldedConvolution(conv, norm, foldedWeight, shift);
        }
    }

    /** A batch norm's inference statistics, or null when it is not one this class can fold. */
    private static Statistics statistics(Block norm) {
        float epsilon;
        if (norm instanceof FreezableBatchNorm) {
            epsilon = FreezableBatchNorm.EPSILON;
        } else if (norm instanceof BatchNorm djl) {
            Float read = djlEpsilon(djl);
            if (read == null) {
                return null;
            }
            epsilon = read;
        } else {
            return null;
        }
        NDArray gamma = array(norm, "gamma");
        NDArray beta = array(norm, "beta");
        NDArray mean = array(norm, "runningMean");
        NDArray var = array(norm, "runningVar");
        if (gamma == null || beta == null || mean == null || var == null || gamma.getShape().dimension() != 1) {
            return null;
        }
        return new Statistics(gamma, beta, mean, var, epsilon);
    }

    private static NDArray array(Block block, String name) {
        Parameter p = block.getParameters().get(name);
        return p == null || !p.isInitialized() ? null : p.getArray();
    }

    /**
     * The epsilon of a DJL {@code BatchNorm} over the channel axis (1) with scale and shift, which
     * is how the kit builds them; null for any other configuration or if DJL's fields moved
     * (then the pair is simply not folded). DJL has no getters for them.
     */
    private static Float djlEpsilon(BatchNorm norm) {
        try {
            if (field(norm, "axis").getInt(norm) != 1 || !field(norm, "center").getBoolean(norm)
                    || !field(norm, "scale").getBoolean(norm)) {
                return null;
            }
            return field(norm, "epsilon").getFloat(norm);
        } catch (ReflectiveOperationException | RuntimeException e) {
            return null;
        }
    }

    private static Field field(BatchNorm norm, String name) throws NoSuchFieldException {
        Field f = BatchNorm.class.getDeclaredField(name);
        f.setAccessible(true);
        return f;
    }

    private record Statistics(NDArray gamma, NDArray beta, NDArray mean, NDArray var, float epsilon) {}
}
