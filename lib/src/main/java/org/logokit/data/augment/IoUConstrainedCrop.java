package org.logokit.data.augment;

import java.util.Random;
import org.logokit.data.AnnotatedImage;
import org.logokit.data.PixelBox;

/**
 * SSD's random crop for detection (Liu et al. 2016, "data augmentation"): pick a minimum IoU from
 * {none, 0.1, 0.3, 0.5, 0.7, 0.9} (or keep the whole image), then try up to {@code maxTrials}
 * windows of random size (each side 0.3 to 1 of the image's, aspect ratio 0.5 to 2) until one
 * contains the centre of at least one box and overlaps such a box with IoU at least the minimum.
 * Boxes (XYXY pixels) then follow {@link BoxCrop}: kept when their centre is inside, clipped to the
 * window. If no window qualifies, the image is returned unchanged, so a logo is never cut away
 * entirely. An image without boxes gets a plain random window of the same size range.
 */
public final class IoUConstrainedCrop implements ImageTransform {
    /** Minimum IoU choices; NaN means "keep the whole image", 0 means "any overlap". */
    private static final double[] MIN_IOUS = {Double.NaN, 0.0, 0.1, 0.3, 0.5, 0.7, 0.9};

    private final double minScale;
    private final int maxTrials;

    /** SSD's settings: window sides at least 0.3 of the image's, 50 trials per choice. */
    public IoUConstrainedCrop() {
        this(0.3, 50);
    }

    /**
     * @param minScale smallest window side as a fraction of the image's side (0 to 1)
     * @param maxTrials windows tried per minimum-IoU choice
     */
    public IoUConstrainedCrop(double minScale, int maxTrials) {
        if (!(minScale > 0 && minScale <= 1) || maxTrials < 1) {
            throw new IllegalArgumentException("need 0 < minScale <= 1 and maxTrials >= 1");
        }
        this.minScale = minScale;
        this.maxTrials = maxTrials;
    }

    @Override
    public AnnotatedImage apply(AnnotatedImage input, Random random) {
        int width = input.width();
        int height = input.height();
        double minIoU = MIN_IOUS[random.nextInt(MIN_IOUS.length)];
        if (Double.isNaN(minIoU)) {
            return input;
        }
        for (int trial = 0; trial < maxTrials; trial++) {
            int w = (int) Math.round(width * (minScale + (1 - minScale) * random.nextDouble()));
            int h = (int) Math.round(height * (minScale + (1 - minScale) * random.nextDouble()));
            if (w < 1 || h < 1 || (double) w / h < 0.5 || (double) w / h > 2) {
                continue;
            }
            int x = random.nextInt(width - w + 1);
            int y = random.nextInt(height - h + 1);
            if (input.boxes().isEmpty()) {
                return BoxCrop.apply(input, x, y, w, h);
            }
            PixelBox window = new PixelBox(x, y, x + w, y + h);
            double best = -1;
            for (PixelBox b : input.boxes()) {
                if (BoxCrop.centreInside(b, x, y, w, h)) {
                    best = Math.max(best, window.iou(b));
                }
            }
            if (best >= minIoU && best >= 0) {
                AnnotatedImage cropped = BoxCrop.apply(input, x, y, w, h);
                if (!cropped.boxes().isEmpty()) {
                    return cropped;
                }
            }
        }
        return input;
    }
}
