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
import org.logokit.box.BoxFormat;
import org.logokit.nd.Concat;

/**
 * SSD's default boxes (Liu et al., ECCV 2016): anchors on several square feature maps, small ones
 * on the fine maps and large ones on the coarse maps. Two SSD300 configurations are built in, and
 * every part (scales, steps, clipping) is a parameter of the {@link #builder()}.
 *
 * <p><b>Scales.</b> Map k (0-based) uses the scale s_k (a fraction of the image side) and its
 * extra square box the scale {@code sqrt(s_k s_(k+1))}, so m maps need m + 1 scales.
 * <ul>
 *   <li>The paper's linear schedule ({@link #paperSsd300()}, also {@link #ssd300()}):
 *       {@code s_k = sMin + (sMax - sMin) k / (m - 1)} with sMin = 0.2, sMax = 0.9, i.e. 0.2, 0.34,
 *       0.48, 0.62, 0.76, 0.9, and s_m continuing the line (1.04), a choice the paper leaves open.
 *   <li>torchvision's {@code ssd300_vgg16} ({@link #torchvisionSsd300()}): the explicit scales
 *       0.07, 0.15, 0.33, 0.51, 0.69, 0.87, 1.05.
 * </ul>
 *
 * <p><b>Shapes.</b> For aspect ratio a, width = s_k sqrt(a) and height = s_k / sqrt(a). Each
 * location gets, in this order: the square box of scale s_k, the extra square box, then for every
 * extra ratio r of that map the pair r, 1/r. SSD300 uses {2} on the first and last two maps and
 * {2, 3} on the middle three: 4, 6, 6, 6, 4, 4 boxes per location, 8,732 boxes in all.
 *
 * <p><b>Positions.</b> Cell (row i, column j) of an f x f map is centred at
 * {@code ((j + 0.5) / f', (i + 0.5) / f')} with f' = f, or with steps f' = imageSize / step_k
 * (torchvision: steps 8, 16, 32, 64, 100, 300 for a 300-pixel image, so the first centre is
 * 0.5 / 37.5 = 0.013333 where the paper's 0.5 / 38 is 0.013158).
 *
 * <p><b>Clipping.</b> With {@code clipSizes} the widths and heights are clamped to [0, 1] before
 * the boxes are turned into corners (torchvision's {@code clip=True}); the corners themselves can
 * stick out of the image. {@link #xyxy(NDManager, boolean)} can clip the corners instead (what the
 * original Caffe code does).
 *
 * <p><b>Format.</b> Normalised [0, 1] image coordinates as {@link BoxFormat#CXCYWH}
 * ({@link #cxcywh}) or {@link BoxFormat#XYXY} ({@link #xyxy}), or absolute pixel XYXY
 * ({@link #pixelXyxy}, the library's working format); float32, ordered map by map, then row,
 * column, box. <b>Memory:</b> results on the given manager, intermediates on a closed sub-manager.
 */
public final class SsdDefaultBoxes {
    private final int[] featureMapSizes;
    private final float[][] extraRatios;
    private final double[] scales;
    private final double[] steps;
    private final int imageSize;
    private final boolean clipSizes;

    /**
     * The paper's linear scales on the given maps, centres at (j + 0.5) / f, no size clipping.
     *
     * @param featureMapSizes side f_k of each square feature map, fine to coarse
     * @param sMin scale of the first map (fraction of the image side)
     * @param sMax scale of the last map
     * @param extraRatios for each map the aspect ratios besides 1 (each adds r and 1/r)
     */
    public SsdDefaultBoxes(int[] featureMapSizes, double sMin, double sMax, float[][] extraRatios) {
        this(builder().featureMapSizes(featureMapSizes).extraRatios(extraRatios)
                .linearScales(sMin, sMax));
    }

    private SsdDefaultBoxes(Builder b) {
        if (b.featureMapSizes == null || b.featureMapSizes.length < 1) {
            throw new IllegalArgumentException("Give at least one feature map size.");
        }
        int m = b.featureMapSizes.length;
        if (b.extraRatios == null || b.extraRatios.length != m) {
            throw new IllegalArgumentException("Need one ratio list per feature map; got " + m
                    + " maps and " + (b.extraRatios == null ? 0 : b.extraRatios.length)
                    + " ratio lists.");
        }
        this.featureMapSizes = b.featureMapSizes.clone();
        this.extraRatios = new float[m][];
        for (int k = 0; k < m; k++) {
            if (featureMapSizes[k] <= 0) {
                throw new IllegalArgumentException("Feature map sizes must be positive, got "
                        + featureMapSizes[k]);
            }
            for (float r : b.extraRatios[k]) {
                if (!(r > 0) || Float.isInfinite(r)) {
                    throw new IllegalArgumentException("Aspect ratios must be positive and finite;"
                            + " map " + k + " has " + r);
                }
            }
            this.extraRatios[k] = b.extraRatios[k].clone();
        }
        if (b.scales != null) {
            if (b.scales.length != m + 1) {
                throw new IllegalArgumentException(m + " feature maps need " + (m + 1)
                        + " scales (the last one only sets the extra box of the last map), got "
                        + b.scales.length);
            }
            this.scales = b.scales.clone();
        } else {
            if (m < 2) {
                throw new IllegalArgumentException("Linear scales need at least two feature maps;"
                        + " give explicit scales for one map.");
            }
            if (!(0 < b.sMin && b.sMin < b.sMax)) {
                throw new IllegalArgumentException("Scales must satisfy 0 < sMin < sMax, got sMin "
                        + b.sMin + ", sMax " + b.sMax);
            }
            this.scales = new double[m + 1];
            double step = (b.sMax - b.sMin) / (m - 1);
            for (int k = 0; k <= m; k++) {
                scales[k] = b.sMin + step * k;
            }
        }
        for (double s : scales) {
            if (!(s > 0) || Double.isInfinite(s)) {
                throw new IllegalArgumentException("Scales must be positive and finite, got "
                        + Arrays.toString(scales));
            }
        }
        if (b.steps != null) {
            if (b.steps.length != m) {
                throw new IllegalArgumentException("Need one step per feature map: " + m
                        + " maps, " + b.steps.length + " steps");
            }
            for (double step : b.steps) {
                if (!(step > 0)) {
                    throw new IllegalArgumentException("Steps must be positive, got "
                            + Arrays.toString(b.steps));
                }
            }
            this.steps = b.steps.clone();
        } else {
            this.steps = null;
        }
        if (b.imageSize <= 0) {
            throw new IllegalArgumentException("imageSize must be positive, got " + b.imageSize);
        }
        this.imageSize = b.imageSize;
        this.clipSizes = b.clipSizes;
    }

    /** A builder; nothing is set except the image size (300) and no size clipping. */
    public static Builder builder() {
        return new Builder();
    }

    /** The paper's SSD300, the same as {@link #paperSsd300()}. */
    public static SsdDefaultBoxes ssd300() {
        return paperSsd300();
    }

    /**
     * The SSD paper's SSD300: maps 38, 19, 10, 5, 3, 1; linear scales 0.2 to 0.9 (and 1.04 for the
     * last extra box); ratios {1, 2, 1/2} plus {3, 1/3} on the three middle maps; centres
     * (j + 0.5) / f; no clipping: 8,732 boxes.
     */
    public static SsdDefaultBoxes paperSsd300() {
        return builder().featureMapSizes(38, 19, 10, 5, 3, 1).extraRatios(ssd300Ratios())
                .linearScales(0.2, 0.9).imageSize(300).build();
    }

    /**
     * torchvision's {@code ssd300_vgg16} default boxes: maps 38, 19, 10, 5, 3, 1; scales 0.07,
     * 0.15, 0.33, 0.51, 0.69, 0.87, 1.05; steps 8, 16, 32, 64, 100, 300 on a 300-pixel image;
     * widths and heights clamped to [0, 1]: 8,732 boxes, the first centred at x = 0.5 / 37.5.
     */
    public static SsdDefaultBoxes torchvisionSsd300() {
        return builder().featureMapSizes(38, 19, 10, 5, 3, 1).extraRatios(ssd300Ratios())
                .scales(0.07, 0.15, 0.33, 0.51, 0.69, 0.87, 1.05)
                .steps(8, 16, 32, 64, 100, 300).imageSize(300).clipSizes(true).build();
    }

    private static float[][] ssd300Ratios() {
        float[] two = {2};
        float[] twoThree = {2, 3};
        return new float[][] {two, twoThree, twoThree, twoThree, two, two};
    }

    /** Number of feature maps. */
    public int numMaps() {
        return featureMapSizes.length;
    }

    /** Side f_k of map k (0-based). */
    public int featureMapSize(int map) {
        return featureMapSizes[map];
    }

    /** Boxes per location on map k: 2 + 2 * (number of extra ratios). */
    public int boxesPerLocation(int map) {
        return 2 + 2 * extraRatios[map].length;
    }

    /** Total number of default boxes over all maps: {@code sum_k f_k^2 * boxesPerLocation(k)}. */
    public int numBoxes() {
        int total = 0;
        for (int k = 0; k < featureMapSizes.length; k++) {
            total += featureMapSizes[k] * featureMapSizes[k] * boxesPerLocation(k);
        }
        return total;
    }

    /** The scale s_k of map k (0-based), as a fraction of the image side; k = numMaps() is the extra one. */
    public double scale(int map) {
        return scales[map];
    }

    /** All m + 1 scales (a copy). */
    public double[] scales() {
        return scales.clone();
    }

    /** The image side in pixels that steps and {@link #pixelXyxy(NDManager)} refer to. */
    public int imageSize() {
        return imageSize;
    }

    /** Whether widths and heights are clamped to [0, 1]. */
    public boolean clipsSizes() {
        return clipSizes;
    }

    /**
     * All default boxes as normalised centre-size boxes.
     *
     * @param manager where to create the array
     * @return ({@link #numBoxes()}, 4) CXCYWH float32 in [0, 1] image coordinates (sizes may
     *     exceed 1 for the largest boxes unless sizes are clipped)
     */
    public NDArray cxcywh(NDManager manager) {
        List<NDArray> perMap = new ArrayList<>();
        try (NDManager scratch = manager.newSubManager()) {
            for (int k = 0; k < featureMapSizes.length; k++) {
                perMap.add(mapBoxes(scratch, k));
            }
            NDArray all = Concat.rows(perMap);
            all.attach(manager);
            return all;
        }
    }

    /**
     * All default boxes as normalised corner boxes.
     *
     * @param manager where to create the array
     * @param clipCorners whether to clip the corners to [0, 1] (the original SSD code does)
     * @return ({@link #numBoxes()}, 4) XYXY float32, normalised image coordinates
     */
    public NDArray xyxy(NDManager manager, boolean clipCorners) {
        try (NDManager scratch = manager.newSubManager()) {
            NDArray corners = BoxFormat.CXCYWH.toXyxy(cxcywh(scratch));
            NDArray result = clipCorners ? corners.clip(0, 1) : corners;
            result.attach(manager);
            return result;
        }
    }

    /**
     * All default boxes in absolute pixels of a {@link #imageSize()} x {@link #imageSize()} input,
     * the library's working format (what torchvision's {@code DefaultBoxGenerator} returns).
     *
     * @param manager where to create the array
     * @return ({@link #numBoxes()}, 4) XYXY float32 pixels, not clipped to the image
     */
    public NDArray pixelXyxy(NDManager manager) {
        return pixelXyxy(manager, imageSize, imageSize);
    }

    /**
     * All default boxes in absolute pixels of an input of the given size: x coordinates times the
     * width, y coordinates times the height.
     *
     * @param manager where to create the array
     * @param width input width in pixels
     * @param height input height in pixels
     * @return ({@link #numBoxes()}, 4) XYXY float32 pixels, not clipped to the image
     */
    public NDArray pixelXyxy(NDManager manager, int width, int height) {
        if (width <= 0 || height <= 0) {
            throw new IllegalArgumentException("Image size must be positive, got " + width + "x"
                    + height);
        }
        try (NDManager scratch = manager.newSubManager()) {
            NDArray corners = BoxFormat.CXCYWH.toXyxy(cxcywh(scratch));
            NDArray scale = scratch.create(new float[] {width, height, width, height});
            NDArray result = corners.mul(scale);
            result.attach(manager);
            return result;
        }
    }

    /** (f * f * B, 4) CXCYWH boxes of map k: per-location sizes (B, 2) plus the f x f centres. */
    private NDArray mapBoxes(NDManager manager, int k) {
        int f = featureMapSizes[k];
        int b = boxesPerLocation(k);
        float[] sizes = new float[2 * b];
        double s = scales[k];
        double extra = Math.sqrt(scales[k] * scales[k + 1]);
        sizes[0] = (float) s;
        sizes[1] = (float) s;
        sizes[2] = (float) extra;
        sizes[3] = (float) extra;
        int i = 4;
        for (float r : extraRatios[k]) {
            double root = Math.sqrt(r);
            sizes[i++] = (float) (s * root);
            sizes[i++] = (float) (s / root);
            sizes[i++] = (float) (s / root);
            sizes[i++] = (float) (s * root);
        }
        if (clipSizes) {
            for (int j = 0; j < sizes.length; j++) {
                sizes[j] = Math.max(0f, Math.min(1f, sizes[j]));
            }
        }
        // Centres in float32 as torchvision computes them: (j + 0.5) / f'.
        float divisor = (float) (steps == null ? f : imageSize / steps[k]);
        float[] centres = new float[f];
        for (int j = 0; j < f; j++) {
            centres[j] = (j + 0.5f) / divisor;
        }
        NDArray wh = manager.create(sizes, new Shape(1, b, 2)).broadcast(f * (long) f, b, 2);
        NDArray centres1d = manager.create(centres);
        NDArray cx = centres1d.reshape(1, f).broadcast(f, f);
        NDArray cy = centres1d.reshape(f, 1).broadcast(f, f);
        NDArray xy = NDArrays.stack(new NDList(cx, cy), -1).reshape(f * (long) f, 1, 2)
                .broadcast(f * (long) f, b, 2);
        return xy.concat(wh, -1).reshape(-1, 4).toType(DataType.FLOAT32, false);
    }

    @Override
    public String toString() {
        StringBuilder s = new StringBuilder();
        for (double v : scales) {
            s.append(s.length() == 0 ? "" : ", ").append(new java.math.BigDecimal(v)
                    .round(new java.math.MathContext(4)).stripTrailingZeros().toPlainString());
        }
        return "SsdDefaultBoxes[maps " + Arrays.toString(featureMapSizes) + ", scales [" + s + "]"
                + (steps == null ? "" : ", steps " + Arrays.toString(steps))
                + (clipSizes ? ", sizes clipped" : "") + ", " + numBoxes() + " boxes]";
    }

    /** Builder for {@link SsdDefaultBoxes}. */
    public static final class Builder {
        private int[] featureMapSizes;
        private float[][] extraRatios;
        private double[] scales;
        private double sMin = Double.NaN;
        private double sMax = Double.NaN;
        private double[] steps;
        private int imageSize = 300;
        private boolean clipSizes;

        private Builder() {}

        /** Side of each square feature map, fine to coarse (SSD300: 38, 19, 10, 5, 3, 1). */
        public Builder featureMapSizes(int... sizes) {
            this.featureMapSizes = sizes.clone();
            return this;
        }

        /** For each map the aspect ratios besides 1; each ratio r adds the boxes r and 1/r. */
        public Builder extraRatios(float[]... ratios) {
            this.extraRatios = ratios.clone();
            return this;
        }

        /** Explicit scales, one per map plus one for the last map's extra box (m + 1 values). */
        public Builder scales(double... scales) {
            this.scales = scales.clone();
            return this;
        }

        /** The paper's linear scales from sMin on the first map to sMax on the last. */
        public Builder linearScales(double sMin, double sMax) {
            this.scales = null;
            this.sMin = sMin;
            this.sMax = sMax;
            return this;
        }

        /** Pixel steps per map: centres at (j + 0.5) / (imageSize / step); none: (j + 0.5) / f. */
        public Builder steps(double... steps) {
            this.steps = steps.clone();
            return this;
        }

        /** Input image side in pixels (default 300), for steps and pixel output. */
        public Builder imageSize(int imageSize) {
            this.imageSize = imageSize;
            return this;
        }

        /** Clamp widths and heights to [0, 1] (torchvision's {@code clip=True}); default false. */
        public Builder clipSizes(boolean clipSizes) {
            this.clipSizes = clipSizes;
            return this;
        }

        /** Builds the generator; the message of a bad setting says what to fix. */
        public SsdDefaultBoxes build() {
            return new SsdDefaultBoxes(this);
        }
    }
}
