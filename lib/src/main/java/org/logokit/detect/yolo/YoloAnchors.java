package org.logokit.detect.yolo;

import java.util.ArrayList;
import java.util.List;
import org.logokit.anchor.KMeansAnchors;
import org.logokit.data.AnnotatedImage;
import org.logokit.data.LogoImageDataset;
import org.logokit.data.PixelBox;

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
     * The widths and heights of a dataset's boxes as the detector sees them, in grid cells.
     *
     * <p>Reads every image through the dataset's own pipeline (use one without augmentation, the
     * boxes are then exactly the network's input boxes).
     *
     * @param dataset logo images at the detector's input size
     * @param gridSize S
     * @return (n, 2) sizes in cells, one row per box; degenerate boxes are left out
     */
    public static float[][] boxSizes(LogoImageDataset dataset, int gridSize) {
        float cell = dataset.imageSize() / (float) gridSize;
        List<float[]> sizes = new ArrayList<>();
        for (long i = 0; i < dataset.size(); i++) {
            AnnotatedImage image = dataset.annotated(i);
            for (PixelBox box : image.boxes()) {
                if (box.width() > 0 && box.height() > 0) {
                    sizes.add(new float[] {box.width() / cell, box.height() / cell});
                }
            }
        }
        if (sizes.isEmpty()) {
            throw new IllegalArgumentException("The dataset has no boxes to fit anchors on (" + dataset.size()
                    + " images). Use logo images, not no-logo ones.");
        }
        return sizes.toArray(new float[0][]);
    }

    /**
     * Anchors fitted on box sizes by k-means (seed 0, k-means++ start).
     *
     * @param sizes (n, 2) box sizes in cells, e.g. from {@link #boxSizes}
     * @param k number of anchors
     * @return the fit: anchors sorted by area and their mean IoU on {@code sizes}
     */
    public static KMeansAnchors.Result fit(float[][] sizes, int k) {
        return new KMeansAnchors().fit(sizes, k);
    }
}
