package org.logokit.detect.rcnn;

import ai.djl.ndarray.NDArray;

/**
 * One image's region proposals: boxes the RPN believes hold an object, best first.
 *
 * @param boxes (K, 4) XYXY pixels of the input image, clipped to it
 * @param scores (K) objectness probabilities in (0, 1), decreasing
 */
public record Proposals(NDArray boxes, NDArray scores) {

    /** Number of proposals. */
    public long size() {
        return scores.size();
    }
}
