package org.logokit.anchor;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Grid anchors in the style of Faster R-CNN / FPN (torchvision's {@code AnchorGenerator}): at
 * every position of a feature map, one anchor per (aspect ratio, size) pair.
 *
 * <p><b>Shapes.</b> An anchor of size s and aspect ratio r = height / width has width
 * {@code s / sqrt(r)} and height {@code s * sqrt(r)}, so its area is s^2 whatever the ratio.
 * (torchvision additionally rounds the base anchors to whole pixels; this class keeps them exact.)
 *
 * <p><b>Positions.</b> The anchor at feature-map cell (row i, column j) of a level with stride
 * (sy, sx) pixels is centred at (x, y) = (j * sx, i * sy), torchvision's convention: the first
 * anchor is centred on the image's top-left corner, not at the cell centre.
 *
 * <p><b>Order.</b> Location-major, then ratio, then size: rows i, then columns j, then, for each
 * location, the A = ratios x sizes anchors with the ratio index varying slowest. For levels, the
 * output concatenates level 0, level 1, ... (as FPN outputs are concatenated).
 *
 * <p><b>Format.</b> {@link org.logokit.box.BoxFormat#XYXY} (x1, y1, x2, y2), absolute pixel
 * coordinates of the input image, exclusive-continuous (w = x2 - x1), float32; not clipped
 * (anchors near the border stick out, as in the paper: clip or filter them with
 * {@link org.logokit.box.Boxes}).
 */
public final class AnchorGenerator {
    private final List<float[]> sizes;
    private final List<float[]> ratios;

    /**
     * @param sizesPerLevel anchor sizes (sqrt of the area, in input pixels) for each level
     * @param ratiosPerLevel aspect ratios (height / width) for each level
     * @throws IllegalArgumentException if the lists differ in length or hold non-positive values
     */
    public AnchorGenerator(List<float[]> sizesPerLevel, List<float[]> ratiosPerLevel) {
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

    /** Number of levels. */
    public int numLevels() {
        return sizes.size();
    }

    /** Anchors per location on a level: number of ratios x number of sizes. */
    public int anchorsPerLocation(int level) {
        return sizes.get(level).length * ratios.get(level).length;
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
        float[] levelSizes = sizes.get(level);
        float[] levelRatios = ratios.get(level);
        float[] flat = new float[4 * anchorsPerLocation(level)];
        int k = 0;
        for (float ratio : levelRatios) {
            double heightFactor = Math.sqrt(ratio);
            for (float size : levelSizes) {
                double halfW = size / heightFactor / 2;
                double halfH = size * heightFactor / 2;
                flat[k++] = (float) -halfW;
                flat[k++] = (float) -halfH;
                flat[k++] = (float) halfW;
                flat[k++] = (float) halfH;
            }
        }
        return manager.create(flat, new Shape(flat.length / 4, 4));
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
        NDList perLevel = new NDList();
        for (int level = 0; level < numLevels(); level++) {
            NDArray levelAnchors = anchors(manager, level, featureSizes[level][0],
                    featureSizes[level][1], strides[level][0], strides[level][1]);
            // Empty levels are left out: MXNet cannot concatenate zero-size arrays.
            if (levelAnchors.size() > 0) {
                perLevel.add(levelAnchors);
            }
        }
        if (perLevel.isEmpty()) {
            return manager.zeros(new Shape(0, 4), DataType.FLOAT32);
        }
        if (perLevel.size() == 1) {
            return perLevel.get(0);
        }
        NDArray all = NDArrays.concat(perLevel, 0);
        perLevel.close();
        return all;
    }

    @Override
    public String toString() {
        StringBuilder text = new StringBuilder("AnchorGenerator[");
        for (int level = 0; level < numLevels(); level++) {
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
