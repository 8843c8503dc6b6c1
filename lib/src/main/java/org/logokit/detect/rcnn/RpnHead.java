package org.logokit.detect.rcnn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Activation;
import ai.djl.nn.Parameter;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.training.ParameterStore;
import ai.djl.training.initializer.NormalInitializer;
import ai.djl.util.PairList;

/**
 * The region proposal network's head (Faster R-CNN, seed 002): a 3 × 3 convolution with ReLU, then
 * two sibling 1 × 1 convolutions, one objectness logit and four box deltas (dx, dy, dw, dh) for
 * each of the A anchors at every feature cell. The same weights run over every level of the input
 * list, as torchvision's {@code RPNHead} does on a pyramid.
 *
 * <p>Output order matches {@link org.logokit.anchor.AnchorGenerator}: level by level, then rows,
 * columns, and the A anchors of a location; so anchor {@code n} of the generator and row {@code n}
 * of the outputs belong together. Weights start from N(0, 0.01), biases from 0 (torchvision).
 */
public final class RpnHead extends AbstractBlock {
    private static final byte VERSION = 1;

    private final int anchorsPerLocation;
    private final Conv2d conv;
    private final Conv2d objectness;
    private final Conv2d boxDeltas;

    /**
     * @param channels filters of the 3 × 3 convolution (torchvision: the input's channels; the
     *     paper: 512 for VGG)
     * @param anchorsPerLocation A, anchors per feature cell (9 for 3 sizes × 3 ratios)
     */
    public RpnHead(int channels, int anchorsPerLocation) {
        super(VERSION);
        if (channels < 1 || anchorsPerLocation < 1) {
            throw new IllegalArgumentException("channels and anchorsPerLocation must be positive, got "
                    + channels + " and " + anchorsPerLocation);
        }
        this.anchorsPerLocation = anchorsPerLocation;
        conv = addChildBlock("conv", Conv2d.builder().setFilters(channels).setKernelShape(new Shape(3, 3))
                .optPadding(new Shape(1, 1)).build());
        objectness = addChildBlock("objectness", Conv2d.builder().setFilters(anchorsPerLocation)
                .setKernelShape(new Shape(1, 1)).build());
        boxDeltas = addChildBlock("box", Conv2d.builder().setFilters(4 * anchorsPerLocation)
                .setKernelShape(new Shape(1, 1)).build());
        setInitializer(new NormalInitializer(0.01f), Parameter.Type.WEIGHT);
    }

    /** A, anchors per location. */
    public int anchorsPerLocation() {
        return anchorsPerLocation;
    }

    /**
     * @param inputs one (B, C, H_l, W_l) map per level
     * @return NDList(objectness logits (B, N), box deltas (B, N, 4)) with N = sum of H_l W_l A
     */
    @Override
    protected NDList forwardInternal(ParameterStore parameterStore, NDList inputs, boolean training,
            PairList<String, Object> params) {
        NDList logits = new NDList();
        NDList deltas = new NDList();
        int a = anchorsPerLocation;
        for (NDArray level : inputs) {
            long b = level.getShape().get(0);
            long h = level.getShape().get(2);
            long w = level.getShape().get(3);
            NDArray hidden = conv.forward(parameterStore, new NDList(level), training, params).head();
            hidden = Activation.relu(hidden);
            NDArray score = objectness.forward(parameterStore, new NDList(hidden), training, params).head();
            NDArray box = boxDeltas.forward(parameterStore, new NDList(hidden), training, params).head();
            // (B, A, H, W) -> (B, H, W, A): location-major like the anchors
            logits.add(score.transpose(0, 2, 3, 1).reshape(b, h * w * a));
            // (B, A*4, H, W) -> (B, A, 4, H, W) -> (B, H, W, A, 4)
            deltas.add(box.reshape(b, a, 4, h, w).transpose(0, 3, 4, 1, 2).reshape(b, h * w * a, 4));
        }
        if (logits.size() == 1) {
            return new NDList(logits.head(), deltas.head());
        }
        return new NDList(NDArrays.concat(logits, 1), NDArrays.concat(deltas, 1));
    }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
        Shape level = inputShapes[0];
        conv.initialize(manager, dataType, level);
        Shape hidden = conv.getOutputShapes(new Shape[] {level})[0];
        objectness.initialize(manager, dataType, hidden);
        boxDeltas.initialize(manager, dataType, hidden);
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        long b = inputShapes[0].get(0);
        long n = 0;
        for (Shape level : inputShapes) {
            n += level.get(2) * level.get(3) * anchorsPerLocation;
        }
        return new Shape[] {new Shape(b, n), new Shape(b, n, 4)};
    }
}
