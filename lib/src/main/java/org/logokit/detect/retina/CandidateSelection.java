package org.logokit.detect.retina;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import org.logokit.box.Nms;
import org.logokit.nd.Indices;

/**
 * The per-level step of a dense detector's post-processing (torchvision's RetinaNet
 * {@code postprocess_detections}): of one level's flattened (anchor, class) scores, those above the
 * threshold, at most k of them, best first. Selecting per level before the NMS keeps the coarse
 * levels, which have few anchors, from being crowded out by the fine ones.
 */
final class CandidateSelection {
    private CandidateSelection() {}

    /**
     * @param flatScores (N) scores of one level, flattened
     * @param threshold keep scores strictly above it
     * @param k keep at most this many
     * @return (K) int64 indices into {@code flatScores}: all above the threshold, or the k best of
     *     them (ties: lower index) when there are more
     */
    static NDArray aboveScoreTopK(NDArray flatScores, double threshold, int k) {
        NDArray candidates = Nms.aboveScore(flatScores, threshold);
        if (candidates.size() <= k) {
            return candidates;
        }
        NDArray top = Nms.topK(Indices.rows(flatScores, candidates), k);
        return Indices.rows(candidates, top);
    }

    /** Concatenates non-empty parts along axis 0 (MXNet cannot concatenate zero-size arrays). */
    static NDArray concat(NDList parts) {
        return parts.size() == 1 ? parts.get(0) : NDArrays.concat(parts, 0);
    }
}
