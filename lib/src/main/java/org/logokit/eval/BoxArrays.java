package org.logokit.eval;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.DataType;
import org.logokit.box.BoxCheck;
import org.logokit.box.IoU;
import org.logokit.box.IoUKind;

/** Copies of NDArrays into Java arrays for evaluation code (overlaps come from {@link IoU}). */
final class BoxArrays {

    private BoxArrays() {}

    /** (n,4) NDArray to n rows of 4 floats. */
    static float[][] rows(NDArray boxes) {
        if (boxes.getShape().size() == 0) {
            return new float[0][];
        }
        BoxCheck.requireRows(boxes, "boxes");
        float[] flat = boxes.toType(DataType.FLOAT32, false).toFloatArray();
        float[][] rows = new float[flat.length / 4][];
        for (int i = 0; i < rows.length; i++) {
            rows[i] = new float[] {flat[4 * i], flat[4 * i + 1], flat[4 * i + 2], flat[4 * i + 3]};
        }
        return rows;
    }

    /** Integer (or integral float) NDArray to ints. */
    static int[] ints(NDArray labels) {
        return labels.toType(DataType.INT32, false).toIntArray();
    }

    /** IoU of two XYXY boxes (continuous coordinates, no +1); 0 when the union is empty. */
    static double iou(float[] a, float[] b) {
        return IoU.of(a[0], a[1], a[2], a[3], b[0], b[1], b[2], b[3], IoUKind.IOU);
    }
}
