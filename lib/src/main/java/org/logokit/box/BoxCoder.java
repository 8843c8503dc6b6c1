package org.logokit.box;

import ai.djl.ndarray.NDArray;

/**
 * Faster R-CNN's box encoding: a target box is described relative to a reference box (an anchor
 * or a proposal) by four deltas that are roughly zero-mean and unit-scale, which makes them easy
 * for a network to regress.
 *
 * <pre>
 *   dx = wx * (gx - rx) / rw      dw = ww * log(gw / rw)
 *   dy = wy * (gy - ry) / rh      dh = wh * log(gh / rh)
 * </pre>
 * where (gx, gy, gw, gh) and (rx, ry, rw, rh) are the centres and sizes of the target and the
 * reference box. The weights (wx, wy, ww, wh) rescale the deltas: torchvision uses (1, 1, 1, 1)
 * in the RPN and (10, 10, 5, 5) in the R-CNN head. Decoding inverts this; dw and dh are clamped at
 * {@code log(1000 / 16)} first (as torchvision does) so that an untrained network cannot produce
 * boxes of astronomical size through {@code exp}.
 *
 * <p>Boxes going in and out are {@link BoxFormat#XYXY} (x1, y1, x2, y2) in absolute pixel
 * coordinates, exclusive-continuous (w = x2 - x1, no "+1"). Reference boxes must have positive
 * width and height. Arrays may be (N, 4) or any (..., 4) shapes that broadcast against each
 * other, e.g. deltas (N, C, 4) per class against references (N, 1, 4). Both directions are
 * differentiable.
 */
public class BoxCoder {
    /** torchvision's clamp for dw and dh when decoding: log(1000 / 16). */
    public static final double DEFAULT_SIZE_CLAMP = Math.log(1000.0 / 16);

    private final double wx;
    private final double wy;
    private final double ww;
    private final double wh;
    private final double sizeClamp;

    /**
     * @param wx weight of the x-centre delta
     * @param wy weight of the y-centre delta
     * @param ww weight of the log-width delta
     * @param wh weight of the log-height delta
     * @param sizeClamp upper bound applied to dw / ww and dh / wh before {@code exp} when decoding
     */
    public BoxCoder(double wx, double wy, double ww, double wh, double sizeClamp) {
        if (wx <= 0 || wy <= 0 || ww <= 0 || wh <= 0) {
            throw new IllegalArgumentException("Box coder weights must be positive, got ("
                    + wx + ", " + wy + ", " + ww + ", " + wh + ")");
        }
        this.wx = wx;
        this.wy = wy;
        this.ww = ww;
        this.wh = wh;
        this.sizeClamp = sizeClamp;
    }

    /** A coder with the given weights and torchvision's size clamp. */
    public BoxCoder(double wx, double wy, double ww, double wh) {
        this(wx, wy, ww, wh, DEFAULT_SIZE_CLAMP);
    }

    /** The RPN coder: weights (1, 1, 1, 1). */
    public static BoxCoder rpn() {
        return new BoxCoder(1, 1, 1, 1);
    }

    /** The R-CNN head coder: weights (10, 10, 5, 5). */
    public static BoxCoder rcnnHead() {
        return new BoxCoder(10, 10, 5, 5);
    }

    /**
     * Deltas that turn each reference box (anchor or proposal) into its matched target box.
     *
     * <p>Argument order is torchvision's {@code BoxCoder.encode(matched_gt_boxes, proposals)}: the
     * ground truth first, the references second, so a torchvision port reads the same.
     *
     * @param matchedGt (..., 4) XYXY target boxes (the ground truth matched to each reference),
     *     absolute pixels
     * @param references (..., 4) XYXY reference boxes (anchors or proposals), same shape or
     *     broadcastable, positive size
     * @return (..., 4) deltas (dx, dy, dw, dh)
     */
    public NDArray encode(NDArray matchedGt, NDArray references) {
        NDArray r = BoxFormat.CXCYWH.fromXyxy(references);
        NDArray g = BoxFormat.CXCYWH.fromXyxy(matchedGt);
        NDArray rw = BoxFormat.coordinate(r, 2);
        NDArray rh = BoxFormat.coordinate(r, 3);
        NDArray dx = BoxFormat.coordinate(g, 0).sub(BoxFormat.coordinate(r, 0)).div(rw).mul(wx);
        NDArray dy = BoxFormat.coordinate(g, 1).sub(BoxFormat.coordinate(r, 1)).div(rh).mul(wy);
        NDArray dw = BoxFormat.coordinate(g, 2).div(rw).log().mul(ww);
        NDArray dh = BoxFormat.coordinate(g, 3).div(rh).log().mul(wh);
        return BoxFormat.stack(dx, dy, dw, dh);
    }

    /**
     * Applies deltas to reference boxes.
     *
     * @param deltas (..., 4) deltas (dx, dy, dw, dh), e.g. a network's regression output
     * @param references (..., 4) XYXY reference boxes (anchors or proposals), absolute pixels,
     *     broadcastable to {@code deltas}
     * @return (..., 4) XYXY decoded boxes, absolute pixels (not clipped to the image: use
     *     {@link Boxes#clip})
     */
    public NDArray decode(NDArray deltas, NDArray references) {
        BoxFormat.requireLastAxis4(deltas);
        NDArray r = BoxFormat.CXCYWH.fromXyxy(references);
        NDArray rw = BoxFormat.coordinate(r, 2);
        NDArray rh = BoxFormat.coordinate(r, 3);
        NDArray cx = BoxFormat.coordinate(deltas, 0).div(wx).mul(rw).add(BoxFormat.coordinate(r, 0));
        NDArray cy = BoxFormat.coordinate(deltas, 1).div(wy).mul(rh).add(BoxFormat.coordinate(r, 1));
        NDArray w = BoxFormat.coordinate(deltas, 2).div(ww).minimum(sizeClamp).exp().mul(rw);
        NDArray h = BoxFormat.coordinate(deltas, 3).div(wh).minimum(sizeClamp).exp().mul(rh);
        return BoxFormat.CXCYWH.toXyxy(BoxFormat.stack(cx, cy, w, h));
    }
}
