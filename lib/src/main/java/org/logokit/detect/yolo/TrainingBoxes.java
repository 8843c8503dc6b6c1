package org.logokit.detect.yolo;

import ai.djl.ndarray.NDManager;
import java.util.ArrayList;
import java.util.List;
import org.logokit.data.AnnotatedImage;
import org.logokit.data.LogoImageDataset;
import org.logokit.data.PixelBox;
import org.logokit.detect.DetectionBatch;

/**
 * The boxes of a set of images as a detector sees them (XYXY pixels of its S × S input), read once
 * so that anchors can be fitted on them and the grid's cell assignment counted over all of them.
 *
 * @param boxes per image its boxes, rows {x1, y1, x2, y2}
 * @param classes per image one brand id per box
 * @param imageSize S
 */
public record TrainingBoxes(List<float[][]> boxes, List<int[]> classes, int imageSize) {

    /** Copies the lists. */
    public TrainingBoxes {
        if (boxes.size() != classes.size()) {
            throw new IllegalArgumentException(boxes.size() + " box lists but " + classes.size() + " class lists");
        }
        boxes = List.copyOf(boxes);
        classes = List.copyOf(classes);
    }

    /**
     * Reads every image of a dataset through its own pipeline (use one without augmentation: the
     * boxes are then exactly the network's input boxes). Degenerate boxes are left out.
     */
    public static TrainingBoxes of(LogoImageDataset dataset) {
        List<float[][]> boxes = new ArrayList<>();
        List<int[]> classes = new ArrayList<>();
        for (long i = 0; i < dataset.size(); i++) {
            AnnotatedImage image = dataset.annotated(i);
            List<float[]> rows = new ArrayList<>();
            List<Integer> ids = new ArrayList<>();
            for (int k = 0; k < image.boxes().size(); k++) {
                PixelBox box = image.boxes().get(k);
                if (box.width() > 0 && box.height() > 0) {
                    rows.add(box.toArray());
                    ids.add(image.classIds().get(k));
                }
            }
            boxes.add(rows.toArray(new float[0][]));
            classes.add(ids.stream().mapToInt(Integer::intValue).toArray());
        }
        return new TrainingBoxes(boxes, classes, dataset.imageSize());
    }

    /** Number of images. */
    public int images() {
        return boxes.size();
    }

    /** Number of boxes over all images. */
    public int count() {
        return boxes.stream().mapToInt(b -> b.length).sum();
    }

    /**
     * Widths and heights in grid cells, the input of k-means.
     *
     * @param gridSize S of the detector's grid
     * @return (n, 2) one row per box
     * @throws IllegalArgumentException when there is no box at all
     */
    public float[][] sizesInCells(int gridSize) {
        float cell = imageSize / (float) gridSize;
        List<float[]> sizes = new ArrayList<>();
        for (float[][] image : boxes) {
            for (float[] b : image) {
                sizes.add(new float[] {(b[2] - b[0]) / cell, (b[3] - b[1]) / cell});
            }
        }
        if (sizes.isEmpty()) {
            throw new IllegalArgumentException("No boxes to fit anchors on (" + images()
                    + " images). Use logo images, not no-logo ones.");
        }
        return sizes.toArray(new float[0][]);
    }

    /** All images' ground truth as one batch (to encode targets for every image at once). */
    public DetectionBatch batch(NDManager manager) {
        return DetectionBatch.of(manager, boxes, classes);
    }
}
