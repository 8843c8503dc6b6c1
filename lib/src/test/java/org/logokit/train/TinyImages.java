package org.logokit.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.dataset.ArrayDataset;
import java.util.List;
import java.util.Random;
import org.logokit.model.Architectures;
import org.logokit.model.ModelSpec;

/** A tiny, learnable in-memory image set for tests: class c is a bright patch in channel c. */
public final class TinyImages {

    public static final int SIZE = 32;
    public static final List<String> CLASSES = List.of("red", "green", "blue");

    private TinyImages() {}

    public static ModelSpec spec(String name) {
        return ModelSpec.of(name, Architectures.RESNET18_SMALL, CLASSES, SIZE);
    }

    /** Returns {@code n} images (N, 3, 32, 32) with labels (N) in the given manager. */
    public static ArrayDataset dataset(NDManager manager, int n, long seed, int batchSize, boolean shuffle) {
        Random random = new Random(seed);
        float[] pixels = new float[n * 3 * SIZE * SIZE];
        float[] labels = new float[n];
        for (int i = 0; i < n; i++) {
            int label = i % 3;
            labels[i] = label;
            int y0 = random.nextInt(SIZE - 12);
            int x0 = random.nextInt(SIZE - 12);
            for (int c = 0; c < 3; c++) {
                for (int y = 0; y < SIZE; y++) {
                    for (int x = 0; x < SIZE; x++) {
                        float noise = 0.2f * random.nextFloat();
                        boolean inPatch = y >= y0 && y < y0 + 12 && x >= x0 && x < x0 + 12;
                        pixels[((i * 3 + c) * SIZE + y) * SIZE + x] = noise + (inPatch && c == label ? 0.8f : 0f);
                    }
                }
            }
        }
        NDArray data = manager.create(pixels, new Shape(n, 3, SIZE, SIZE));
        NDArray y = manager.create(labels);
        return new ArrayDataset.Builder().setData(data).optLabels(y).setSampling(batchSize, shuffle).build();
    }
}
