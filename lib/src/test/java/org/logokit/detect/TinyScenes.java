package org.logokit.detect;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.dataset.ArrayDataset;
import java.util.List;
import java.util.Random;

/**
 * A tiny, learnable detection set for tests: S × S images on a noisy dark background with one or
 * two bright squares; the square's colour channel is its class (0 red, 1 green, 2 blue). Labels are
 * exactly what {@link org.logokit.data.LogoDetectionDataset} produces: boxes (M, 4) XYXY pixels and
 * class ids (M) with -1 padding.
 */
public final class TinyScenes {
    public static final List<String> CLASSES = List.of("red", "green", "blue");
    public static final int MAX_BOXES = 2;

    private TinyScenes() {}

    /**
     * @param n images
     * @param size side S
     * @param minSide smallest square side in pixels
     * @param maxSide largest square side
     */
    public static ArrayDataset dataset(NDManager manager, int n, int size, int minSide, int maxSide, long seed,
            int batchSize, boolean shuffle) {
        Random random = new Random(seed);
        float[] pixels = new float[n * 3 * size * size];
        float[] boxes = new float[n * MAX_BOXES * 4];
        float[] classes = new float[n * MAX_BOXES];
        java.util.Arrays.fill(classes, -1f);
        for (int i = 0; i < n; i++) {
            for (int k = 0; k < 3 * size * size; k++) {
                pixels[i * 3 * size * size + k] = 0.15f * random.nextFloat() - 0.5f;
            }
            int objects = 1 + (i % 3 == 2 ? 1 : 0);
            int placed = 0;
            for (int attempt = 0; attempt < 20 && placed < objects; attempt++) {
                int side = minSide + random.nextInt(maxSide - minSide + 1);
                int x0 = random.nextInt(size - side + 1);
                int y0 = random.nextInt(size - side + 1);
                if (placed == 1 && overlaps(boxes, i, x0, y0, side)) {
                    continue;
                }
                int cls = random.nextInt(CLASSES.size());
                for (int y = y0; y < y0 + side; y++) {
                    for (int x = x0; x < x0 + side; x++) {
                        pixels[((i * 3 + cls) * size + y) * size + x] = 1.5f;
                    }
                }
                int row = i * MAX_BOXES + placed;
                boxes[row * 4] = x0;
                boxes[row * 4 + 1] = y0;
                boxes[row * 4 + 2] = x0 + side;
                boxes[row * 4 + 3] = y0 + side;
                classes[row] = cls;
                placed++;
            }
        }
        return new ArrayDataset.Builder()
                .setData(manager.create(pixels, new Shape(n, 3, size, size)))
                .optLabels(manager.create(boxes, new Shape(n, MAX_BOXES, 4)),
                        manager.create(classes, new Shape(n, MAX_BOXES)))
                .setSampling(batchSize, shuffle)
                .build();
    }

    private static boolean overlaps(float[] boxes, int image, int x0, int y0, int side) {
        int row = image * MAX_BOXES;
        return x0 < boxes[row * 4 + 2] + 2 && x0 + side + 2 > boxes[row * 4]
                && y0 < boxes[row * 4 + 3] + 2 && y0 + side + 2 > boxes[row * 4 + 1];
    }
}
