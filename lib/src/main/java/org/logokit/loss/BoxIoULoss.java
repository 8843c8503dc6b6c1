package org.logokit.loss;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.training.loss.Loss;
import org.logokit.box.IoU;
import org.logokit.box.IoUKind;

/**
 * IoU-family box regression loss: {@code 1 - IoU}, {@code 1 - GIoU} or {@code 1 - DIoU} (or CIoU)
 * between each predicted box and its matched target, built on {@link IoU#elementwise}.
 *
 * <p>Plain IoU loss gives no gradient when the boxes do not overlap; GIoU adds a penalty for the
 * empty part of the enclosing box and DIoU one for the distance between centres, so both still
 * pull disjoint boxes together (DIoU converges faster, seed table AP@0.75..0.99).
 *
 * <p><b>Boxes:</b> (N,4) XYXY, both in the same coordinate system (pixels or normalised); the loss
 * is scale-free. As a DJL {@link Loss}: labels = NDList(target boxes (N,4)), predictions =
 * NDList(predicted boxes (N,4)) (decoded, not deltas).
 */
public final class BoxIoULoss extends Loss {

    private final IoUKind kind;
    private final Reduction reduction;

    /**
     * @param kind IOU, GIOU, DIOU or CIOU
     * @param reduction MEAN or SUM
     */
    public BoxIoULoss(IoUKind kind, Reduction reduction) {
        super(kind.name() + "Loss");
        this.kind = kind;
        this.reduction = reduction;
    }

    /**
     * Per-box loss {@code 1 - kind(predicted[i], target[i])}.
     *
     * @param predicted (N,4) XYXY boxes
     * @param target (N,4) XYXY boxes, same coordinate system
     * @param kind IOU, GIOU, DIOU or CIOU
     * @return (N) loss, in [0, 1] for IOU and [0, 2) for GIOU/DIOU
     */
    public static NDArray compute(NDArray predicted, NDArray target, IoUKind kind) {
        return IoU.elementwise(predicted, target, kind).neg().add(1.0);
    }

    /** {@inheritDoc} */
    @Override
    public NDArray evaluate(NDList labels, NDList predictions) {
        NDArray perBox = compute(predictions.singletonOrThrow(), labels.singletonOrThrow(), kind);
        return reduction.orWhenNone(Reduction.MEAN).reduce(perBox);
    }

    /** @return which overlap measure this loss uses */
    public IoUKind getKind() {
        return kind;
    }
}
