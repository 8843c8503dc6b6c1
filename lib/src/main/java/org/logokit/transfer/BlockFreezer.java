package org.logokit.transfer;

import ai.djl.nn.Block;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.logokit.model.NamedSequentialBlock;
import org.logokit.model.ParameterCount;

/**
 * Freezes and unfreezes named blocks of a network ({@code "stem"}, {@code "stage1"} ...,
 * {@code "head"}) with DJL's {@link ai.djl.nn.Block#freezeParameters(boolean)}. A frozen parameter
 * gets no gradient and the optimiser skips it, so it keeps its value.
 *
 * <p>Batch norm in a frozen block depends on its kind (measured on DJL 0.35.1). A {@link
 * org.logokit.model.FreezableBatchNorm} (every batch norm of a detector's backbone) becomes a fixed
 * affine map of its saved statistics in training passes, on every engine: nothing in the block
 * changes. DJL's {@code BatchNorm} (the classifiers built by {@link org.logokit.model.ResNet})
 * still normalises with batch statistics in a training pass on both engines; PyTorch also updates
 * its running statistics in that forward pass, while MXNet updates them only in the backward pass,
 * which never runs for a frozen first block, so there they stay.
 */
public final class BlockFreezer {

    private BlockFreezer() {}

    /** Freezes the named blocks. Unknown names fail with the list of known ones. */
    public static void freeze(NamedSequentialBlock network, String... names) {
        for (String name : names) {
            network.child(name).freezeParameters(true);
        }
    }

    /** Unfreezes the named blocks. */
    public static void unfreeze(NamedSequentialBlock network, String... names) {
        for (String name : names) {
            unfreeze(network.child(name));
        }
    }

    /** Freezes every block except the named ones, which are unfrozen ("train only the head"). */
    public static void freezeAllExcept(NamedSequentialBlock network, String... trainable) {
        Set<String> keep = Set.of(trainable);
        for (String name : trainable) {
            network.child(name); // fail early on a typo
        }
        for (String name : network.names()) {
            if (keep.contains(name)) {
                unfreeze(network.child(name));
            } else {
                network.child(name).freezeParameters(true);
            }
        }
    }

    /** Unfreezes the whole network. */
    public static void unfreezeAll(NamedSequentialBlock network) {
        unfreeze(network);
    }

    /**
     * Unfreezes learnable parameters only. DJL's {@code freezeParameters(false)} would also mark
     * batch-norm running statistics as needing gradients, which PyTorch rejects ("native_batch_norm
     * is not differentiable with respect to argument 'running_mean'").
     */
    private static void unfreeze(Block block) {
        block.freezeParameters(false, ParameterCount::isLearnable);
    }

    /** Returns the names of blocks whose parameters are all frozen (blocks without any are skipped). */
    public static List<String> frozenBlocks(NamedSequentialBlock network) {
        List<String> frozen = new ArrayList<>();
        for (String name : network.names()) {
            var params = network.child(name).getParameters();
            if (!params.isEmpty() && params.values().stream()
                    .filter(ParameterCount::isLearnable).noneMatch(p -> p.requiresGradient())) {
                frozen.add(name);
            }
        }
        return frozen;
    }
}
