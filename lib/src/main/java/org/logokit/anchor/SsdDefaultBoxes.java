package org.logokit.anchor;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import org.logokit.box.BoxFormat;

/**
 * SSD's default boxes (Liu et al., ECCV 2016): anchors on several feature maps, small ones on the
 * fine maps and large ones on the coarse maps.
 *
 * <p><b>Scales.</b> With m feature maps, map k (1-based) uses the scale
 * {@code s_k = sMin + (sMax - sMin) (k - 1) / (m - 1)} (the paper: sMin = 0.2, sMax = 0.9, so
 * 0.2, 0.34, 0.48, 0.62, 0.76, 0.9 for SSD300). The extra square box has scale
 * {@code sqrt(s_k s_(k+1))}; for the last map, s_(m+1) continues the same linear schedule
 * (sMax + step = 1.04 for SSD300), a choice the paper leaves open.
 *
 * <p><b>Shapes.</b> For aspect ratio a, width = s_k sqrt(a) and height = s_k / sqrt(a). Each
 * location gets, in this order: the square box of scale s_k, the extra square box, then for every
 * extra ratio r of that map the pair r, 1/r. SSD300 uses {2} on the first and last two maps and
 * {2, 3} on the middle three: 4, 6, 6, 6, 4, 4 boxes per location.
 *
 * <p><b>Positions and format.</b> Cell (row i, column j) of an f x f map is centred at
 * ((j + 0.5) / f, (i + 0.5) / f). Boxes come back in normalised [0, 1] image coordinates as
 * {@link BoxFormat#CXCYWH} from {@link #cxcywh} or {@link BoxFormat#XYXY} from {@link #xyxy}
 * (optionally clipped to [0, 1]), float32, ordered map by map, then row, column, box.
 */
public final class SsdDefaultBoxes {
    private final int[] featureMapSizes;
    private final float[][] extraRatios;
    private final double[] scales;

    /**
     * @param featureMapSizes side f_k of each square feature map, fine to coarse
     * @param sMin scale of the first map (fraction of the image side)
     * @param sMax scale of the last map
     * @param extraRatios for each map the aspect ratios besides 1 (each adds r and 1/r)
     */
    public SsdDefaultBoxes(int[] featureMapSizes, double sMin, double sMax, float[][] extraRatios) {
        if (featureMapSizes.length < 2 || extraRatios.length != featureMapSizes.length) {
            throw new IllegalArgumentException("Need at least two feature maps and one ratio list"
                    + " per map; got " + featureMapSizes.length + " maps and "
                    + extraRatios.length + " ratio lists.");
        }
        if (!(0 < sMin && sMin < sMax)) {
            throw new IllegalArgumentException("Scales must satisfy 0 < sMin < sMax, got sMin "
                    + sMin + ", sMax " + sMax);
        }
        this.featureMapSizes = featureMapSizes.clone();
        this.extraRatios = new float[extraRatios.length][];
        int m = featureMapSizes.length;
        this.scales = new double[m + 1];
        double step = (sMax - sMin) / (m - 1);
        for (int k = 0; k <= m; k++) {
            scales[k] = sMin + step * k;
        }
        for (int k = 0; k < m; k++) {
            if (featureMapSizes[k] <= 0) {
                throw new IllegalArgumentException("Feature map sizes must be positive, got "
                        + featureMapSizes[k]);
            }
            this.extraRatios[k] = extraRatios[k].clone();
        }
    }

    /**
     * SSD300: maps 38, 19, 10, 5, 3, 1; scales 0.2 to 0.9; ratios {1, 2, 1/2} plus {3, 1/3} on
     * the three middle maps: 8,732 boxes.
     */
    public static SsdDefaultBoxes ssd300() {
        float[] two = {2};
        float[] twoThree = {2, 3};
        return new SsdDefaultBoxes(new int[] {38, 19, 10, 5, 3, 1}, 0.2, 0.9,
                new float[][] {two, twoThree, twoThree, twoThree, two, two});
    }

    /** Boxes per location on map k: 2 + 2 * (number of extra ratios). */
    public int boxesPerLocation(int map) {
        return 2 + 2 * extraRatios[map].length;
    }

    /** Total number of default boxes over all maps. */
    public int numBoxes() {
        int total = 0;
        for (int k = 0; k < featureMapSizes.length; k++) {
            total += featureMapSizes[k] * featureMapSizes[k] * boxesPerLocation(k);
        }
        return total;
    }

    /** The scale s_k of map k (0-based), as a fraction of the image side. */
    public double scale(int map) {
        return scales[map];
    }

    /**
     * All default boxes as normalised centre-size boxes.
     *
     * @param manager where to create the array
     * @return ({@link #numBoxes()}, 4) CXCYWH float32 in [0, 1] image coordinates (sizes may exceed
     *     1 for the largest boxes)
     */
    public NDArray cxcywh(NDManager manager) {
        NDList perMap = new NDList();
        try (NDManager scratch = manager.newSubManager()) {
            for (int k = 0; k < featureMapSizes.length; k++) {
                perMap.add(mapBoxes(scratch, k));
            }
            NDArray all = NDArrays.concat(perMap, 0);
            all.attach(manager);
            return all;
        }
    }

    /**
     * All default boxes as normalised corner boxes.
     *
     * @param manager where to create the array
     * @param clip whether to clip the corners to [0, 1] (the SSD reference code does)
     * @return ({@link #numBoxes()}, 4) XYXY float32, normalised image coordinates
     */
    public NDArray xyxy(NDManager manager, boolean clip) {
        try (NDManager scratch = manager.newSubManager()) {
            NDArray corners = BoxFormat.CXCYWH.toXyxy(cxcywh(scratch));
            NDArray result = clip ? corners.clip(0, 1) : corners;
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
        NDArray wh = manager.create(sizes, new Shape(1, b, 2)).broadcast(f * (long) f, b, 2);
        NDArray centres1d = manager.arange(0, f, 1, DataType.FLOAT32).add(0.5f).div(f);
        NDArray cx = centres1d.reshape(1, f).broadcast(f, f);
        NDArray cy = centres1d.reshape(f, 1).broadcast(f, f);
        NDArray centres = NDArrays.stack(new NDList(cx, cy), -1).reshape(f * (long) f, 1, 2)
                .broadcast(f * (long) f, b, 2);
        return centres.concat(wh, -1).reshape(-1, 4);
    }
}
