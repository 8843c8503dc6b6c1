package org.logokit.model;

import ai.djl.ndarray.types.Shape;
import java.util.List;

/**
 * Rebuilds a network from its architecture name, so that a saved model can be loaded into a fresh
 * block. Names: {@value #RESNET18}, {@value #RESNET18_SMALL}, {@value #SEED_CNN}, {@value #MLP}.
 */
public final class Architectures {

    /** The real ImageNet ResNet-18 ({@link ResNet#resnet18(int)}). */
    public static final String RESNET18 = "resnet18";
    /** The quarter-width ResNet-18 ({@link ResNet#small(int)}). */
    public static final String RESNET18_SMALL = "resnet18-small";
    /** The chapter-2 CNN ({@link SeedCnn#build(int)}). */
    public static final String SEED_CNN = "seed-cnn";
    /** A one-hidden-layer perceptron with 30 hidden units ({@link Mlp#build(int, int)}). */
    public static final String MLP = "mlp";

    private Architectures() {}

    /** Returns every known architecture name. */
    public static List<String> names() {
        return List.of(RESNET18, RESNET18_SMALL, SEED_CNN, MLP);
    }

    /**
     * Builds an uninitialised network for the spec's architecture and class count.
     *
     * @throws IllegalArgumentException for an unknown name; the message lists the known ones
     */
    public static NamedSequentialBlock create(ModelSpec spec) {
        int classes = spec.numClasses();
        switch (spec.architecture()) {
            case RESNET18:
                return ResNet.resnet18(classes);
            case RESNET18_SMALL:
                return ResNet.small(classes);
            case SEED_CNN:
                SeedCnn.requireFits(spec.imageSize());
                return SeedCnn.build(classes);
            case MLP:
                return Mlp.build(30, classes);
            default:
                throw new IllegalArgumentException("Unknown architecture '" + spec.architecture()
                        + "'; known: " + names());
        }
    }

    /** Returns the input shape {@code (1, 3, size, size)} for a spec. */
    public static Shape inputShape(ModelSpec spec) {
        return new Shape(1, 3, spec.imageSize(), spec.imageSize());
    }
}
