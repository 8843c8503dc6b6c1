package org.logokit.annotate;

import org.logokit.data.PixelBox;

/**
 * One place where the template matched.
 *
 * @param box the matched window, XYXY pixels of the searched image (for a template turned by a
 *     small angle: the bounding box of the turned template)
 * @param score its normalised cross-correlation with the template, -1 to 1 (0 to 1 when either
 *     polarity is matched: the absolute value)
 * @param orientation how the template was turned
 * @param scale the template's size factor (square root of the area ratio)
 * @param aspect the template's width stretch (width / height relative to the template's own)
 * @param angle the small in-plane angle the template was turned by, degrees counter-clockwise
 *     (before the orientation)
 * @param accepted whether the annotator's acceptance rule accepted it
 */
public record Proposal(PixelBox box, double score, Orientation orientation, double scale, double aspect,
        double angle, boolean accepted) {

    /** A proposal of the template as drawn (in-plane angle 0). */
    public Proposal(PixelBox box, double score, Orientation orientation, double scale, double aspect,
            boolean accepted) {
        this(box, score, orientation, scale, aspect, 0, accepted);
    }

    /** A copy accepted or not. */
    public Proposal withAccepted(boolean isAccepted) {
        return new Proposal(box, score, orientation, scale, aspect, angle, isAccepted);
    }
}
