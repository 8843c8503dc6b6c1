package org.logokit.detect.fpn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.logokit.detect.rcnn.RoiPooler;
import org.logokit.nd.Indices;
import org.logokit.roi.RoIAlign;

/**
 * RoIAlign over a feature pyramid (torchvision's {@code MultiScaleRoIAlign}): each region of
 * interest is pooled from the one level its size calls for ({@link LevelMapper}), so a small logo
 * is read from the fine P2 map and a large one from the coarse, semantically strong P5.
 *
 * <p>One {@link RoIAlign} per level, each with that level's spatial scale 1 / stride; the RoIs of a
 * level are pooled together and the results are put back in the order of the input RoIs. The loop
 * runs over the (four or five) levels, never over RoIs. Gradients flow to the feature maps.
 *
 * <p>Input: the levels' maps, finest first, (N, C, H_l, W_l) each, with their strides; RoIs (K, 5)
 * rows (batchIndex, x1, y1, x2, y2) in input-image pixels. Output: (K, C, outputSize, outputSize).
 *
 * <p>As the {@link RoiPooler} of Faster R-CNN's {@link org.logokit.detect.rcnn.RoiHeads} it reads
 * the pyramid's levels finest first; levels beyond its strides (P6, which only the RPN uses) are
 * passed along and never pooled from.
 */
public final class MultiScaleRoIAlign implements RoiPooler {
    private final int outputSize;
    private final int samplingRatio;
    private final boolean aligned;
    private final int[] levels;
    private final LevelMapper mapper;
    private final List<RoIAlign> perLevel = new ArrayList<>();

    /**
     * @param strides the strides of the pooled levels, finest first and doubling (e.g. 4, 8, 16, 32
     *     for P2..P5; torchvision pools these four, not P6)
     * @param outputSize pooled height and width (7 in Faster R-CNN)
     * @param samplingRatio sample points per bin along each axis (torchvision: 2); &le; 0 adapts
     * @param aligned RoIAlign's half-pixel correction (torchvision's Faster R-CNN: false)
     * @param canonicalSize the mapper's s0 (224 in the paper)
     */
    public MultiScaleRoIAlign(int[] strides, int outputSize, int samplingRatio, boolean aligned, double canonicalSize) {
        if (strides == null || strides.length == 0) {
            throw new IllegalArgumentException("Name the strides of the pooled levels, e.g. {4, 8, 16, 32}");
        }
        levels = new int[strides.length];
        for (int i = 0; i < strides.length; i++) {
            int level = Integer.numberOfTrailingZeros(strides[i]);
            if (strides[i] <= 0 || Integer.bitCount(strides[i]) != 1 || (i > 0 && level != levels[i - 1] + 1)) {
                throw new IllegalArgumentException("Pyramid strides are consecutive powers of two, finest first"
                        + " (e.g. 4, 8, 16, 32); got " + java.util.Arrays.toString(strides));
            }
            levels[i] = level;
            perLevel.add(new RoIAlign(outputSize, outputSize, 1.0 / strides[i], samplingRatio, aligned));
        }
        this.outputSize = outputSize;
        this.samplingRatio = samplingRatio;
        this.aligned = aligned;
        this.mapper = new LevelMapper(levels[0], levels[levels.length - 1], LevelMapper.CANONICAL_LEVEL, canonicalSize);
    }

    /** The strides of the levels pooled from, finest first. */
    public int[] strides() {
        int[] strides = new int[levels.length];
        for (int i = 0; i < levels.length; i++) {
            strides[i] = 1 << levels[i];
        }
        return strides;
    }

    /**
     * {@inheritDoc}
     *
     * @throws IllegalArgumentException when the levels' strides do not start with this pooler's
     */
    @Override
    public NDArray pool(NDList features, int[] strides, NDArray rois) {
        int[] own = strides();
        boolean prefix = strides.length >= own.length;
        for (int i = 0; prefix && i < own.length; i++) {
            prefix = strides[i] == own[i];
        }
        if (!prefix) {
            throw new IllegalArgumentException("This pooler reads levels of strides " + java.util.Arrays.toString(own)
                    + " (finest first) but the features have strides " + java.util.Arrays.toString(strides));
        }
        return apply(features, rois);
    }

    /** torchvision's pooler for P2..P5: 7 × 7, sampling ratio 2, not aligned, s0 = 224. */
    public static MultiScaleRoIAlign fasterRcnn() {
        return new MultiScaleRoIAlign(new int[] {4, 8, 16, 32}, 7, 2, false, LevelMapper.CANONICAL_SIZE);
    }

    /** The rule that picks each RoI's level. */
    public LevelMapper mapper() {
        return mapper;
    }

    /** Pooled side. */
    @Override
    public int outputSize() {
        return outputSize;
    }

    /** Number of levels pooled from. */
    public int numLevels() {
        return levels.length;
    }

    /**
     * Pools every RoI from its level.
     *
     * @param features the levels' maps, finest first; more maps than strides are allowed (P6 is
     *     passed along but never pooled from)
     * @param rois (K, 5) rows (batchIndex, x1, y1, x2, y2) in input-image pixels
     * @return (K, C, outputSize, outputSize)
     */
    public NDArray apply(NDList features, NDArray rois) {
        if (features.size() < levels.length) {
            throw new IllegalArgumentException("This pooler reads " + levels.length + " levels (P" + levels[0] + "..P"
                    + levels[levels.length - 1] + ") but got " + features.size() + " feature maps");
        }
        Shape rs = rois.getShape();
        if (rs.dimension() != 2 || rs.get(1) != 5) {
            throw new IllegalArgumentException("rois must be (K, 5) rows of (batchIndex, x1, y1, x2, y2), got " + rs);
        }
        long channels = features.get(0).getShape().get(1);
        for (int i = 0; i < levels.length; i++) {
            if (features.get(i).getShape().get(1) != channels) {
                throw new IllegalArgumentException("Every pyramid level must have the same width; level P" + levels[i]
                        + " has " + features.get(i).getShape().get(1) + " channels, P" + levels[0] + " " + channels);
            }
        }
        NDManager manager = rois.getManager();
        long k = rs.get(0);
        if (k == 0) {
            return features.get(0).getManager().zeros(new Shape(0, channels, outputSize, outputSize),
                    features.get(0).getDataType());
        }
        NDArray assigned = mapper.levels(rois.get(":, 1:5"));
        int[] levelOf = assigned.toIntArray();
        assigned.close();
        NDList parts = new NDList();
        long[] order = new long[(int) k];
        int filled = 0;
        for (int i = 0; i < levels.length; i++) {
            int count = 0;
            for (int level : levelOf) {
                count += level == levels[i] ? 1 : 0;
            }
            if (count == 0) {
                continue;
            }
            long[] rows = new long[count];
            int at = 0;
            for (int r = 0; r < levelOf.length; r++) {
                if (levelOf[r] == levels[i]) {
                    rows[at++] = r;
                    order[filled++] = r;
                }
            }
            NDArray levelRois = count == k ? rois : Indices.rows(rois, manager.create(rows));
            parts.add(perLevel.get(i).apply(features.get(i), levelRois));
        }
        NDArray stacked = parts.size() == 1 ? parts.get(0) : NDArrays.concat(parts, 0);
        // stacked row j holds RoI order[j]; put every RoI back at its own row
        long[] inverse = new long[order.length];
        boolean identity = true;
        for (int j = 0; j < order.length; j++) {
            inverse[(int) order[j]] = j;
            identity &= order[j] == j;
        }
        return identity ? stacked : Indices.rows(stacked, manager.create(inverse).toType(DataType.INT64, false));
    }

    @Override
    public String toString() {
        return String.format(Locale.ROOT, "MultiScaleRoIAlign[P%d..P%d, %dx%d, sampling %d, aligned %s; %s]", levels[0],
                levels[levels.length - 1], outputSize, outputSize, samplingRatio, aligned, mapper);
    }
}
