package org.logokit.eval;

import ai.djl.ndarray.NDArray;
import org.logokit.box.BoxCheck;

/**
 * The annotated objects of one image.
 *
 * <p>Crowd and "difficult"/ignore flags (COCO iscrowd, VOC difficult) are not modelled: every box
 * counts; FlickrLogos-32 has no such flags.
 *
 * @param boxes (m,4) XYXY boxes in input-image pixels
 * @param labels (m) class id of each box
 */
public record ImageGroundTruth(float[][] boxes, int[] labels) {

    /** Checks that boxes and labels describe the same m objects. */
    public ImageGroundTruth {
        if (boxes == null || labels == null) {
            throw new IllegalArgumentException("boxes and labels must not be null");
        }
        if (boxes.length != labels.length) {
            throw new IllegalArgumentException("need one label per box: " + boxes.length
                    + " boxes, " + labels.length + " labels");
        }
        BoxCheck.requireBoxes(boxes, "ground-truth");
    }

    /** @return an image without objects (e.g. a FlickrLogos no-logo image) */
    public static ImageGroundTruth none() {
        return new ImageGroundTruth(new float[0][], new int[0]);
    }

    /**
     * Copies ground truth out of NDArrays.
     *
     * @param boxes (m,4) XYXY pixels
     * @param labels (m) integer class ids
     * @return the ground truth
     */
    public static ImageGroundTruth of(NDArray boxes, NDArray labels) {
        return new ImageGroundTruth(BoxArrays.rows(boxes), BoxArrays.ints(labels));
    }

    /** @return number of objects */
    public int size() {
        return labels.length;
    }
}
