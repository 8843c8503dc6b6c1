package org.logokit.eval;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.DataType;
import org.logokit.box.BoxCheck;

/**
 * The detections of one image, as plain arrays for evaluation.
 *
 * @param boxes (n,4) XYXY boxes in input-image pixels (x1, y1, x2, y2; area (x2-x1)(y2-y1), no +1)
 * @param scores (n) confidence of each box, higher is better
 * @param labels (n) class id of each box (the same ids as the ground truth)
 */
public record ImageDetections(float[][] boxes, float[] scores, int[] labels) {

    /** Checks that the three arrays describe the same n boxes. */
    public ImageDetections {
        if (boxes == null || scores == null || labels == null) {
            throw new IllegalArgumentException("boxes, scores and labels must not be null");
        }
        if (boxes.length != scores.length || boxes.length != labels.length) {
            throw new IllegalArgumentException("need one score and one label per box: "
                    + boxes.length + " boxes, " + scores.length + " scores, " + labels.length
                    + " labels");
        }
        for (int i = 0; i < boxes.length; i++) {
            BoxCheck.requireBox(boxes[i], "of detection " + i);
            if (Float.isNaN(scores[i])) {
                throw new IllegalArgumentException("detection " + i + " has a NaN score");
            }
        }
    }

    /** @return an image with no detections */
    public static ImageDetections none() {
        return new ImageDetections(new float[0][], new float[0], new int[0]);
    }

    /**
     * Copies detections out of NDArrays (e.g. a detector's output after NMS).
     *
     * @param boxes (n,4) XYXY pixels
     * @param scores (n)
     * @param labels (n) integer class ids (any integer or float type)
     * @return the detections
     */
    public static ImageDetections of(NDArray boxes, NDArray scores, NDArray labels) {
        return new ImageDetections(BoxArrays.rows(boxes), scores.toType(DataType.FLOAT32, false).toFloatArray(),
                BoxArrays.ints(labels));
    }

    /** @return number of detections */
    public int size() {
        return scores.length;
    }
}
