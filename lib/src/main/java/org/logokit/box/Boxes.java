package org.logokit.box;

import org.logokit.nd.Indices;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.DataType;

/**
 * Everyday operations on a set of boxes: area, clipping to the image, validity, removing small
 * boxes and rescaling.
 *
 * <p>All methods take {@link BoxFormat#XYXY} boxes (x1, y1, x2, y2) in absolute pixel coordinates
 * with exclusive-continuous far edges (width = x2 - x1, no "+1"), as torchvision does, as arrays of
 * shape (..., 4), usually (N, 4). Results live on the manager of the input.
 */
public final class Boxes {
    private Boxes() {}

    /**
     * Area of each box, {@code (x2 - x1) * (y2 - y1)}; inverted boxes (x2 &lt; x1 or y2 &lt; y1)
     * have area 0.
     *
     * @param boxes (..., 4) XYXY boxes, absolute pixel coordinates
     * @return (...) areas; (0) for (0, 4) input
     */
    public static NDArray area(NDArray boxes) {
        BoxFormat.requireLastAxis4(boxes);
        NDArray w = BoxFormat.coordinate(boxes, 2).sub(BoxFormat.coordinate(boxes, 0)).maximum(0);
        NDArray h = BoxFormat.coordinate(boxes, 3).sub(BoxFormat.coordinate(boxes, 1)).maximum(0);
        return w.mul(h);
    }

    /**
     * Area of one box given as plain numbers, {@code (x2 - x1) * (y2 - y1)}, 0 when inverted.
     *
     * @param xyxy {x1, y1, x2, y2}
     * @return the area in square pixels
     */
    public static double area(double[] xyxy) {
        if (xyxy == null || xyxy.length != 4) {
            throw new IllegalArgumentException("A box is four numbers {x1, y1, x2, y2}, got "
                    + (xyxy == null ? "null" : xyxy.length + " numbers"));
        }
        return Math.max(0, xyxy[2] - xyxy[0]) * Math.max(0, xyxy[3] - xyxy[1]);
    }

    /**
     * Clips boxes to an image: x to [0, width], y to [0, height] (torchvision's
     * {@code clip_boxes_to_image}). A box completely outside the image becomes a zero-area box on
     * the border; filter those with {@link #validMask} or {@link #removeSmall}.
     *
     * @param boxes (..., 4) XYXY boxes, absolute pixel coordinates
     * @param width image width in pixels (the exclusive right edge)
     * @param height image height in pixels (the exclusive bottom edge)
     * @return (..., 4) clipped XYXY boxes
     * @throws IllegalArgumentException if width or height is negative
     */
    public static NDArray clip(NDArray boxes, double width, double height) {
        BoxFormat.requireLastAxis4(boxes);
        if (width < 0 || height < 0) {
            throw new IllegalArgumentException("Image size must be non-negative, got width "
                    + width + " and height " + height + ".");
        }
        if (boxes.size() == 0) {
            return boxes.duplicate();
        }
        return BoxFormat.stack(
                BoxFormat.coordinate(boxes, 0).clip(0, width),
                BoxFormat.coordinate(boxes, 1).clip(0, height),
                BoxFormat.coordinate(boxes, 2).clip(0, width),
                BoxFormat.coordinate(boxes, 3).clip(0, height));
    }

    /**
     * Which boxes have positive width and height ({@code x2 > x1 && y2 > y1}).
     *
     * @param boxes (..., 4) XYXY boxes
     * @return (...) boolean mask
     */
    public static NDArray validMask(NDArray boxes) {
        BoxFormat.requireLastAxis4(boxes);
        NDArray wideEnough = BoxFormat.coordinate(boxes, 2).gt(BoxFormat.coordinate(boxes, 0));
        NDArray tallEnough = BoxFormat.coordinate(boxes, 3).gt(BoxFormat.coordinate(boxes, 1));
        return wideEnough.logicalAnd(tallEnough);
    }

    /**
     * Indices of the boxes whose width and height are both at least {@code minSize} (torchvision's
     * {@code remove_small_boxes}: it returns the indices to keep, in increasing order).
     *
     * @param boxes (N, 4) XYXY boxes, absolute pixel coordinates
     * @param minSize smallest allowed side in pixels; use a tiny positive value (e.g. 1e-3) to
     *     drop only degenerate boxes
     * @return (K) int64 indices into {@code boxes}, increasing; (0) when none is kept
     */
    public static NDArray removeSmall(NDArray boxes, double minSize) {
        BoxFormat.requireLastAxis4(boxes);
        NDArray w = BoxFormat.coordinate(boxes, 2).sub(BoxFormat.coordinate(boxes, 0));
        NDArray h = BoxFormat.coordinate(boxes, 3).sub(BoxFormat.coordinate(boxes, 1));
        return Indices.of(w.gte(minSize).logicalAnd(h.gte(minSize)));
    }

    /**
     * Rescales boxes, e.g. from a resized image back to the original one: x coordinates are
     * multiplied by {@code sx}, y coordinates by {@code sy}.
     *
     * @param boxes (..., 4) XYXY boxes (XYWH works too: all four coordinates scale the same way)
     * @param sx factor for x1 and x2 (new width / old width)
     * @param sy factor for y1 and y2 (new height / old height)
     * @return (..., 4) scaled boxes, same format
     */
    public static NDArray scale(NDArray boxes, double sx, double sy) {
        BoxFormat.requireLastAxis4(boxes);
        DataType type = boxes.getDataType().isFloating() ? boxes.getDataType() : DataType.FLOAT32;
        NDArray factors = boxes.getManager()
                .create(new float[] {(float) sx, (float) sy, (float) sx, (float) sy})
                .toType(type, false);
        return boxes.toType(type, false).mul(factors);
    }
}
