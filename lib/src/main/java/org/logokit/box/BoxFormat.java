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

    /**
     * Converts one box given as plain numbers, without NDArrays.
     *
     * @param box four numbers in format {@code from}
     * @param from the format {@code box} is written in
     * @param to the format wanted
     * @return a new array of four numbers in format {@code to}
     * @throws IllegalArgumentException if {@code box} does not hold exactly four numbers
     */
    public static double[] convert(double[] box, BoxFormat from, BoxFormat to) {
        return to.fromXyxy(from.toXyxy(box));
    }

    /**
     * Converts many boxes given as plain numbers, without NDArrays.
     *
     * @param boxes rows of four numbers in format {@code from}
     * @param from the format of the rows
     * @param to the format wanted
     * @return new rows in format {@code to}
     */
    public static float[][] convert(float[][] boxes, BoxFormat from, BoxFormat to) {
        float[][] out = new float[boxes.length][];
        for (int i = 0; i < boxes.length; i++) {
            if (boxes[i] == null || boxes[i].length != 4) {
                throw new IllegalArgumentException("Box " + i + " must have four numbers, has "
                        + (boxes[i] == null ? "none" : boxes[i].length));
            }
            double[] row = convert(new double[] {boxes[i][0], boxes[i][1], boxes[i][2],
                boxes[i][3]}, from, to);
            out[i] = new float[] {(float) row[0], (float) row[1], (float) row[2], (float) row[3]};
        }
        return out;
    }

    /**
     * One box in this format, as plain numbers, converted to {@link #XYXY}.
     *
     * @param box four numbers in this format
     * @return {x1, y1, x2, y2}
     */
    public double[] toXyxy(double[] box) {
        requireFour(box);
        switch (this) {
            case XYWH:
                return new double[] {box[0], box[1], box[0] + box[2], box[1] + box[3]};
            case CXCYWH:
                return new double[] {box[0] - box[2] / 2, box[1] - box[3] / 2,
                    box[0] + box[2] / 2, box[1] + box[3] / 2};
            default:
                return box.clone();
        }
    }

    /**
     * One {@link #XYXY} box, as plain numbers, converted to this format.
     *
     * @param box {x1, y1, x2, y2}
     * @return four numbers in this format
     */
    public double[] fromXyxy(double[] box) {
        requireFour(box);
        double w = box[2] - box[0];
        double h = box[3] - box[1];
        switch (this) {
            case XYWH:
                return new double[] {box[0], box[1], w, h};
            case CXCYWH:
                return new double[] {box[0] + w / 2, box[1] + h / 2, w, h};
            default:
                return box.clone();
        }
    }

    private static void requireFour(double[] box) {
        if (box == null || box.length != 4) {
            throw new IllegalArgumentException("A box is four numbers, got "
                    + (box == null ? "null" : box.length + " numbers"));
        }
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
        BoxCheck.requireLastAxis4(boxes, "boxes");
    }
}
