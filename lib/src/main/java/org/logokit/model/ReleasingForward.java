package org.logokit.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Block;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import java.util.IdentityHashMap;
import java.util.Map;

/**
 * Runs a block in inference so that the arrays it creates on the way are freed as soon as it
 * returns: only its outputs survive.
 *
 * <p>Why: DJL attaches every operator's output to the manager of its first input, so a plain
 * forward pass keeps every intermediate array of the whole network alive until the caller closes
 * that manager. At batch 16 and 224 × 224 that is about 600 MB for ResNet-18, where Python frees
 * each activation as soon as nothing refers to it. Running each link of a chain through this class
 * holds at most one link's intermediates at a time.
 *
 * <p>How: the inputs are temporarily attached to a fresh sub-manager (so the block's operators put
 * their outputs there), the outputs are moved to the inputs' own manager, and the sub-manager is
 * closed, which frees everything else and hands the inputs back. In training nothing is released:
 * the block runs as usual (the autograd graph and the loss work with its arrays).
 *
 * <p>Only large arrays are worth it: a scope costs tens of microseconds, which at batch 1 (every
 * ResNet-18 activation under a million elements) would slow inference by about a tenth for no
 * memory worth saving. A block whose first input has fewer than {@link #RELEASE_FROM_ELEMENTS}
 * elements runs as a plain forward.
 */
public final class ReleasingForward {

    /** Inputs with at least this many elements (4 MB of float32) get a releasing scope. */
    public static final long RELEASE_FROM_ELEMENTS = 1L << 20;

    private ReleasingForward() {}

    /**
     * Forwards {@code inputs} through {@code block}; in inference ({@code training == false}) every
     * array the block creates, except its outputs, is closed before this returns. The outputs land
     * in the manager of the first input, as in a plain forward.
     */
    public static NDList forward(Block block, ParameterStore parameterStore, NDList inputs, boolean training,
            PairList<String, Object> params) {
        if (!releases(inputs, training)) {
            return block.forward(parameterStore, inputs, training, params);
        }
        NDManager home = inputs.head().getManager();
        NDList outputs;
        try (NDManager scope = home.newSubManager()) {
            for (NDArray input : inputs) {
                input.tempAttach(scope);
            }
            outputs = block.forward(parameterStore, inputs, false, params);
            for (NDArray output : outputs) {
                output.attach(home);
            }
        }
        return outputs;
    }

    /**
     * Forwards through a chain of blocks, each link's output feeding the next; in inference each
     * link's intermediates are freed when it returns, and each link's outputs when the next link
     * has used them. The caller's {@code inputs} are never closed.
     */
    public static NDList chain(Iterable<Block> links, ParameterStore parameterStore, NDList inputs, boolean training,
            PairList<String, Object> params) {
        NDList current = inputs;
        for (Block link : links) {
            boolean releasing = releases(current, training);
            NDList next = forward(link, parameterStore, current, training, params);
            if (releasing && current != inputs) {
                closeUnlessKept(current, inputs, next);
            }
            current = next;
        }
        return current;
    }

    private static boolean releases(NDList inputs, boolean training) {
        return !training && !inputs.isEmpty() && inputs.head().size() >= RELEASE_FROM_ELEMENTS;
    }

    /** Closes the arrays of {@code used} that are neither caller inputs nor passed on (a link may return its input). */
    private static void closeUnlessKept(NDList used, NDList inputs, NDList next) {
        Map<NDArray, Boolean> kept = new IdentityHashMap<>();
        for (NDArray a : inputs) {
            kept.put(a, true);
        }
        for (NDArray a : next) {
            kept.put(a, true);
        }
        for (NDArray a : used) {
            if (!kept.containsKey(a)) {
                a.close();
            }
        }
    }
}
