package org.logokit.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Activation;
import ai.djl.nn.Block;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.nn.norm.BatchNorm;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import java.util.function.Supplier;

/**
 * The residual unit of ResNet-18 and ResNet-34 (He et al. 2015, "v1"): two 3x3 convolutions with
 * batch normalisation, added to a shortcut, then ReLU.
 *
 * <pre>
 *   x ─ conv3x3(stride) ─ BN ─ ReLU ─ conv3x3 ─ BN ─(+)─ ReLU
 *   └────────────── shortcut ─────────────────────┘
 * </pre>
 *
 * <p>The shortcut is the identity when the shape does not change; otherwise it is a 1x1
 * convolution with the same stride followed by BN ("projection shortcut"). Convolutions have no
 * bias because the BN that follows has its own shift. Parameter order (body, then shortcut)
 * matches torchvision and Gluon, which lets pretrained weights be copied in order.
 */
public class BasicBlock extends AbstractBlock {

    private static final byte VERSION = 1;

    private final Block body;
    private final Block shortcut;

    /**
     * Creates a basic block.
     *
     * @param channels output channels of both convolutions
     * @param stride stride of the first convolution (2 halves the feature map)
     * @param project true to give the shortcut a 1x1 convolution (needed when stride or channels
     *     change)
     */
    public BasicBlock(int channels, int stride, boolean project) {
        this(channels, stride, project, () -> BatchNorm.builder().build());
    }

    /**
     * Creates a basic block whose three batch norms come from {@code norm}, e.g. a {@link
     * FreezableBatchNorm} for a detector's backbone.
     */
    public BasicBlock(int channels, int stride, boolean project, Supplier<? extends Block> norm) {
        this(channels, stride, project, norm, 1, 1);
    }

    /**
     * Creates a basic block with dilated 3x3 convolutions (a backbone that keeps a finer map, as
     * DeepLab and torchvision's {@code replace_stride_with_dilation} do). Dilation spreads a kernel's
     * taps {@code d} pixels apart, so a layer sees as far as the strided network did without halving
     * the map; the parameters keep their shapes, so pretrained weights load unchanged.
     *
     * @param firstDilation dilation of the first 3x3 convolution
     * @param dilation dilation of the second
     */
    public BasicBlock(int channels, int stride, boolean project, Supplier<? extends Block> norm, int firstDilation,
            int dilation) {
        super(VERSION);
        if (firstDilation < 1 || dilation < 1) {
            throw new IllegalArgumentException("dilations must be >= 1, got " + firstDilation + " and " + dilation);
        }
        body = new ReleasingSequentialBlock()
                .add(conv3x3(channels, stride, firstDilation))
                .add(norm.get())
                .add(Activation::relu)
                .add(conv3x3(channels, 1, dilation))
                .add(norm.get());
        addChildBlock("body", body);
        if (project) {
            shortcut = new ReleasingSequentialBlock()
                    .add(conv(channels, 1, stride, 0))
                    .add(norm.get());
            addChildBlock("shortcut", shortcut);
        } else {
            shortcut = null;
        }
    }

    /** A 3x3 convolution without bias whose padding keeps the map size (divided by the stride). */
    static Conv2d conv3x3(int channels, int stride, int dilation) {
        return Conv2d.builder()
                .setFilters(channels)
                .setKernelShape(new Shape(3, 3))
                .optStride(new Shape(stride, stride))
                .optPadding(new Shape(dilation, dilation))
                .optDilation(new Shape(dilation, dilation))
                .optBias(false)
                .build();
    }

    static Conv2d conv(int channels, int kernel, int stride, int padding) {
        return Conv2d.builder()
                .setFilters(channels)
                .setKernelShape(new Shape(kernel, kernel))
                .optStride(new Shape(stride, stride))
                .optPadding(new Shape(padding, padding))
                .optBias(false)
                .build();
    }

    @Override
    protected NDList forwardInternal(
            ParameterStore parameterStore,
            NDList inputs,
            boolean training,
            PairList<String, Object> params) {
        // body and shortcut free their intermediates in inference; here the sum goes once ReLU has it
        NDArray main = body.forward(parameterStore, inputs, training, params).singletonOrThrow();
        NDArray identity = shortcut == null
                ? inputs.singletonOrThrow()
                : shortcut.forward(parameterStore, inputs, training, params).singletonOrThrow();
        NDArray sum = main.add(identity);
        NDArray out = Activation.relu(sum);
        if (!training && sum.size() >= ReleasingForward.RELEASE_FROM_ELEMENTS) {
            sum.close();
            main.close();
            if (shortcut != null) {
                identity.close();
            }
        }
        return new NDList(out);
    }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
        body.initialize(manager, dataType, inputShapes);
        if (shortcut != null) {
            shortcut.initialize(manager, dataType, inputShapes);
        }
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        return body.getOutputShapes(inputShapes);
    }
}
