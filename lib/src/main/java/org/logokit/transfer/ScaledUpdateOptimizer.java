package org.logokit.transfer;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Parameter;
import ai.djl.training.optimizer.Optimizer;
import ai.djl.util.Pair;
import java.util.HashMap;
import java.util.Map;
import org.logokit.model.NamedSequentialBlock;

/**
 * Gives some blocks a smaller learning rate than others, e.g. a pretrained backbone 0.1x the
 * head's rate while fine-tuning.
 *
 * <p>DJL optimisers have one learning rate for all parameters (no per-parameter groups as in
 * PyTorch). This wrapper lets the wrapped optimiser compute its normal step, then shrinks that step
 * for the chosen parameters: {@code w_new = w_old + m · (w_step - w_old)} with multiplier
 * {@code m}. For plain SGD that is exactly SGD with learning rate {@code m · lr} (weight decay
 * included); with momentum or Adam the step is scaled after the optimiser's own state update,
 * which is the usual "layer-wise learning rate" behaviour. Parameters not listed use {@code m = 1}.
 * Parameters are recognised by DJL's parameter ids, the key optimisers are called with.
 */
public final class ScaledUpdateOptimizer extends Optimizer {

    private final Optimizer delegate;
    private final Map<String, Float> multipliers;

    private ScaledUpdateOptimizer(Optimizer delegate, Map<String, Float> multipliers) {
        super(new NoOptions());
        this.delegate = delegate;
        this.multipliers = Map.copyOf(multipliers);
    }

    /**
     * Wraps an optimiser so that the named blocks learn {@code multiplier} times as fast.
     *
     * @param delegate the optimiser that computes steps (e.g. SGD at the head's learning rate)
     * @param network the network whose blocks are named
     * @param multiplier step scale for the named blocks, in (0, 1] to learn more slowly
     * @param blocks names of the blocks to slow down, e.g. "stem", "stage1" ... "stage4"
     */
    public static ScaledUpdateOptimizer forBlocks(Optimizer delegate, NamedSequentialBlock network,
            float multiplier, String... blocks) {
        if (!(multiplier > 0) || multiplier > 1) {
            throw new IllegalArgumentException("multiplier must be in (0, 1], got " + multiplier
                    + "; to stop a block from learning, freeze it instead");
        }
        Map<String, Float> byId = new HashMap<>();
        for (String name : blocks) {
            for (Pair<String, Parameter> p : network.child(name).getParameters()) {
                byId.put(p.getValue().getId(), multiplier);
            }
        }
        return new ScaledUpdateOptimizer(delegate, byId);
    }

    /** Returns the multiplier for a parameter id (1 when it is not scaled). */
    public float multiplier(String parameterId) {
        return multipliers.getOrDefault(parameterId, 1f);
    }

    @Override
    public void update(String parameterId, NDArray weight, NDArray grad) {
        float m = multiplier(parameterId);
        if (m == 1f) {
            delegate.update(parameterId, weight, grad);
            return;
        }
        try (NDManager scratch = weight.getManager().newSubManager()) {
            NDArray before = weight.duplicate();
            before.attach(scratch);
            delegate.update(parameterId, weight, grad);
            // weight := before + m * (weight - before), in place so the parameter keeps its array
            NDArray shrink = weight.sub(before).mul(1f - m);
            shrink.attach(scratch);
            weight.subi(shrink);
        }
    }

    /** The wrapper has no options of its own; the delegate carries them. */
    private static final class NoOptions extends OptimizerBuilder<NoOptions> {
        @Override
        protected NoOptions self() {
            return this;
        }
    }
}
