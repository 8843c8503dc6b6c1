package org.logokit.data;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The boxes of a data set as a detector sees them: every picture scaled so its longest side is
 * {@code inputSide} pixels (the course's detectors take 256-320), then each box's size (square
 * root of its area) and aspect ratio (width / height), and the number of logos of each picture
 * that has any. {@link DatasetStats#sizeHistogram}, {@link DatasetStats#aspectHistogram} and
 * {@link DatasetStats#logosPerImage} put profiles side by side.
 *
 * @param name what the table columns call the data set, e.g. {@code SynthLogos-32 standard}
 * @param inputSide the longest picture side the boxes are scaled to
 * @param sqrtArea per box, the square root of its area in pixels at {@code inputSide}
 * @param aspect per box, width / height
 * @param logosPerImage per picture with at least one box, its number of boxes
 * @param unreadable pictures skipped because their header could not be read
 */
public record BoxProfile(String name, int inputSide, double[] sqrtArea, double[] aspect,
        int[] logosPerImage, int unreadable) {
    /** Boxes smaller than this many pixels on the square root of their area are "small" (COCO). */
    public static final double SMALL = 32;
    /** Boxes from {@link #SMALL} up to this are "medium", larger ones "large" (COCO). */
    public static final double MEDIUM = 96;

    /** Defensive copies; checks the arrays match. */
    public BoxProfile {
        Objects.requireNonNull(name, "name");
        if (inputSide <= 0) {
            throw new IllegalArgumentException("inputSide must be positive, not " + inputSide);
        }
        if (sqrtArea.length != aspect.length) {
            throw new IllegalArgumentException("one size and one aspect ratio per box");
        }
        sqrtArea = sqrtArea.clone();
        aspect = aspect.clone();
        logosPerImage = logosPerImage.clone();
    }

    /**
     * Profiles the boxes of the given images. Picture sizes come from the image headers (no
     * pixels are decoded); pictures whose header cannot be read are skipped and counted.
     */
    public static BoxProfile of(String name, List<LogoImage> images, int inputSide) {
        List<Double> sizes = new ArrayList<>();
        List<Double> aspects = new ArrayList<>();
        List<Integer> perImage = new ArrayList<>();
        int unreadable = 0;
        for (LogoImage image : images) {
            List<PixelBox> boxes = image.boxes();
            if (boxes.isEmpty()) {
                continue;
            }
            int[] size = DatasetVerifier.imageSize(image.imagePath());
            if (size == null || size[0] <= 0 || size[1] <= 0) {
                unreadable++;
                continue;
            }
            double scale = inputSide / (double) Math.max(size[0], size[1]);
            int counted = 0;
            for (PixelBox b : boxes) {
                if (b.width() <= 0 || b.height() <= 0) {
                    continue;
                }
                sizes.add(Math.sqrt((double) b.width() * b.height()) * scale);
                aspects.add((double) b.width() / b.height());
                counted++;
            }
            if (counted > 0) {
                perImage.add(counted);
            }
        }
        return new BoxProfile(name, inputSide, sizes.stream().mapToDouble(Double::doubleValue)
                .toArray(), aspects.stream().mapToDouble(Double::doubleValue).toArray(),
                perImage.stream().mapToInt(Integer::intValue).toArray(), unreadable);
    }

    /** Number of boxes. */
    public int boxes() {
        return sqrtArea.length;
    }

    /** Share of the boxes under {@link #SMALL} × {@link #SMALL} pixels at the input size. */
    public double smallShare() {
        int small = 0;
        for (double s : sqrtArea) {
            if (s < SMALL) {
                small++;
            }
        }
        return sqrtArea.length == 0 ? 0 : small / (double) sqrtArea.length;
    }

    /** Mean number of boxes per picture that has any. */
    public double meanLogosPerImage() {
        double sum = 0;
        for (int n : logosPerImage) {
            sum += n;
        }
        return logosPerImage.length == 0 ? 0 : sum / logosPerImage.length;
    }
}
