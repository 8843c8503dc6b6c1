package org.logokit.detect.ssd;

import ai.djl.ndarray.NDArray;
import org.logokit.box.BoxCoder;
import org.logokit.box.IoUKind;
import org.logokit.loss.BoxIoULoss;
import org.logokit.loss.MultiBoxLoss;

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

    /**
     * The box term of a batch: the loss over the positive default boxes, divided by their number
     * (at least 1).
     *
     * @param offsets (B, N, 4) predicted offsets in the coder's coding
     * @param targetOffsets (B, N, 4) the matched objects encoded against their default boxes (read at
     *     positives only)
     * @param classTargets (B, N) class targets; positives are &gt; 0
     * @param defaultBoxes (N, 4) XYXY pixels
     * @param coder the coding of the offsets
     * @return the scalar box term
     */
    public NDArray compute(NDArray offsets, NDArray targetOffsets, NDArray classTargets, NDArray defaultBoxes,
            BoxCoder coder) {
        if (kind == null) {
            return MultiBoxLoss.localisation(offsets, targetOffsets, classTargets);
        }
        NDArray references = defaultBoxes.toType(offsets.getDataType(), false).expandDims(0);
        NDArray predicted = coder.decode(offsets, references).reshape(-1, 4);
        // the matched objects' boxes, recovered from their encoding (only positives are read)
        NDArray matched = coder.decode(targetOffsets.toType(offsets.getDataType(), false), references).reshape(-1, 4);
        NDArray positive = classTargets.reshape(-1).toType(offsets.getDataType(), false).gt(0.0)
                .toType(offsets.getDataType(), false);
        return BoxIoULoss.compute(predicted, matched, kind).mul(positive).sum().div(positive.sum().maximum(1f));
    }

    /** The overlap measure, or null for smooth L1. */
    public IoUKind iouKind() {
        return kind;
    }
}
