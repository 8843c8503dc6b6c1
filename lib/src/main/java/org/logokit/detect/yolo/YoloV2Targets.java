package org.logokit.detect.yolo;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import org.logokit.detect.DetectionBatch;
import org.logokit.nd.Select;

/**
 * YOLOv2's ground truth on an S × S grid with A anchor priors per cell: each object is assigned to
 * the cell that holds its centre and, in that cell, to the anchor whose shape fits it best (the
 * highest IoU of the two boxes placed at a common centre, ties: the lower anchor). Its targets
 * invert {@link org.logokit.box.YoloBoxCoder}: the centre's offset inside the cell
 * (what σ(tx), σ(ty) should become) and {@code log(w / pw)}, {@code log(h / ph)} (what tw, th
 * should become).
 *
 * <p>Cells follow {@link YoloV1Targets} (a centre on a cell edge belongs to the right / lower
 * cell). When two objects claim the same (cell, anchor) slot, the larger keeps it. Anchors are in
 * grid cells, boxes in input pixels; slots are numbered {@code (row · S + column) · A + anchor},
 * the order of the detector's flattened outputs.
 */
public final class YoloV2Targets {
    private YoloV2Targets() {}

    /**
     * The targets of a batch, each of shape (B, S·S·A, ...).
     *
     * @param offsets (B, S·S·A, 4) float32: (x offset in cell, y offset, log(w / pw), log(h / ph))
     *     at the responsible slots, 0 elsewhere
     * @param responsible (B, S·S·A) float32 1 at the slot answering for an object
     * @param classes (B, S·S·A) int64 brand id at responsible slots, -1 elsewhere
     * @param boxWeight (B, S·S·A) float32 {@code 2 - w·h} (w, h as image fractions): small boxes
     *     weigh more, as in YOLOv2's region layer; 0 elsewhere
     * @param gtBoxes (B, S·S·A, 4) float32 the responsible object's box, XYXY input pixels
     * @param ownerSlot (B, M) int32 slot of each ground-truth row, -1 for padding and for objects
     *     that lost their slot to a larger one
     */
    public record Targets(NDArray offsets, NDArray responsible, NDArray classes, NDArray boxWeight,
            NDArray gtBoxes, NDArray ownerSlot) {}

    /**
     * Assigns a batch's objects to grid slots.
     *
     * @param batch boxes (B, M, 4) XYXY pixels of the input image
     * @param imageSize side of the input image in pixels
     * @param gridSize S
     * @param anchors (A, 2) anchor priors (width, height) in grid cells, positive
     * @return the targets, on the manager of the batch's labels
     */
    public static Targets assign(DetectionBatch batch, int imageSize, int gridSize, NDArray anchors) {
        if (anchors.getShape().dimension() != 2 || anchors.getShape().get(1) != 2) {
            throw new IllegalArgumentException("anchors must be (A, 2) widths and heights in grid cells, got "
                    + anchors.getShape());
        }
        NDArray padded = batch.paddedBoxes();
        NDManager manager = padded.getManager();
        long b = padded.getShape().get(0);
        int s = gridSize;
        int a = Math.toIntExact(anchors.getShape().get(0));
        double cell = imageSize / (double) s;
        try (NDManager scratch = manager.newSubManager()) {
            NDArray boxes = padded.toType(DataType.FLOAT32, true);
            boxes.attach(scratch);
            NDArray classes = batch.paddedClasses().toType(DataType.FLOAT32, true);
            classes.attach(scratch);
            NDArray priors = anchors.toType(DataType.FLOAT32, true);
            priors.attach(scratch);
            NDArray valid = classes.gte(0f);
            NDArray x1 = boxes.get(":, :, 0");
            NDArray y1 = boxes.get(":, :, 1");
            NDArray x2 = boxes.get(":, :, 2");
            NDArray y2 = boxes.get(":, :, 3");
            NDArray cx = x1.add(x2).div(2 * cell);
            NDArray cy = y1.add(y2).div(2 * cell);
            NDArray column = cx.floor().clip(0, s - 1);
            NDArray row = cy.floor().clip(0, s - 1);
            // sizes in cells; padding rows get size 1 so that no log(0) reaches the targets
            NDArray w = Select.where(valid, x2.sub(x1).div(cell).maximum(1e-3f), scratch.ones(new Shape(1, 1)));
            NDArray h = Select.where(valid, y2.sub(y1).div(cell).maximum(1e-3f), scratch.ones(new Shape(1, 1)));

            NDArray pw = priors.get(":, 0").reshape(1, 1, a);
            NDArray ph = priors.get(":, 1").reshape(1, 1, a);
            NDArray inter = w.expandDims(2).minimum(pw).mul(h.expandDims(2).minimum(ph));
            NDArray fit = inter.div(w.mul(h).expandDims(2).add(pw.mul(ph)).sub(inter)); // (B, M, A)
            NDArray anchorIndex = scratch.arange(0f, (float) a, 1f, DataType.FLOAT32).reshape(1, 1, a);
            NDArray best = Select.where(fit.eq(fit.max(new int[] {2}, true)), anchorIndex.broadcast(fit.getShape()),
                    scratch.full(new Shape(1, 1, 1), (float) a)).min(new int[] {2}); // (B, M)
            NDArray chosen = best.expandDims(2).eq(anchorIndex).toType(DataType.FLOAT32, false);
            NDArray chosenW = chosen.mul(pw).sum(new int[] {2});
            NDArray chosenH = chosen.mul(ph).sum(new int[] {2});

            NDArray imageArea = scratch.full(new Shape(1, 1), (float) s * s);
            NDArray values = NDArrays.concat(new NDList(
                    NDArrays.stack(new NDList(cx.sub(column), cy.sub(row), w.div(chosenW).log(), h.div(chosenH).log(),
                            w.onesLike(), classes.add(1f), w.mul(h).div(imageArea).neg().add(2f)), 2),
                    boxes), 2); // (B, M, 11)
            NDArray slot = row.mul(s).add(column).mul(a).add(best);
            GridSlots.Filled filled = GridSlots.fill(slot, valid, w.mul(h), values, s * s * a);
            NDArray grid = filled.grid();
            NDArray offsets = grid.get(":, :, 0:4");
            NDArray responsible = grid.get(":, :, 4");
            NDArray classTarget = grid.get(":, :, 5").sub(1f).toType(DataType.INT64, false);
            NDArray weight = grid.get(":, :, 6").mul(responsible);
            NDArray gtBoxes = grid.get(":, :, 7:11");
            NDArray ownerSlot = Select.where(filled.owner(), slot, scratch.full(new Shape(1, 1), -1f))
                    .toType(DataType.INT32, false);
            NDList result = new NDList(offsets, responsible, classTarget, weight, gtBoxes, ownerSlot);
            result.attach(manager);
            return new Targets(offsets, responsible, classTarget, weight, gtBoxes, ownerSlot);
        }
    }
}
