package org.logokit.model;

import java.util.List;
import java.util.Objects;

/**
 * What a saved model is: which architecture to rebuild, which classes its outputs mean, and how an
 * image must be prepared before it goes in. Written next to the parameters as {@code model.json}.
 *
 * @param name artefact name; the parameter file is {@code <name>-<epoch>.params}
 * @param architecture one of the names {@link Architectures#create(ModelSpec)} knows
 * @param classes class names in output order
 * @param imageSize the square side images are resized to, in pixels
 * @param mean per-channel mean subtracted after scaling pixels to [0, 1]
 * @param std per-channel standard deviation divided by after subtracting the mean
 */
public record ModelSpec(String name, String architecture, List<String> classes, int imageSize,
        float[] mean, float[] std) {

    /** ImageNet channel means, used by torchvision's and DJL's pretrained ResNets. */
    public static final float[] IMAGENET_MEAN = {0.485f, 0.456f, 0.406f};
    /** ImageNet channel standard deviations. */
    public static final float[] IMAGENET_STD = {0.229f, 0.224f, 0.225f};

    /** Validates the fields. */
    public ModelSpec {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(architecture, "architecture");
        classes = List.copyOf(Objects.requireNonNull(classes, "classes"));
        if (classes.isEmpty()) {
            throw new IllegalArgumentException("A model needs at least one class");
        }
        if (imageSize <= 0) {
            throw new IllegalArgumentException("imageSize must be positive, got " + imageSize);
        }
        if (mean == null || std == null || mean.length != 3 || std.length != 3) {
            throw new IllegalArgumentException("mean and std need one value per RGB channel");
        }
    }

    /** A spec with ImageNet normalisation, the kit's default for every architecture. */
    public static ModelSpec of(String name, String architecture, List<String> classes, int imageSize) {
        return new ModelSpec(name, architecture, classes, imageSize, IMAGENET_MEAN.clone(), IMAGENET_STD.clone());
    }

    /** Returns the number of classes. */
    public int numClasses() {
        return classes.size();
    }

    /** Returns a copy for a new set of classes (same architecture and preprocessing). */
    public ModelSpec withClasses(String newName, List<String> newClasses) {
        return new ModelSpec(newName, architecture, newClasses, imageSize, mean, std);
    }
}
