package org.logokit.detect.yolo;

import org.logokit.anchor.KMeansAnchors;

/**
 * YOLOv2's anchor priors: the "default" ones it shipped with for PASCAL VOC, or ones re-fitted on
 * the training boxes by k-means with the distance 1 - IoU ({@link KMeansAnchors}).
 *
 * <p>Units: anchors are (width, height) in grid cells of the detector's own grid. The VOC priors
 * were fitted for a 13 × 13 grid; {@link #voc(int)} rescales them so that each keeps the same
 * fraction of the image on another grid.
 */
public final class YoloAnchors {
    /** YOLOv2's five VOC priors (yolo-voc.cfg), in cells of a 13 × 13 grid. */
    private static final float[][] VOC_13 = {
        {1.3221f, 1.73145f}, {3.19275f, 4.00944f}, {5.05587f, 8.09892f}, {9.47112f, 4.84053f},
        {11.2364f, 10.0071f}
    };

    private YoloAnchors() {}

    /**
     * YOLOv2's VOC priors for an S × S grid.
     *
     * @param gridSize S
     * @return (5, 2) widths and heights in cells of that grid
     */
    public static float[][] voc(int gridSize) {
        float[][] out = new float[VOC_13.length][];
        for (int i = 0; i < VOC_13.length; i++) {
            out[i] = new float[] {VOC_13[i][0] * gridSize / 13f, VOC_13[i][1] * gridSize / 13f};
        }
        return out;
    }

    /**
     * Anchors fitted on box sizes by k-means (seed 0, k-means++ start).
     *
     * @param sizes (n, 2) box sizes in cells, e.g. from {@link TrainingBoxes#sizesInCells}
     * @param k number of anchors
     * @return the fit: anchors sorted by area and their mean IoU on {@code sizes}
     */
    public static KMeansAnchors.Result fit(float[][] sizes, int k) {
        return new KMeansAnchors().fit(sizes, k);
    }
}
