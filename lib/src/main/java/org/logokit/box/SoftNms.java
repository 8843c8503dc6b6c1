package org.logokit.box;

import org.logokit.nd.Indices;
import org.logokit.nd.Select;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;

/**
 * Soft-NMS (Bodla et al., ICCV 2017): instead of deleting boxes that overlap a kept box, lower
 * their scores, so a second object hidden behind the first can survive.
 *
 * <p>Repeatedly: take the box with the highest current score (ties: lower index), keep it, and
 * multiply the score of every remaining box b by a decay that depends on IoU(kept, b):
 * <ul>
 *   <li>{@link Decay#LINEAR}: {@code 1 - IoU} when IoU &ge; the overlap threshold N_t, else 1;
 *   <li>{@link Decay#GAUSSIAN}: {@code exp(-IoU^2 / sigma)} for every remaining box.
 * </ul>
 * Boxes whose score falls to the score threshold or below are dropped. Boxes are
 * {@link BoxFormat#XYXY} in absolute pixel coordinates (area = (x2 - x1) * (y2 - y1)). Each step
 * is one vectorised IoU of the kept box against all remaining boxes, which stay compacted (no
 * per-step index arithmetic).
 */
public final class SoftNms {
    /** How overlapping scores are lowered. */
    public enum Decay {
        /** Multiply by (1 - IoU) when IoU &ge; the overlap threshold. */
        LINEAR,
        /** Multiply by exp(-IoU^2 / sigma). */
        GAUSSIAN
    }

    /** Kept boxes and their scores after decay. */
    public record Result(NDArray indices, NDArray scores) {}

    private final Decay decay;
    private final double overlapThreshold;
    private final double sigma;
    private final double scoreThreshold;

    /**
     * @param decay linear or Gaussian score decay
     * @param overlapThreshold N_t for the linear decay (ignored by the Gaussian one), e.g. 0.3
     * @param sigma width of the Gaussian decay (ignored by the linear one), e.g. 0.5
     * @param scoreThreshold boxes whose decayed score is &le; this are dropped, e.g. 0.001
     */
    public SoftNms(Decay decay, double overlapThreshold, double sigma, double scoreThreshold) {
        if (sigma <= 0) {
            throw new IllegalArgumentException("sigma must be positive, got " + sigma);
        }
        this.decay = decay;
        this.overlapThreshold = overlapThreshold;
        this.sigma = sigma;
        this.scoreThreshold = scoreThreshold;
    }

    /** Linear soft-NMS with the paper's N_t = 0.3 and score threshold 0.001. */
    public static SoftNms linear() {
        return new SoftNms(Decay.LINEAR, 0.3, 0.5, 0.001);
    }

    /** Gaussian soft-NMS with the paper's sigma = 0.5 and score threshold 0.001. */
    public static SoftNms gaussian() {
        return new SoftNms(Decay.GAUSSIAN, 0.3, 0.5, 0.001);
    }

    /**
     * Runs soft-NMS.
     *
     * @param boxes (N, 4) XYXY boxes, absolute pixel coordinates
     * @param scores (N) scores
     * @return kept indices (K) int64 into {@code boxes}, in the order they were selected (their
     *     decayed scores are non-increasing), and their decayed scores (K) float32; both (0) for
     *     no boxes
     */
    public Result apply(NDArray boxes, NDArray scores) {
        Nms.checkInputs(boxes, scores);
        NDManager manager = boxes.getManager();
        int n = (int) boxes.getShape().get(0);
        long[] kept = new long[n];
        float[] keptScores = new float[n];
        int count = 0;
        try (NDManager scratch = manager.newSubManager()) {
            NDArray all = boxes.toType(DataType.FLOAT32, true);
            all.attach(scratch);
            NDArray current = scores.toType(DataType.FLOAT32, true);
            current.attach(scratch);
            // Boxes at or below the threshold from the start are never candidates. The live boxes,
            // their indices and scores stay compacted together, in increasing index order.
            NDArray survivors = Indices.of(current.gt(scoreThreshold));
            NDArray alive = survivors;
            NDArray aliveBoxes = Indices.rows(all, survivors);
            current = Indices.rows(current, survivors);
            while (alive.size() > 0) {
                float best = current.max().getFloat();
                // the first maximum is the lowest index (alive is in increasing index order)
                long position = Indices.of(current.eq(best)).getLong(0);
                kept[count] = alive.getLong(position);
                keptScores[count] = best;
                count++;
                if (alive.size() == 1) {
                    break;
                }
                // decay every live box by its overlap with the chosen one (itself included: it is
                // dropped below by setting its score to -infinity, which saves compacting the others first)
                NDArray overlap = IoU.pairwise(aliveBoxes.get(position).reshape(1, 4), aliveBoxes).reshape(-1);
                NDArray decayed = current.mul(weights(overlap));
                decayed.set(new NDIndex(position), Float.NEGATIVE_INFINITY);
                NDArray stay = Indices.of(decayed.gt(scoreThreshold));
                alive = Indices.rows(alive, stay);
                aliveBoxes = Indices.rows(aliveBoxes, stay);
                current = Indices.rows(decayed, stay);
            }
        }
        if (count == 0) {
            return new Result(manager.zeros(new Shape(0), DataType.INT64),
                    manager.zeros(new Shape(0), DataType.FLOAT32));
        }
        return new Result(manager.create(java.util.Arrays.copyOf(kept, count)),
                manager.create(java.util.Arrays.copyOf(keptScores, count)));
    }

    private NDArray weights(NDArray overlap) {
        if (decay == Decay.GAUSSIAN) {
            return overlap.square().div(-sigma).exp();
        }
        NDArray ones = overlap.onesLike();
        return Select.where(overlap.gte(overlapThreshold), ones.sub(overlap), ones);
    }
}
