package org.logokit.detect.ssd;

import org.logokit.box.IoUKind;

/**
 * How SSD's localisation term is computed on the positive default boxes.
 *
 * <ul>
 *   <li>{@link #SMOOTH_L1}: the paper's smooth L1 (β = 1) on the offsets in SSD coding (centre
 *       offsets over the default box's size / 0.1, log size ratios / 0.2).
 *   <li>{@link #GIOU}, {@link #DIOU}: {@code 1 - GIoU} or {@code 1 - DIoU} between the decoded
 *       predicted box and its object (seed 003's "optimised SSD"): the loss is about overlap
 *       itself, scale-free, and still pulls boxes that do not overlap their object.
 * </ul>
 */
public enum SsdBoxLoss {
    /** Smooth L1 on SSD-coded offsets. */
    SMOOTH_L1(null),
    /** 1 - GIoU on decoded boxes. */
    GIOU(IoUKind.GIOU),
    /** 1 - DIoU on decoded boxes. */
    DIOU(IoUKind.DIOU);

    private final IoUKind kind;

    SsdBoxLoss(IoUKind kind) {
        this.kind = kind;
    }

    /** The overlap measure, or null for smooth L1. */
    public IoUKind iouKind() {
        return kind;
    }
}
