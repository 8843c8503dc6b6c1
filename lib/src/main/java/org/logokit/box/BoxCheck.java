package org.logokit.box;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;
import java.util.Locale;

/**
 * The one box validator of the kit: every package that takes boxes (box, eval, anchor, data, viz)
 * checks them here, so a bad box gets the same clear message wherever it enters.
 *
 * <p>A valid box is {@link BoxFormat#XYXY}: four finite numbers (x1, y1, x2, y2) with
 * {@code x2 >= x1} and {@code y2 >= y1}. Zero-area boxes (a line or a point) are valid by default:
 * they arise from clipping and are handled by every operation (IoU 0 with everything, see
 * {@link IoU}); callers that need a positive size (annotation files) ask for it. Array checks look
 * only at the shape: values on a device are not copied to the host just to be checked.
 */
public final class BoxCheck {
    private BoxCheck() {}

    /**
     * Requires an (N, 4) array of boxes.
     *
     * @param boxes the array
     * @param name what the array is, for the message (e.g. "boxes", "anchors")
     * @throws IllegalArgumentException naming the shape and how to fix it
     */
    public static void requireRows(NDArray boxes, String name) {
        Shape shape = boxes.getShape();
        if (shape.dimension() != 2 || shape.get(1) != 4) {
            throw new IllegalArgumentException("'" + name + "' must be (N, 4) XYXY boxes, but has"
                    + " shape " + shape + ". Reshape with reshape(-1, 4), or convert from another"
                    + " format with BoxFormat.convert.");
        }
    }

    /**
     * Requires an array whose last axis holds the four coordinates, (..., 4).
     *
     * @param boxes the array
     * @param name what the array is, for the message
     * @throws IllegalArgumentException naming the shape and how to fix it
     */
    public static void requireLastAxis4(NDArray boxes, String name) {
        Shape shape = boxes.getShape();
        if (shape.dimension() == 0 || shape.get(shape.dimension() - 1) != 4) {
            throw new IllegalArgumentException("'" + name + "' must have shape (..., 4) with four"
                    + " coordinates on the last axis, but has shape " + shape
                    + ". Reshape it, e.g. boxes.reshape(-1, 4).");
        }
    }

    /**
     * What is wrong with a box, or null when it is a valid XYXY box.
     *
     * @param x1 left edge
     * @param y1 top edge
     * @param x2 right edge (exclusive)
     * @param y2 bottom edge (exclusive)
     * @param allowEmpty whether a zero width or height is acceptable
     * @return null, or a short explanation such as "x2 < x1"
     */
    public static String problem(double x1, double y1, double x2, double y2, boolean allowEmpty) {
        if (!Double.isFinite(x1) || !Double.isFinite(y1) || !Double.isFinite(x2)
                || !Double.isFinite(y2)) {
            return "a coordinate is not a finite number";
        }
        if (x2 < x1 || y2 < y1) {
            return (x2 < x1 ? "x2 < x1" : "y2 < y1") + ": not XYXY corners (for x, y, width,"
                    + " height boxes convert with BoxFormat.XYWH or LabeledBox.ofXywh)";
        }
        if (!allowEmpty && (x2 == x1 || y2 == y1)) {
            return "zero width or height";
        }
        return null;
    }

    /**
     * What is wrong with a box given as an array, or null when it is a valid XYXY box (zero area
     * allowed).
     */
    public static String problem(float[] box) {
        if (box == null || box.length != 4) {
            return box == null ? "no box (null)" : "has " + box.length + " numbers, not 4";
        }
        return problem(box[0], box[1], box[2], box[3], true);
    }

    /** Same as {@link #problem(float[])} for doubles. */
    public static String problem(double[] box) {
        if (box == null || box.length != 4) {
            return box == null ? "no box (null)" : "has " + box.length + " numbers, not 4";
        }
        return problem(box[0], box[1], box[2], box[3], true);
    }

    /**
     * Requires a valid XYXY box (zero area allowed).
     *
     * @param box the four corners
     * @param what which box, for the message (e.g. "detection 3")
     * @throws IllegalArgumentException saying what is wrong
     */
    public static void requireBox(float[] box, String what) {
        String problem = problem(box);
        if (problem != null) {
            throw new IllegalArgumentException(message(what, box == null ? null : toDoubles(box), problem));
        }
    }

    /** Same as {@link #requireBox(float[], String)} for doubles. */
    public static void requireBox(double[] box, String what) {
        String problem = problem(box);
        if (problem != null) {
            throw new IllegalArgumentException(message(what, box, problem));
        }
    }

    /**
     * Requires every row to be a valid XYXY box.
     *
     * @param boxes rows of four corners
     * @param what what the rows are (e.g. "ground-truth box"); the message adds the row index
     */
    public static void requireBoxes(float[][] boxes, String what) {
        if (boxes == null) {
            throw new IllegalArgumentException(what + " boxes must not be null");
        }
        for (int i = 0; i < boxes.length; i++) {
            requireBox(boxes[i], what + " " + i);
        }
    }

    /** Same as {@link #requireBoxes(float[][], String)} for doubles. */
    public static void requireBoxes(double[][] boxes, String what) {
        if (boxes == null) {
            throw new IllegalArgumentException(what + " boxes must not be null");
        }
        for (int i = 0; i < boxes.length; i++) {
            requireBox(boxes[i], what + " " + i);
        }
    }

    private static String message(String what, double[] box, String problem) {
        String values = box == null || box.length != 4 ? ""
                : String.format(Locale.ROOT, " (%s, %s, %s, %s)", box[0], box[1], box[2], box[3]);
        return "Box " + what + values + " is not a valid XYXY box (x1, y1, x2, y2): " + problem
                + ".";
    }

    private static double[] toDoubles(float[] box) {
        double[] d = new double[box.length];
        for (int i = 0; i < box.length; i++) {
            d[i] = box[i];
        }
        return d;
    }
}
