package org.logokit.box;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.Shape;

/**
 * The three ways a box is written down as four numbers.
 *
 * <p>All three use the same coordinate convention as torchvision: absolute pixel coordinates
 * (not normalised), x to the right, y downwards, and continuous coordinates where the far edge is
 * exclusive, so a box from x1 = 2 to x2 = 5 is 3 pixels wide ({@code w = x2 - x1}, no "+1").
 * Normalised [0, 1] coordinates work too as long as both operands of an operation use them.
 *
 * <ul>
 *   <li>{@link #XYXY}: (x1, y1, x2, y2), top-left and bottom-right corners. The library's
 *       working format: IoU, NMS, clipping and matching all take XYXY.
 *   <li>{@link #XYWH}: (x, y, w, h), top-left corner plus size: the FlickrLogos-32 and COCO
 *       annotation format.
 *   <li>{@link #CXCYWH}: (cx, cy, w, h), centre plus size: what box coders, SSD default boxes and
 *       YOLO predictions use.
 * </ul>
 *
 * <p>Conversions work on arrays of any rank whose last axis has length 4, e.g. (N, 4) or
 * (batch, N, 4), keep the data type, and are differentiable.
 */
public enum BoxFormat {
    /** (x1, y1, x2, y2): corners, x2/y2 exclusive-continuous. */
    XYXY,
    /** (x, y, w, h): top-left corner plus width and height. */
    XYWH,
    /** (cx, cy, w, h): centre plus width and height. */
    CXCYWH;

    /**
     * Converts boxes from one format to another.
     *
     * @param boxes (..., 4) boxes in format {@code from}, absolute (or consistently normalised)
     *     coordinates
     * @param from the format {@code boxes} is written in
     * @param to the format wanted
     * @return a new (..., 4) array in format {@code to}, same shape and data type; a copy even
     *     when {@code from == to}
     * @throws IllegalArgumentException if the last axis does not have length 4
     */
    public static NDArray convert(NDArray boxes, BoxFormat from, BoxFormat to) {
        return to.fromXyxy(from.toXyxy(boxes));
    }

    /**
     * Converts boxes written in this format to {@link #XYXY}.
     *
     * @param boxes (..., 4) boxes in this format
     * @return (..., 4) boxes as (x1, y1, x2, y2)
     */
    public NDArray toXyxy(NDArray boxes) {
        requireLastAxis4(boxes);
        if (this == XYXY || boxes.size() == 0) {
            return boxes.duplicate();
        }
        NDArray a = coordinate(boxes, 0);
        NDArray b = coordinate(boxes, 1);
        NDArray w = coordinate(boxes, 2);
        NDArray h = coordinate(boxes, 3);
        if (this == XYWH) {
            return stack(a, b, a.add(w), b.add(h));
        }
        NDArray halfW = w.div(2);
        NDArray halfH = h.div(2);
        return stack(a.sub(halfW), b.sub(halfH), a.add(halfW), b.add(halfH));
    }

    /**
     * Converts {@link #XYXY} boxes to this format.
     *
     * @param boxes (..., 4) boxes as (x1, y1, x2, y2)
     * @return (..., 4) boxes in this format
     */
    public NDArray fromXyxy(NDArray boxes) {
        requireLastAxis4(boxes);
        if (this == XYXY || boxes.size() == 0) {
            return boxes.duplicate();
        }
        NDArray x1 = coordinate(boxes, 0);
        NDArray y1 = coordinate(boxes, 1);
        NDArray w = coordinate(boxes, 2).sub(x1);
        NDArray h = coordinate(boxes, 3).sub(y1);
        if (this == XYWH) {
            return stack(x1, y1, w, h);
        }
        return stack(x1.add(w.div(2)), y1.add(h.div(2)), w, h);
    }

    /** Column {@code k} of a (..., 4) array, as (...). */
    static NDArray coordinate(NDArray boxes, int k) {
        return boxes.get(new NDIndex("..., {}", k));
    }

    /** Stacks four (...) arrays into one (..., 4) array. */
    static NDArray stack(NDArray c0, NDArray c1, NDArray c2, NDArray c3) {
        return NDArrays.stack(new NDList(c0, c1, c2, c3), -1);
    }

    static void requireLastAxis4(NDArray boxes) {
        Shape shape = boxes.getShape();
        if (shape.dimension() == 0 || shape.get(shape.dimension() - 1) != 4) {
            throw new IllegalArgumentException("Boxes must have shape (..., 4) with four"
                    + " coordinates on the last axis, but the array has shape " + shape
                    + ". Reshape it, e.g. boxes.reshape(-1, 4).");
        }
    }
}
