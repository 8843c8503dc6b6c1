package org.logokit.viz;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.logokit.box.BoxCheck;

/**
 * One box to draw: pixel coordinates in <b>XYXY</b> format ({@code x1,y1} = top-left corner,
 * {@code x2,y2} = bottom-right corner, origin at the image's top-left, x to the right, y down), a
 * class label and an optional score.
 *
 * <p>FlickrLogos-32 stores boxes as {@code x y width height}; use {@link #ofXywh} for those.
 *
 * @param x1 left edge in pixels
 * @param y1 top edge in pixels
 * @param x2 right edge in pixels, {@code >= x1}
 * @param y2 bottom edge in pixels, {@code >= y1}
 * @param label class name shown on the box (also picks its colour)
 * @param score confidence in [0, 1] shown after the label, or {@code NaN} for a ground-truth box
 */
public record LabeledBox(double x1, double y1, double x2, double y2, String label, double score) {

    /** Validates the corners: finite numbers with {@code x1 <= x2} and {@code y1 <= y2}. */
    public LabeledBox {
        Objects.requireNonNull(label, "label");
        BoxCheck.requireBox(new double[] {x1, y1, x2, y2}, "'" + label + "'");
    }

    /** A ground-truth box (no score) from pixel XYXY corners. */
    public static LabeledBox ofXyxy(double x1, double y1, double x2, double y2, String label) {
        return new LabeledBox(x1, y1, x2, y2, label, Double.NaN);
    }

    /** A scored box (a prediction) from pixel XYXY corners. */
    public static LabeledBox ofXyxy(double x1, double y1, double x2, double y2, String label,
            double score) {
        return new LabeledBox(x1, y1, x2, y2, label, score);
    }

    /** A ground-truth box (no score) from pixel XYWH: top-left corner, width, height. */
    public static LabeledBox ofXywh(double x, double y, double width, double height, String label) {
        return ofXywh(x, y, width, height, label, Double.NaN);
    }

    /** A scored box from pixel XYWH: top-left corner, width, height. */
    public static LabeledBox ofXywh(double x, double y, double width, double height, String label,
            double score) {
        if (width < 0 || height < 0) {
            throw new IllegalArgumentException("Box '" + label + "' has a negative width or height: "
                    + width + " x " + height);
        }
        return new LabeledBox(x, y, x + width, y + height, label, score);
    }

    /**
     * Converts detector output to boxes to draw.
     *
     * @param boxesXyxy (N, 4) pixel boxes in XYXY format, any float type, any device
     * @param labels N class names
     * @param scores (N) confidences, or {@code null} for ground truth
     */
    public static List<LabeledBox> of(NDArray boxesXyxy, List<String> labels, NDArray scores) {
        Shape shape = boxesXyxy.getShape();
        if (shape.dimension() != 2 || shape.get(1) != 4) {
            throw new IllegalArgumentException("Expected boxes of shape (N, 4) in XYXY format, got "
                    + shape);
        }
        int n = (int) shape.get(0);
        if (labels.size() != n) {
            throw new IllegalArgumentException(n + " boxes but " + labels.size() + " labels");
        }
        if (scores != null && scores.size() != n) {
            throw new IllegalArgumentException(n + " boxes but " + scores.size() + " scores");
        }
        float[] corners = floats(boxesXyxy);
        float[] conf = scores == null ? null : floats(scores);
        List<LabeledBox> out = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            out.add(new LabeledBox(corners[4 * i], corners[4 * i + 1], corners[4 * i + 2],
                    corners[4 * i + 3], labels.get(i), conf == null ? Double.NaN : conf[i]));
        }
        return out;
    }

    private static float[] floats(NDArray array) {
        if (array.getDataType() == DataType.FLOAT32) {
            return array.toFloatArray();
        }
        try (NDArray converted = array.toType(DataType.FLOAT32, true)) {
            return converted.toFloatArray();
        }
    }

    /** Width in pixels. */
    public double width() {
        return x2 - x1;
    }

    /** Height in pixels. */
    public double height() {
        return y2 - y1;
    }

    /** {@code true} when a score is attached (a prediction rather than ground truth). */
    public boolean hasScore() {
        return !Double.isNaN(score);
    }

    /** The text drawn on the box: the label, followed by the score with two decimals if any. */
    public String caption() {
        return hasScore() ? String.format(java.util.Locale.ROOT, "%s %.2f", label, score) : label;
    }
}
