package org.logokit.anchor;

import java.util.ArrayList;
import java.util.List;
import org.logokit.data.FlickrLogos32;
import org.logokit.data.LogoImage;
import org.logokit.data.PixelBox;
import org.logokit.data.Split;

/**
 * The ground-truth boxes of a split as a detector sees them: every image resized to
 * {@code inputSize x inputSize} (as {@link org.logokit.data.LogoDetectionDataset} does without
 * letterboxing), so each box is scaled by {@code inputSize / width} and {@code inputSize / height}.
 * This is what anchors are fitted to and measured against.
 *
 * @param xyxy (n) boxes {x1, y1, x2, y2} in input pixels
 * @param classIds the brand of each box
 * @param images the image each box comes from
 * @param inputSize the side of the network input in pixels
 */
public record BoxShapes(float[][] xyxy, int[] classIds, List<LogoImage> images, int inputSize) {

    /**
     * Reads the boxes of a split (image sizes from the file headers; pixels are not decoded).
     *
     * @param data the dataset
     * @param split which split
     * @param inputSize the network input side, e.g. 320
     * @return every box of every logo image of the split, clipped to its image
     */
    public static BoxShapes of(FlickrLogos32 data, Split split, int inputSize) {
        if (inputSize < 1) {
            throw new IllegalArgumentException("inputSize must be positive, got " + inputSize);
        }
        List<float[]> boxes = new ArrayList<>();
        List<Integer> classes = new ArrayList<>();
        List<LogoImage> sources = new ArrayList<>();
        for (LogoImage image : data.split(split)) {
            if (image.isNoLogo() || image.boxLines().isEmpty()) {
                continue;
            }
            int[] size = FlickrLogos32.imageSize(image);
            float sx = inputSize / (float) size[0];
            float sy = inputSize / (float) size[1];
            for (PixelBox b : image.boxes()) {
                PixelBox c = b.clip(size[0], size[1]);
                if (!c.isValid()) {
                    continue;
                }
                boxes.add(c.scale(sx, sy).toArray());
                classes.add(image.classId());
                sources.add(image);
            }
        }
        return new BoxShapes(boxes.toArray(new float[0][]),
                classes.stream().mapToInt(Integer::intValue).toArray(), List.copyOf(sources), inputSize);
    }

    /** Number of boxes. */
    public int size() {
        return xyxy.length;
    }

    /** (n, 2) widths and heights, the input of k-means. */
    public float[][] widthsHeights() {
        return KMeansAnchors.widthsHeights(xyxy);
    }

    /** The boxes of one brand. */
    public BoxShapes ofClass(int classId) {
        return filter(classId, true);
    }

    /** The boxes of every brand but one. */
    public BoxShapes without(int classId) {
        return filter(classId, false);
    }

    /** Mean aspect ratio width / height of the boxes (a very wide word-mark is far above 1). */
    public double meanAspect() {
        double sum = 0;
        for (float[] b : xyxy) {
            sum += (b[2] - b[0]) / (double) (b[3] - b[1]);
        }
        return xyxy.length == 0 ? Double.NaN : sum / xyxy.length;
    }

    private BoxShapes filter(int classId, boolean keep) {
        List<float[]> boxes = new ArrayList<>();
        List<Integer> classes = new ArrayList<>();
        List<LogoImage> sources = new ArrayList<>();
        for (int i = 0; i < xyxy.length; i++) {
            if ((classIds[i] == classId) == keep) {
                boxes.add(xyxy[i]);
                classes.add(classIds[i]);
                sources.add(images.get(i));
            }
        }
        return new BoxShapes(boxes.toArray(new float[0][]),
                classes.stream().mapToInt(Integer::intValue).toArray(), List.copyOf(sources), inputSize);
    }
}
