package org.logokit.eval;

/**
 * How the detections of one image and class are matched to its ground truth. Both take the
 * detections by decreasing score and match each ground-truth box at most once, so a second
 * detection of the same object is a false positive; they differ in which box a detection may take.
 */
public enum MatchingRule {
    /**
     * pycocotools: a detection takes, among the ground-truth boxes not matched yet, the one with
     * the highest IoU, provided that IoU is at least the threshold (at equal IoU the later box in
     * ground-truth order wins, as in pycocotools' loop). Boxes outside the evaluated area range are
     * tried only when no box inside the range matches.
     */
    COCO,
    /**
     * The PASCAL VOC devkit ({@code VOCevaldet.m}, {@code voc_eval.py}): a detection looks only at
     * the ground-truth box it overlaps most (the first one on ties), taken or not; it is a true
     * positive when that IoU is strictly above the threshold and the box is still free, otherwise
     * a false positive (even if another free box overlaps enough). The devkit measures inclusive
     * integer pixels with a "+1"; the kit's continuous boxes give the same IoU when VOC's
     * {@code xmax} is converted to {@code x2 = xmax + 1}.
     */
    VOC_DEVKIT
}
