package org.logokit.box;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import java.util.List;
import org.logokit.nd.Concat;

/**
 * YOLOv2's box parametrisation: a prediction (tx, ty, tw, th) at grid cell (cx, cy) with anchor
 * prior (pw, ph) becomes the box
 *
 * <pre>
 *   bx = sigmoid(tx) + cx     bw = pw * exp(tw)
 *   by = sigmoid(ty) + cy     bh = ph * exp(th)
 * </pre>
 * The sigmoid keeps the centre inside its cell, which is what made YOLOv2 training stable.
 *
 * <p>Units: everything is in grid cells, i.e. (bx, by, bw, bh) is {@link BoxFormat#CXCYWH} with
 * one unit = one cell (cell (cx, cy) covers [cx, cx + 1) x [cy, cy + 1)); anchors are given in cells
 * too. Multiply by the stride in pixels ({@link Boxes#scale}) to get pixels, or divide by the grid
 * size to get normalised coordinates.
 */
public final class YoloBoxCoder {
    /** Keeps the logit of the in-cell offset finite when a centre lies exactly on a cell edge. */
    private static final double EDGE = 1e-6;

    private YoloBoxCoder() {}

    /**
     * Turns raw predictions into boxes.
     *
     * @param t (..., H, W, A, 4) raw predictions (tx, ty, tw, th) for an H x W grid and A anchors
     * @param anchors (A, 2) anchor priors (pw, ph) in grid cells
     * @return (..., H, W, A, 4) CXCYWH boxes in grid cells; differentiable in {@code t}
     */
    public static NDArray decode(NDArray t, NDArray anchors) {
        checkShapes(t, anchors);
        if (t.size() == 0) {
            return t.duplicate(); // slices of an empty array lose their shape on MXNet
        }
        NDArray offsets = cellOffsets(t);
        NDArray xy = Activation.sigmoid(t.get("..., 0:2")).add(offsets);
        NDArray wh = t.get("..., 2:4").exp().mul(anchors.toType(t.getDataType(), false));
        return Concat.along(List.of(xy, wh), -1);
    }

    /**
     * The inverse of {@link #decode}: the raw values a network should predict so that a grid
     * position yields a given box (regression targets). A centre outside its cell is pulled to
     * the nearest cell edge (the sigmoid cannot leave the cell).
     *
     * <p>Argument order as in {@link BoxCoder#encode}: the target boxes first, the references
     * (here the anchor priors) second.
     *
     * @param boxes (..., H, W, A, 4) CXCYWH target boxes in grid cells, laid out at the grid
     *     position (row cy, column cx) responsible for them; positive width and height
     * @param anchors (A, 2) anchor priors (pw, ph) in grid cells
     * @return (..., H, W, A, 4) targets (tx, ty, tw, th)
     */
    public static NDArray encode(NDArray boxes, NDArray anchors) {
        checkShapes(boxes, anchors);
        if (boxes.size() == 0) {
            return boxes.duplicate(); // slices of an empty array lose their shape on MXNet
        }
        NDArray inCell = boxes.get("..., 0:2").sub(cellOffsets(boxes)).clip(EDGE, 1 - EDGE);
        NDArray txy = inCell.log().sub(inCell.neg().add(1).log());
        NDArray twh = boxes.get("..., 2:4").div(anchors.toType(boxes.getDataType(), false)).log();
        return Concat.along(List.of(txy, twh), -1);
    }

    /** (H, W, 1, 2) array holding (column, row) of every cell of a (..., H, W, A, k) grid. */
    static NDArray cellOffsets(NDArray grid) {
        Shape shape = grid.getShape();
        int d = shape.dimension();
        long h = shape.get(d - 4);
        long w = shape.get(d - 3);
        NDManager manager = grid.getManager();
        DataType type = grid.getDataType();
        NDArray columns = manager.arange(0f, w, 1f).toType(type, false).reshape(1, w, 1, 1)
                .broadcast(h, w, 1, 1);
        NDArray rows = manager.arange(0f, h, 1f).toType(type, false).reshape(h, 1, 1, 1)
                .broadcast(h, w, 1, 1);
        return Concat.along(List.of(columns, rows), -1);
    }

    private static void checkShapes(NDArray grid, NDArray anchors) {
        Shape shape = grid.getShape();
        int d = shape.dimension();
        if (d < 4 || shape.get(d - 1) != 4) {
            throw new IllegalArgumentException("YOLO predictions must be (..., H, W, A, 4), got "
                    + shape + ". Reshape the network's (C, H, W) output first.");
        }
        Shape a = anchors.getShape();
        if (a.dimension() != 2 || a.get(1) != 2 || a.get(0) != shape.get(d - 2)) {
            throw new IllegalArgumentException("anchors must be (A, 2) = (" + shape.get(d - 2)
                    + ", 2) (width, height in grid cells), got " + a);
        }
    }
}
