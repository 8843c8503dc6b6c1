package org.logokit.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Block;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;

/**
 * The inference-only stand-in for a convolution and the batch norm after it ({@link
 * BatchNormFolding}): one convolution with the folded weights and bias. It has no parameters of
 * its own; an input on another device than the folded weights runs the two original layers.
 */
final class FoldedConvolution extends AbstractBlock {

    private final Conv2d conv;
    private final Block norm;
    private final NDArray weight;
    private final NDArray bias;

    FoldedConvolution(Conv2d conv, Block norm, NDArray weight, NDArray bias) {
        this.conv = conv;
        this.norm = norm;
        this.weight = weight;
        this.bias = bias;
    }

    @Override
    protected NDList forwardInternal(ParameterStore parameterStore, NDList inputs, boolean training,
            PairList<String, Object> params) {
        NDArray input = inputs.singletonOrThrow();
        // only inference reaches here: a training pass unfolds the chain before it runs
        if (!input.getDevice().equals(weight.getDevice())) {
            NDList convolved = conv.forward(parameterStore, inputs, training, params);
            return norm.forward(parameterStore, convolved, training, params);
        }
        return Conv2d.conv2d(input, weight, bias, conv.getStride(), conv.getPadding(), conv.getDilation(),
                conv.getGroups());
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        return conv.getOutputShapes(inputShapes);
    }

    @Override
    public boolean isInitialized() {
        return true;
    }
}
