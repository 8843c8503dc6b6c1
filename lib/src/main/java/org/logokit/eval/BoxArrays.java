package org.logokit.eval;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.DataType;

/** Copies of NDArrays into Java arrays, and the IoU of two XYXY boxes, for evaluation code. */
final class BoxArrays {

    private BoxArrays() {}

    /** (n,4) NDArray to n rows of 4 floats. */
    static float[][] rows(NDArray boxes) {
        if (boxes.getShape().dimension() != 2 || boxes.getShape().get(1) != 4) {
            if (boxes.getShape().size() == 0) {
                return new float[0][];
            }
            throw new IllegalArgumentException("boxes must be (n,4) XYXY, got " + boxes.getShape());
        }
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
        double iw = Math.min(a[2], b[2]) - Math.max(a[0], b[0]);
        double ih = Math.min(a[3], b[3]) - Math.max(a[1], b[1]);
        if (iw <= 0 || ih <= 0) {
            return 0;
        }
        double inter = iw * ih;
        double areaA = Math.max(0, a[2] - a[0]) * (double) Math.max(0, a[3] - a[1]);
        double areaB = Math.max(0, b[2] - b[0]) * (double) Math.max(0, b[3] - b[1]);
        double union = areaA + areaB - inter;
        return union > 0 ? inter / union : 0;
    }
}
