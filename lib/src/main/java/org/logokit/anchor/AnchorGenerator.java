package org.logokit.anchor;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.logokit.nd.Concat;

/**
 * Grid anchors in the style of Faster R-CNN / FPN / RetinaNet, identical to torchvision's
 * {@code AnchorGenerator}: at every position of a feature map, one anchor per (aspect ratio, size)
 * pair.
 *
 * <p><b>Shapes.</b> An anchor of size s and aspect ratio r = height / width has width
 * {@code s / sqrt(r)} and height {@code s * sqrt(r)}, so its area is about s^2 whatever the ratio.
 *
 * <p><b>Rounding ({@link Rounding}).</b> By default the base anchors (the anchors of one location,
 * centred on the origin) are computed exactly as torchvision computes them: in float32,
 * {@code h = sqrt(r)}, {@code w = 1 / h}, corners {@code (-w s, -h s, w s, h s) / 2}, then each
 * corner rounded to a whole pixel, halves to even. A size-101 square anchor therefore spans
 * -50 .. 50 (width 100), not -50.5 .. 50.5. {@link Rounding#NONE} keeps the exact corners.
 *
 * <p><b>Positions.</b> The anchor at feature-map cell (row i, column j) of a level with stride
 * (sy, sx) pixels is centred at (x, y) = (j * sx, i * sy), torchvision's convention: the first
 * anchor is centred on the image's top-left corner, not at the cell centre. With
 * {@link #anchorsForImage} the strides are torchvision's integer ones,
 * {@code image size / feature size} rounded down per axis.
 *
 * <p><b>Order.</b> Location-major, then ratio, then size: rows i, then columns j, then, for each
 * location, the A = ratios x sizes anchors with the ratio index varying slowest. For levels, the
 * output concatenates level 0, level 1, ... (as FPN outputs are concatenated).
 *
 * <p><b>Format.</b> {@link org.logokit.box.BoxFormat#XYXY} (x1, y1, x2, y2), absolute pixel
 * coordinates of the input image, exclusive-continuous (w = x2 - x1), float32; not clipped
 * (anchors near the border stick out, as in the paper: clip or filter them with
 * {@link org.logokit.box.Boxes}).
 *
 * <p><b>Memory.</b> Results are created on the given manager; intermediates live on a sub-manager
 * that is closed before returning. The all-levels {@link #anchors(NDManager, int[][], float[][])}
 * keeps the numbers of the last {@value #CACHED_GRIDS} grids it laid out on the host and copies them
 * into a new array on later calls (a detector asks for the same grid every step).
 */
public final class AnchorGenerator {
    /** How the base anchors are rounded. */
    public enum Rounding {
        /**
         * torchvision's: float32 arithmetic, then every corner rounded to a whole pixel, halves to
         * even (torch.round). The default.
         */
        TORCHVISION,
        /** No rounding: exact corners {@code (+-s / sqrt(r) / 2, +-s sqrt(r) / 2)}. */
        NONE
    }

    private final List<float[]> sizes;
    private final List<float[]> ratios;
    /** Explicit (width, height) shapes per level, or null for sizes x ratios. */
    private final List<float[][]> shapes;
    private final Rounding rounding;
    /** How many grids {@link #computed} keeps. */
    private static final int CACHED_GRIDS = 16;
    /**
     * Anchors already laid out, by feature sizes and strides: a detector asks for the same grid on
     * every step, and building it costs a dozen engine operations (and, on MXNet, a wait for the
     * engine) where copying the numbers in costs one. A handful of input sizes at most.
     */
    private final Map<String, float[]> computed = new LinkedHashMap<>(8, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, float[]> eldest) {
            return size() > CACHED_GRIDS;
        }
    };

    /**
     * @param sizesPerLevel anchor sizes (sqrt of the area, in input pixels) for each level
     * @param ratiosPerLevel aspect ratios (height / width) for each level
     * @throws IllegalArgumentException if the lists differ in length or hold non-positive values
     */
    public AnchorGenerator(List<float[]> sizesPerLevel, List<float[]> ratiosPerLevel) {
        this(sizesPerLevel, ratiosPerLevel, Rounding.TORCHVISION);
    }

    /**
     * @param sizesPerLevel anchor sizes (sqrt of the area, in input pixels) for each level
     * @param ratiosPerLevel aspect ratios (height / width) for each level
     * @param rounding how the base anchors are rounded ({@link Rounding#TORCHVISION} by default)
     * @throws IllegalArgumentException if the lists differ in length or hold non-positive values
     */
    public AnchorGenerator(List<float[]> sizesPerLevel, List<float[]> ratiosPerLevel,
            Rounding rounding) {
        if (rounding == null) {
            throw new IllegalArgumentException("rounding must not be null: use Rounding.TORCHVISION"
                    + " or Rounding.NONE");
        }
        this.rounding = rounding;
        this.shapes = null;
        if (sizesPerLevel.isEmpty() || sizesPerLevel.size() != ratiosPerLevel.size()) {
            throw new IllegalArgumentException("Need sizes and ratios for the same, non-zero"
                    + " number of levels; got " + sizesPerLevel.size() + " size lists and "
                    + ratiosPerLevel.size() + " ratio lists.");
        }
        this.sizes = new ArrayList<>();
        this.ratios = new ArrayList<>();
        for (int level = 0; level < sizesPerLevel.size(); level++) {
            sizes.add(positiveCopy(sizesPerLevel.get(level), "size", level));
            ratios.add(positiveCopy(ratiosPerLevel.get(level), "ratio", level));
        }
    }

    /** One level with the given sizes and ratios. */
    public static AnchorGenerator singleLevel(float[] sizes, float[] ratios) {
        return new AnchorGenerator(List.of(sizes), List.of(ratios));
    }

    private AnchorGenerator(List<float[][]> shapesPerLevel, Rounding rounding, boolean fromShapes) {
        if (shapesPerLevel.isEmpty()) {
            throw new IllegalArgumentException("Need the anchor shapes of at least one level.");
        }
        this.rounding = rounding;
        this.sizes = new ArrayList<>();
        this.ratios = new ArrayList<>();
        this.shapes = new ArrayList<>();
        for (int level = 0; level < shapesPerLevel.size(); level++) {
            float[][] levelShapes = shapesPerLevel.get(level);
            if (levelShapes.length == 0) {
                throw new IllegalArgumentException("Level " + level + " has no anchor shapes.");
            }
            float[][] copy = new float[levelShapes.length][];
            for (int a = 0; a < levelShapes.length; a++) {
                float[] wh = levelShapes[a];
                if (wh.length != 2 || !(wh[0] > 0) || !(wh[1] > 0) || Float.isInfinite(wh[0])
                        || Float.isInfinite(wh[1])) {
                    throw new IllegalArgumentException("Anchor shape " + a + " of level " + level
                            + " is " + Arrays.toString(wh) + ": expected (width, height), both"
                            + " positive and finite.");
                }
                copy[a] = wh.clone();
            }
            shapes.add(copy);
        }
    }

    /**
     * Anchors with explicit shapes instead of sizes x ratios, e.g. the (width, height) pairs that
     * k-means found ({@link KMeansAnchors}), placed on the grid exactly like the other anchors.
     *
     * @param shapesPerLevel for each level, its A anchor shapes as (width, height) rows in pixels
     *     ({@code ofShapes(shapes)} for one level)
     * @return a generator with A anchors per location, in the order given
     */
    public static AnchorGenerator ofShapes(float[][]... shapesPerLevel) {
        return new AnchorGenerator(java.util.Arrays.asList(shapesPerLevel), Rounding.TORCHVISION, true);
    }

    /** The same anchors with another rounding, e.g. {@code withRounding(Rounding.NONE)}. */
    public AnchorGenerator withRounding(Rounding other) {
        return shapes != null ? new AnchorGenerator(shapes, other, true)
                : new AnchorGenerator(sizes, ratios, other);
    }

    /** How this generator rounds its base anchors. */
    public Rounding rounding() {
        return rounding;
    }

    /** Faster R-CNN's anchors: sizes 128, 256, 512 and ratios 0.5, 1, 2 on one level (9 per location). */
    public static AnchorGenerator fasterRcnn() {
        return singleLevel(new float[] {128, 256, 512}, new float[] {0.5f, 1, 2});
    }

    /**
     * FPN's anchors: one size per level (32, 64, 128, 256, 512 for P2..P6) and ratios 0.5, 1, 2
     * (3 per location), as in torchvision's Faster R-CNN with FPN.
     */
    public static AnchorGenerator fpn() {
        List<float[]> s = new ArrayList<>();
        List<float[]> r = new ArrayList<>();
        for (float size : new float[] {32, 64, 128, 256, 512}) {
            s.add(new float[] {size});
            r.add(new float[] {0.5f, 1, 2});
        }
        return new AnchorGenerator(s, r);
    }

    /**
     * RetinaNet's anchors (torchvision's {@code retinanet_resnet50_fpn}): on P3..P7 the sizes
     * {@code x, int(x * 2^(1/3)), int(x * 2^(2/3))} for x = 32, 64, 128, 256, 512 (so 32, 40, 50 on
     * P3 and 64, 80, 101 on P4; torchvision truncates with {@code int}), ratios 0.5, 1, 2: 9 per
     * location.
     */
    public static AnchorGenerator retinaNet() {
        List<float[]> s = new ArrayList<>();
        List<float[]> r = new ArrayList<>();
        for (int x : new int[] {32, 64, 128, 256, 512}) {
            s.add(new float[] {x, (int) (x * Math.pow(2, 1.0 / 3)), (int) (x * Math.pow(2, 2.0 / 3))});
            r.add(new float[] {0.5f, 1, 2});
        }
        return new AnchorGenerator(s, r);
    }

    /** Number of levels. */
    public int numLevels() {
        return shapes != null ? shapes.size() : sizes.size();
    }

    /** Anchors per location on a level: number of ratios x number of sizes. */
    public int anchorsPerLocation(int level) {
        return shapes != null ? shapes.get(level).length
                : sizes.get(level).length * ratios.get(level).length;
    }

    /**
     * The A anchors of one level centred at (0, 0), in the documented order (ratio-major, then
     * size).
     *
     * @param manager where to create the array
     * @param level which level
     * @return (A, 4) XYXY float32 anchors centred on the origin, pixels
     */
    public NDArray baseAnchors(NDManager manager, int level) {
        float[] flat = baseAnchorCorners(level);
        return manager.create(flat, new Shape(flat.length / 4, 4));
    }

    /**
     * The A base anchors of one level as plain numbers, in the order of {@link #baseAnchors}.
     *
     * @param level which level
     * @return (A, 4) rows (x1, y1, x2, y2) centred on the origin, pixels
     */
    public float[][] baseAnchorRows(int level) {
        float[] flat = baseAnchorCorners(level);
        float[][] rows = new float[flat.length / 4][];
        for (int a = 0; a < rows.length; a++) {
            rows[a] = java.util.Arrays.copyOfRange(flat, 4 * a, 4 * a + 4);
        }
        return rows;
    }

    /** The base anchors, flat; a handful of numbers, so computed on the host. */
    private float[] baseAnchorCorners(int level) {
        if (shapes != null) {
            float[][] levelShapes = shapes.get(level);
            float[] flat = new float[4 * levelShapes.length];
            for (int a = 0; a < levelShapes.length; a++) {
                float halfW = levelShapes[a][0] / 2f;
                float halfH = levelShapes[a][1] / 2f;
                boolean round = rounding == Rounding.TORCHVISION;
                flat[4 * a] = round ? (float) Math.rint(-halfW) : -halfW;
                flat[4 * a + 1] = round ? (float) Math.rint(-halfH) : -halfH;
                flat[4 * a + 2] = round ? (float) Math.rint(halfW) : halfW;
                flat[4 * a + 3] = round ? (float) Math.rint(halfH) : halfH;
            }
            return flat;
        }
        float[] levelSizes = sizes.get(level);
        float[] levelRatios = ratios.get(level);
        float[] flat = new float[4 * anchorsPerLocation(level)];
        int k = 0;
        for (float ratio : levelRatios) {
            // torchvision: h_ratios = sqrt(r), w_ratios = 1 / h_ratios, all float32.
            float heightFactor = (float) Math.sqrt(ratio);
            float widthFactor = 1f / heightFactor;
            for (float size : levelSizes) {
                if (rounding == Rounding.TORCHVISION) {
                    float halfW = widthFactor * size / 2f;
                    float halfH = heightFactor * size / 2f;
                    flat[k++] = (float) Math.rint(-halfW);
                    flat[k++] = (float) Math.rint(-halfH);
                    flat[k++] = (float) Math.rint(halfW);
                    flat[k++] = (float) Math.rint(halfH);
                } else {
                    double root = Math.sqrt(ratio);
                    double halfW = size / root / 2;
                    double halfH = size * root / 2;
                    flat[k++] = (float) -halfW;
                    flat[k++] = (float) -halfH;
                    flat[k++] = (float) halfW;
                    flat[k++] = (float) halfH;
                }
            }
        }
        return flat;
    }

    /**
     * All anchors of one level, vectorised: base anchors (A, 4) plus the shifts of the H x W grid.
     *
     * @param manager where to create the result
     * @param level which level
     * @param height feature-map height H (cells)
     * @param width feature-map width W (cells)
     * @param strideY pixels between rows
     * @param strideX pixels between columns
     * @return (H * W * A, 4) XYXY float32 anchors in input-image pixels, location-major order
     */
    public NDArray anchors(NDManager manager, int level, int height, int width, float strideY,
            float strideX) {
        if (height < 0 || width < 0 || strideY <= 0 || strideX <= 0) {
            throw new IllegalArgumentException("Feature map " + height + "x" + width
                    + " with stride " + strideY + "x" + strideX + " is not valid: sizes must be"
                    + " >= 0 and strides > 0.");
        }
        int a = anchorsPerLocation(level);
        if (height == 0 || width == 0) {
            return manager.zeros(new Shape(0, 4), DataType.FLOAT32);
        }
        try (NDManager scratch = manager.newSubManager()) {
            NDArray xs = scratch.arange(0, width, 1, DataType.FLOAT32).mul(strideX)
                    .reshape(1, width).broadcast(height, width);
            NDArray ys = scratch.arange(0, height, 1, DataType.FLOAT32).mul(strideY)
                    .reshape(height, 1).broadcast(height, width);
            NDArray shifts = NDArrays.stack(new NDList(xs, ys, xs, ys), -1)
                    .reshape(height * (long) width, 1, 4);
            NDArray result = shifts.add(baseAnchors(scratch, level).reshape(1, a, 4))
                    .reshape(-1, 4);
            result.attach(manager);
            return result;
        }
    }

    /**
     * Anchors of all levels, concatenated in level order.
     *
     * @param manager where to create the result
     * @param featureSizes (height, width) of each level's feature map
     * @param strides (strideY, strideX) of each level in input pixels (e.g. 4, 8, 16, 32, 64 for
     *     FPN; image size / feature size in general)
     * @return (sum_l H_l * W_l * A_l, 4) XYXY float32 anchors in input-image pixels
     */
    public NDArray anchors(NDManager manager, int[][] featureSizes, float[][] strides) {
        if (featureSizes.length != numLevels() || strides.length != numLevels()) {
            throw new IllegalArgumentException("This generator has " + numLevels()
                    + " levels but got " + featureSizes.length + " feature sizes and "
                    + strides.length + " strides.");
        }
        String key = Arrays.deepToString(featureSizes) + Arrays.deepToString(strides);
        float[] known;
        synchronized (computed) {
            known = computed.get(key);
        }
        if (known != null) {
            return manager.create(known, new Shape(known.length / 4, 4));
        }
        List<NDArray> perLevel = new ArrayList<>();
        try (NDManager scratch = manager.newSubManager()) {
            for (int level = 0; level < numLevels(); level++) {
                perLevel.add(anchors(scratch, level, featureSizes[level][0], featureSizes[level][1],
                        strides[level][0], strides[level][1]));
            }
            NDArray all = Concat.rows(perLevel);
            all.attach(manager);
            float[] values = all.toFloatArray();
            synchronized (computed) {
                computed.put(key, values);
            }
            return all;
        }
    }

    /**
     * Anchors of all levels for an input image, with torchvision's strides: per level and axis
     * {@code stride = imageSize / featureSize} in integer division (an 800 x 1216 image with a
     * 13 x 19 top level has strides 61 x 64 there, as in torchvision).
     *
     * @param manager where to create the result
     * @param imageHeight input image height in pixels
     * @param imageWidth input image width in pixels
     * @param featureSizes (height, width) of each level's feature map
     * @return (sum_l H_l * W_l * A_l, 4) XYXY float32 anchors in input-image pixels
     * @throws IllegalArgumentException if a feature map is larger than the image
     */
    public NDArray anchorsForImage(NDManager manager, int imageHeight, int imageWidth,
            int[][] featureSizes) {
        return anchors(manager, featureSizes, strides(imageHeight, imageWidth, featureSizes));
    }

    /**
     * torchvision's integer strides for an image and its feature maps.
     *
     * @return per level {strideY, strideX} = {imageHeight / H_l, imageWidth / W_l}, rounded down
     */
    public float[][] strides(int imageHeight, int imageWidth, int[][] featureSizes) {
        if (featureSizes.length != numLevels()) {
            throw new IllegalArgumentException("This generator has " + numLevels()
                    + " levels but got " + featureSizes.length + " feature sizes.");
        }
        float[][] strides = new float[featureSizes.length][];
        for (int level = 0; level < featureSizes.length; level++) {
            int h = featureSizes[level][0];
            int w = featureSizes[level][1];
            if (h <= 0 || w <= 0 || h > imageHeight || w > imageWidth) {
                throw new IllegalArgumentException("Level " + level + " has a " + h + "x" + w
                        + " feature map for a " + imageHeight + "x" + imageWidth + " image: feature"
                        + " maps must be non-empty and no larger than the image.");
            }
            strides[level] = new float[] {imageHeight / h, imageWidth / w};
        }
        return strides;
    }

    /**
     * How many anchors the feature maps produce: {@code sum_l H_l * W_l * A_l}.
     *
     * @param featureSizes (height, width) of each level's feature map
     * @return the number of anchors (e.g. 50 x 50 x 9 = 22,500 for one level of Faster R-CNN)
     */
    public long numAnchors(int[][] featureSizes) {
        if (featureSizes.length != numLevels()) {
            throw new IllegalArgumentException("This generator has " + numLevels()
                    + " levels but got " + featureSizes.length + " feature sizes.");
        }
        long total = 0;
        for (int level = 0; level < featureSizes.length; level++) {
            total += (long) featureSizes[level][0] * featureSizes[level][1]
                    * anchorsPerLocation(level);
        }
        return total;
    }

    /**
     * The anchor sizes of a level (a copy).
     *
     * @throws IllegalStateException for a generator built {@link #ofShapes}
     */
    public float[] sizes(int level) {
        requireSizesAndRatios();
        return sizes.get(level).clone();
    }

    /**
     * The aspect ratios (height / width) of a level (a copy).
     *
     * @throws IllegalStateException for a generator built {@link #ofShapes}
     */
    public float[] ratios(int level) {
        requireSizesAndRatios();
        return ratios.get(level).clone();
    }

    private void requireSizesAndRatios() {
        if (shapes != null) {
            throw new IllegalStateException("This generator was built from explicit shapes; read"
                    + " them with baseAnchorRows(level).");
        }
    }

    @Override
    public String toString() {
        StringBuilder text = new StringBuilder("AnchorGenerator[").append(rounding)
                .append(" rounding; ");
        for (int level = 0; level < numLevels(); level++) {
            if (shapes != null) {
                text.append(level == 0 ? "" : "; ").append("shapes ")
                        .append(Arrays.deepToString(shapes.get(level)));
                continue;
            }
            text.append(level == 0 ? "" : "; ").append("sizes ").append(Arrays.toString(sizes.get(level)))
                    .append(" ratios ").append(Arrays.toString(ratios.get(level)));
        }
        return text.append(']').toString();
    }

    private static float[] positiveCopy(float[] values, String what, int level) {
        if (values.length == 0) {
            throw new IllegalArgumentException("Level " + level + " has no anchor " + what + "s.");
        }
        for (float v : values) {
            if (!(v > 0)) {
                throw new IllegalArgumentException("Anchor " + what + "s must be positive; level "
                        + level + " has " + v + ".");
            }
        }
        return values.clone();
    }
}
