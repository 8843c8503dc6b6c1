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

    /**
     * The leading steps that draw no random numbers (e.g. the resize before a random crop): their
     * result is the same at every visit of an image, so it can be cached.
     */
    public TransformChain deterministicPrefix() {
        int n = 0;
        while (n < steps.size() && !steps.get(n).usesRandom()) {
            n++;
        }
        return new TransformChain(steps.subList(0, n));
    }

    /** The steps after {@link #deterministicPrefix()}. */
    public TransformChain afterDeterministicPrefix() {
        return new TransformChain(steps.subList(deterministicPrefix().steps().size(), steps.size()));
    }

    @Override
    public boolean usesRandom() {
        return steps.stream().anyMatch(ImageTransform::usesRandom);
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
