package org.logokit.data.augment;

import java.util.List;
import java.util.Random;
import org.logokit.data.AnnotatedImage;

/** Several transforms applied in order, sharing one {@link Random}. */
public final class TransformChain implements ImageTransform {
    private final List<ImageTransform> steps;

    private TransformChain(List<ImageTransform> steps) {
        this.steps = List.copyOf(steps);
    }

    /** Chains the given transforms, first to last. */
    public static TransformChain of(ImageTransform... steps) {
        return new TransformChain(List.of(steps));
    }

    /** The steps, first to last. */
    public List<ImageTransform> steps() {
        return steps;
    }

    @Override
    public AnnotatedImage apply(AnnotatedImage input, Random random) {
        AnnotatedImage current = input;
        for (ImageTransform step : steps) {
            current = step.apply(current, random);
        }
        return current;
    }
}
