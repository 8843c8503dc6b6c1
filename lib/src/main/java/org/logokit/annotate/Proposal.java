package org.logokit.annotate;

import org.logokit.data.PixelBox;

/**
 * One place where the template matched.
 *
 * @param box the matched window, XYXY pixels of the searched image
 * @param score its normalised cross-correlation with the template, -1 to 1
 * @param orientation how the template was turned
 * @param scale the template's size factor (square root of the area ratio)
 * @param aspect the template's width stretch (width / height relative to the template's own)
 * @param accepted whether the score reached the annotator's acceptance threshold
 */
public record Proposal(PixelBox box, double score, Orientation orientation, double scale, double aspect,
        boolean accepted) {}
