package org.logokit.model;

import ai.djl.nn.Activation;
import ai.djl.nn.Blocks;
import ai.djl.nn.core.Linear;

/**
 * A multi-layer perceptron that flattens the image: the chapter's foil for the CNN. On a
 * 224x224 grey image with 30 hidden units its first layer alone has 50,176·30 weights + 30 biases,
 * where a convolution with 30 3x3 kernels has 30·(9+1). Blocks: {@code hidden}, {@code head}.
 */
public final class Mlp {

    private Mlp() {}

    /**
     * Builds flatten -> dense(hiddenUnits), ReLU -> dense(numClasses).
     *
     * @throws IllegalArgumentException for non-positive sizes
     */
    public static NamedSequentialBlock build(int hiddenUnits, int numClasses) {
        if (hiddenUnits <= 0 || numClasses <= 0) {
            throw new IllegalArgumentException("hiddenUnits and numClasses must be positive");
        }
        return new NamedSequentialBlock()
                .add("hidden", new ai.djl.nn.SequentialBlock()
                        .add(Blocks.batchFlattenBlock())
                        .add(Linear.builder().setUnits(hiddenUnits).build())
                        .add(Activation::relu))
                .add("head", Linear.builder().setUnits(numClasses).build());
    }
}
