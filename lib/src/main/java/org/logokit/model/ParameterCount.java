package org.logokit.model;

import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.util.Pair;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Counts the parameters of an initialised block.
 *
 * <p>"Learnable" parameters are the ones an optimiser may change: weights, biases and batch-norm
 * scale/shift. Batch-norm running means and variances are statistics, not learned by gradient
 * descent, and are left out, as in torchvision's {@code sum(p.numel() for p in
 * model.parameters())}. "Trainable" is the learnable subset that is not frozen right now.
 */
public final class ParameterCount {

    private ParameterCount() {}

    /** Returns the number of learnable scalars in the block. */
    public static long learnable(Block block) {
        long total = 0;
        for (Pair<String, Parameter> p : checked(block).getParameters()) {
            if (isLearnable(p.getValue())) {
                total += size(p.getValue());
            }
        }
        return total;
    }

    /** Returns the number of learnable scalars that are not frozen. */
    public static long trainable(Block block) {
        long total = 0;
        for (Pair<String, Parameter> p : checked(block).getParameters()) {
            if (isLearnable(p.getValue()) && p.getValue().requiresGradient()) {
                total += size(p.getValue());
            }
        }
        return total;
    }

    /**
     * Returns the learnable scalars of each named link of a {@link NamedSequentialBlock}, in order.
     */
    public static Map<String, Long> byBlock(NamedSequentialBlock block) {
        Map<String, Long> counts = new LinkedHashMap<>();
        for (String name : block.names()) {
            counts.put(name, learnable(block.child(name)));
        }
        return counts;
    }

    /** Returns true for weights, biases, gammas and betas; false for running statistics. */
    public static boolean isLearnable(Parameter parameter) {
        Parameter.Type type = parameter.getType();
        return type != Parameter.Type.RUNNING_MEAN && type != Parameter.Type.RUNNING_VAR;
    }

    private static long size(Parameter parameter) {
        return parameter.getArray().getShape().size();
    }

    private static Block checked(Block block) {
        if (!block.isInitialized()) {
            throw new IllegalStateException("The block has no parameter shapes yet: call "
                    + "block.initialize(manager, DataType.FLOAT32, new Shape(1, 3, H, W)) first.");
        }
        return block;
    }
}
