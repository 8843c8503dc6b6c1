package org.logokit.data.augment;

import java.util.ArrayList;
import java.util.List;
import org.logokit.data.AnnotatedImage;
import org.logokit.data.PixelBox;

/**
 * What happens to boxes when an image is cropped (boxes XYXY float pixels): a box is kept when its
 * centre lies inside the crop (the SSD rule), then clipped to the crop and moved into the crop's
 * coordinates. A kept box that clips to nothing is dropped.
 */
public final class BoxCrop {
    private BoxCrop() {}

    /**
     * Crops an annotated image to the rectangle {@code [x, x+w) × [y, y+h)}, which must lie inside it.
     */
    public static AnnotatedImage apply(AnnotatedImage input, int x, int y, int w, int h) {
        List<PixelBox> boxes = new ArrayList<>();
        List<Integer> ids = new ArrayList<>();
        for (int i = 0; i < input.boxes().size(); i++) {
            PixelBox b = input.boxes().get(i);
            if (!centreInside(b, x, y, w, h)) {
                continue;
            }
            PixelBox moved = b.shift(-x, -y).clip(w, h);
            if (moved.isValid()) {
                boxes.add(moved);
                ids.add(input.classIds().get(i));
            }
        }
        return new AnnotatedImage(Pixels.crop(input.image(), x, y, w, h), boxes, ids);
    }

    /** True when the box's centre lies inside {@code [x, x+w) × [y, y+h)}. */
    public static boolean centreInside(PixelBox b, float x, float y, float w, float h) {
        float cx = b.centerX();
        float cy = b.centerY();
        return cx >= x && cx < x + w && cy >= y && cy < y + h;
    }
}
