package org.logokit.detect.fpn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.DataType;
import java.util.Locale;
import org.logokit.box.Boxes;

/**
 * Which pyramid level a region of interest is pooled from (FPN paper, eq. 1):
 *
 * <pre>
 *   k = floor(k0 + log2(sqrt(w h) / s0)),   clamped to [kMin, kMax]
 * </pre>
 * with the canonical level k0 = 4 and canonical size s0 = 224 (an ImageNet-sized box is pooled
 * from P4, a box half as wide from P3, and so on). torchvision's {@code LevelMapper}, including its
 * 1e-6 added before the floor so that a box of exactly 112 × 112 pixels lands on P3, not P2.
 *
 * <p>Boxes are (K, 4) XYXY pixels of the input image; a box of zero area is mapped to kMin.
 */
public final class LevelMapper {
    /** The paper's canonical level. */
    public static final int CANONICAL_LEVEL = 4;
    /** The paper's canonical box side in pixels (ImageNet's 224). */
    public static final double CANONICAL_SIZE = 224;
    private static final double EPS = 1e-6;

    private final int minLevel;
    private final int maxLevel;
    private final int canonicalLevel;
    private final double canonicalSize;

    /**
     * @param minLevel the finest level present (2 for P2)
     * @param maxLevel the coarsest level present (5 for P5)
     * @param canonicalLevel k0 (4 in the paper)
     * @param canonicalSize s0 in input pixels (224 in the paper)
     */
    public LevelMapper(int minLevel, int maxLevel, int canonicalLevel, double canonicalSize) {
        if (minLevel < 0 || maxLevel < minLevel) {
            throw new IllegalArgumentException("Need 0 <= minLevel <= maxLevel, got " + minLevel + " and " + maxLevel);
        }
        if (!(canonicalSize > 0)) {
            throw new IllegalArgumentException("The canonical size must be positive pixels, got " + canonicalSize);
        }
        this.minLevel = minLevel;
        this.maxLevel = maxLevel;
        this.canonicalLevel = canonicalLevel;
        this.canonicalSize = canonicalSize;
    }

    /** The paper's mapper (k0 = 4, s0 = 224) clamped to the levels present. */
    public static LevelMapper paper(int minLevel, int maxLevel) {
        return new LevelMapper(minLevel, maxLevel, CANONICAL_LEVEL, CANONICAL_SIZE);
    }

    /** The finest level. */
    public int minLevel() {
        return minLevel;
    }

    /** The coarsest level. */
    public int maxLevel() {
        return maxLevel;
    }

    /**
     * The level of each box.
     *
     * @param boxes (K, 4) XYXY pixels
     * @return (K) int32 level numbers in [minLevel, maxLevel], on the boxes' manager
     */
    public NDArray levels(NDArray boxes) {
        NDArray side = Boxes.area(boxes.toType(DataType.FLOAT32, false)).maximum(0f).sqrt();
        // log2(0) = -inf clamps to minLevel; float32 keeps the engines identical
        NDArray k = side.div((float) canonicalSize).log().div((float) Math.log(2))
                .add((float) (canonicalLevel + EPS)).floor();
        return k.clip(minLevel, maxLevel).toType(DataType.INT32, false);
    }

    /** The level of one box side in pixels (for tables and exercises), same rule. */
    public int level(double width, double height) {
        double side = Math.sqrt(Math.max(0, width) * Math.max(0, height));
        if (side == 0) {
            return minLevel;
        }
        int k = (int) Math.floor(canonicalLevel + Math.log(side / canonicalSize) / Math.log(2) + EPS);
        return Math.max(minLevel, Math.min(maxLevel, k));
    }

    @Override
    public String toString() {
        return String.format(Locale.ROOT, "LevelMapper[k = floor(%d + log2(sqrt(wh) / %.0f)) in P%d..P%d]",
                canonicalLevel, canonicalSize, minLevel, maxLevel);
    }
}
