package org.logokit.model;

import ai.djl.ndarray.NDList;
import ai.djl.nn.SequentialBlock;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;

/**
 * DJL's {@link SequentialBlock} whose inference pass frees each link's arrays as soon as the next
 * link has used them ({@link ReleasingForward#chain}), as Python frees an activation nobody refers
 * to any more. Training passes, parameters, saved files and output are exactly those of a
 * {@code SequentialBlock}: a model saved with one loads into the other.
 */
public class ReleasingSequentialBlock extends SequentialBlock {

    @Override
    protected NDList forwardInternal(ParameterStore parameterStore, NDList inputs, boolean training,
            PairList<String, Object> params) {
        return ReleasingForward.chain(children.values(), parameterStore, inputs, training, params);
    }
}
