package org.logokit.model;

import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.Blocks;
import ai.djl.nn.Parameter;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.nn.core.Linear;
import ai.djl.nn.pooling.Pool;
import ai.djl.training.initializer.XavierInitializer;
import ai.djl.training.initializer.XavierInitializer.FactorType;
import ai.djl.training.initializer.XavierInitializer.RandomType;

/**
 * The convolutional network the course trains from scratch on logos (the chapter-2 CNN):
 *
 * <pre>
 *   conv 96 11x11 stride 4, ReLU -> max pool 3/2 -> conv 192 5x5, ReLU -> max pool 3/2
 *   -> flatten -> dense 4096, ReLU -> dense numClasses
 * </pre>
 *
 * <p>No padding anywhere, as in the original Gluon code; weights start from Xavier (uniform,
 * averaged fan, magnitude 2.24). Blocks are named {@code features} (the convolutional part) and
 * {@code head} (the dense layers).
 *
 * <p>Without padding the image must be at least {@value #MIN_IMAGE_SIZE} pixels wide: at 224x224
 * the feature map before the dense layer is 192x10x10 and the network has about 80 M parameters,
 * almost all in the first dense layer; at 96x96 it is 192x2x2.
 */
public final class SeedCnn {

    /** Smallest square input for which every layer still has an output pixel. */
    public static final int MIN_IMAGE_SIZE = 67;

    private SeedCnn() {}

    /**
     * Builds the network.
     *
     * @param numClasses number of classes (33 for FlickrLogos-32)
     */
    public static NamedSequentialBlock build(int numClasses) {
        return build(numClasses, 4096);
    }

    /**
     * Builds the network with a custom width of the hidden dense layer (4096 in the original).
     *
     * @throws IllegalArgumentException for non-positive sizes
     */
    public static NamedSequentialBlock build(int numClasses, int hiddenUnits) {
        if (numClasses <= 0 || hiddenUnits <= 0) {
            throw new IllegalArgumentException("numClasses and hiddenUnits must be positive");
        }
        SequentialBlock features = new SequentialBlock()
                .add(Conv2d.builder().setFilters(96).setKernelShape(new Shape(11, 11))
                        .optStride(new Shape(4, 4)).build())
                .add(Activation::relu)
                .add(Pool.maxPool2dBlock(new Shape(3, 3), new Shape(2, 2)))
                .add(Conv2d.builder().setFilters(192).setKernelShape(new Shape(5, 5)).build())
                .add(Activation::relu)
                .add(Pool.maxPool2dBlock(new Shape(3, 3), new Shape(2, 2)));
        SequentialBlock head = new SequentialBlock()
                .add(Blocks.batchFlattenBlock())
                .add(Linear.builder().setUnits(hiddenUnits).build())
                .add(Activation::relu)
                .add(Linear.builder().setUnits(numClasses).build());
        NamedSequentialBlock net = new NamedSequentialBlock().add("features", features).add("head", head);
        net.setInitializer(new XavierInitializer(RandomType.UNIFORM, FactorType.AVG, 2.24f),
                Parameter.Type.WEIGHT);
        return net;
    }

    /**
     * Checks that a square image of the given size fits the network.
     *
     * @throws IllegalArgumentException naming the minimum size when it does not
     */
    public static void requireFits(int imageSize) {
        if (imageSize < MIN_IMAGE_SIZE) {
            throw new IllegalArgumentException("The seed CNN has no padding and needs images of at least "
                    + MIN_IMAGE_SIZE + "x" + MIN_IMAGE_SIZE + " pixels; got " + imageSize
                    + ". Use a larger image size (e.g. 96) or the small ResNet.");
        }
    }
}
