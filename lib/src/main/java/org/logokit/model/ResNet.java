package org.logokit.model;

import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.Block;
import ai.djl.nn.Blocks;
import ai.djl.nn.core.Linear;
import ai.djl.nn.norm.BatchNorm;
import ai.djl.nn.pooling.Pool;
import java.util.function.Supplier;

/**
 * Builds ImageNet-style ResNet-18 networks with named blocks {@code stem}, {@code stage1} ...
 * {@code stage4} and {@code head}.
 *
 * <p>{@link #resnet18(int)} is the real architecture (torchvision's {@code resnet18}): a 7x7/2
 * convolution with 64 channels, BN, ReLU and a 3x3/2 max pool ({@code stem}); four stages of two
 * {@link BasicBlock}s with 64, 128, 256 and 512 channels, each later stage halving the feature
 * map; then global average pooling and one fully connected layer ({@code head}). It has
 * 11,689,512 learnable parameters with 1,000 classes and 11,193,441 with 33 (FlickrLogos-32's 32
 * brands plus no-logo). DJL's basicmodelzoo {@code ResNetV1} with 18 layers is a much narrower
 * CIFAR-style net (0.92 M parameters), which is why the kit builds its own.
 *
 * <p>{@link #small(int)} keeps the topology but divides every width by four (16/32/64/128
 * channels, about 0.7 M parameters): it trains in seconds on a laptop CPU and is used for smoke runs
 * and for the offline "pretraining" on synthetic logos.
 */
public final class ResNet {

    /** Names of the blocks of every network built here, in order. */
    public static final String STEM = "stem";
    /** Name of the classifier block (global average pool, flatten, fully connected). */
    public static final String HEAD = "head";

    private ResNet() {}

    /** Returns the real ResNet-18 with a head for {@code numClasses} classes. */
    public static NamedSequentialBlock resnet18(int numClasses) {
        return build(64, numClasses);
    }

    /** Returns the quarter-width ResNet-18 (16/32/64/128 channels) for quick CPU runs. */
    public static NamedSequentialBlock small(int numClasses) {
        return build(16, numClasses);
    }

    /**
     * Builds a ResNet-18 topology whose first stage has {@code baseWidth} channels (64 for the
     * real network); later stages double it.
     *
     * @throws IllegalArgumentException for a non-positive width or class count
     */
    public static NamedSequentialBlock build(int baseWidth, int numClasses) {
        if (baseWidth <= 0 || numClasses <= 0) {
            throw new IllegalArgumentException("baseWidth and numClasses must be positive, got "
                    + baseWidth + " and " + numClasses);
        }
        NamedSequentialBlock net = new NamedSequentialBlock();
        Supplier<Block> norm = () -> BatchNorm.builder().build();
        net.add(STEM, stem(baseWidth, norm));
        for (int stage = 1; stage <= 4; stage++) {
            net.add(stageName(stage), stage(stage, baseWidth, norm));
        }
        net.add(HEAD, head(numClasses));
        return net;
    }

    /**
     * The stem of a network with {@code baseWidth} channels: 7x7/2 convolution, batch norm from
     * {@code norm}, ReLU, 3x3/2 max pool. {@link #build} uses DJL's {@code BatchNorm}; a detector's
     * backbone passes {@link FreezableBatchNorm}, which saves in the same format.
     */
    public static Block stem(int baseWidth, Supplier<? extends Block> norm) {
        return new ReleasingSequentialBlock()
                .add(BasicBlock.conv(baseWidth, 7, 2, 3))
                .add(norm.get())
                .add(Activation::relu)
                .add(Pool.maxPool2dBlock(new Shape(3, 3), new Shape(2, 2), new Shape(1, 1)));
    }

    /**
     * Stage 1..4 of a network with {@code baseWidth} channels in stage 1: two {@link BasicBlock}s,
     * the first halving the map (stages 2..4) through a projection shortcut.
     */
    public static Block stage(int stage, int baseWidth, Supplier<? extends Block> norm) {
        return stage(stage, baseWidth, norm, 1);
    }

    /**
     * Stage 2..4 with its halving replaced by dilation (torchvision's
     * {@code replace_stride_with_dilation}): the first convolution keeps stride 1 and the dilation
     * of the stage before ({@code dilation / 2}), every later 3x3 convolution of the stage is dilated
     * by {@code dilation}. The map keeps the size of the stage before; parameters are those of
     * {@link #stage(int, int, Supplier)}.
     *
     * @param dilation 1 for the ordinary stage, else 2 (the first stage that keeps its map) or 4
     *     (the second)
     */
    public static Block stage(int stage, int baseWidth, Supplier<? extends Block> norm, int dilation) {
        if (stage < 1 || stage > 4) {
            throw new IllegalArgumentException("A ResNet-18 has stages 1 to 4, not " + stage);
        }
        if (dilation != 1 && (stage == 1 || (dilation != 2 && dilation != 4))) {
            throw new IllegalArgumentException("stage " + stage + " cannot be dilated by " + dilation
                    + " (stages 2-4 take 2 or 4)");
        }
        int channels = baseWidth << (stage - 1);
        int stride = stage == 1 || dilation > 1 ? 1 : 2;
        int first = Math.max(1, dilation / 2);
        return new ReleasingSequentialBlock()
                .add(new BasicBlock(channels, stride, stage != 1, norm, first, dilation))
                .add(new BasicBlock(channels, 1, false, norm, dilation, dilation));
    }

    /** Returns {@code "stage1"} ... {@code "stage4"}. */
    public static String stageName(int stage) {
        return "stage" + stage;
    }

    /**
     * Returns a fresh classifier head: global average pooling, flatten, and a fully connected
     * layer with {@code numClasses} outputs.
     */
    public static Block head(int numClasses) {
        return new ReleasingSequentialBlock()
                .add(Pool.globalAvgPool2dBlock())
                .add(Blocks.batchFlattenBlock())
                .add(Linear.builder().setUnits(numClasses).build());
    }
}
