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
 * YOLO v1's ground truth on an S × S grid: the cell that holds an object's centre is responsible
 * for it, and its target row is {@code (x, y, w, h, 1, one-hot class)} in the layout of
 * {@link org.logokit.loss.YoloV1Loss}: (x, y) the centre's offset inside the cell in cell units,
 * (w, h) the box size as a fraction of the image. Which of the cell's B predictors answers for the
 * object is decided later, by the loss, from the predictions (the one that overlaps best).
 *
 * <p><b>Cells.</b> The image of side {@code imageSize} pixels is cut into S × S cells of
 * {@code imageSize / S} pixels; a centre at pixel (cx, cy) lies in column
 * {@code floor(cx / cell)} and row {@code floor(cy / cell)}. A centre exactly on the edge between
 * two cells belongs to the right (lower) one, with offset 0; a centre on the image's far edge stays
 * in the last cell with offset 1. <b>Two objects in one cell:</b> a v1 cell predicts one class, so
 * the larger object owns the cell and the other is left out of the targets ({@link Encoded#ownerCell}
 * says which).
 */
public final class YoloV1Targets {
    private YoloV1Targets() {}

    /**
     * The encoded batch.
     *
     * @param targets (B, S, S, 5 + C) float32 targets for {@link org.logokit.loss.YoloV1Loss}
     * @param ownerCell (B, M) int32: for each ground-truth row, the flat cell index
     *     {@code row * S + column} it is responsible for, or -1 for padding rows and for objects
     *     that lost their cell to a larger one
     */
    public record Encoded(NDArray targets, NDArray ownerCell) {
        /** Objects of the batch that own a cell (a host value). */
        public long owners() {
            return ownerCell.gte(0).toType(DataType.INT64, false).sum().getLong();
        }
    }

    /**
     * Encodes a batch's ground truth.
     *
     * @param batch boxes (B, M, 4) XYXY pixels of the {@code imageSize} × {@code imageSize} input
     * @param imageSize side of the input image in pixels
     * @param gridSize S
     * @param numClasses C
     * @return the targets, on the manager of the batch's labels
     */
    public static Encoded encode(DetectionBatch batch, int imageSize, int gridSize, int numClasses) {
        if (imageSize < 1 || gridSize < 1 || numClasses < 1) {
            throw new IllegalArgumentException("imageSize, gridSize and numClasses must be positive, got "
                    + imageSize + ", " + gridSize + ", " + numClasses);
        }
        NDArray padded = batch.paddedBoxes();
        NDManager manager = padded.getManager();
        long b = padded.getShape().get(0);
        int s = gridSize;
        double cell = imageSize / (double) s;
        try (NDManager scratch = manager.newSubManager()) {
            NDArray boxes = padded.toType(DataType.FLOAT32, true);
            boxes.attach(scratch);
            NDArray classes = batch.paddedClasses().toType(DataType.FLOAT32, true);
            classes.attach(scratch);
            NDArray valid = classes.gte(0f);
            NDArray x1 = boxes.get(":, :, 0");
            NDArray y1 = boxes.get(":, :, 1");
            NDArray x2 = boxes.get(":, :, 2");
            NDArray y2 = boxes.get(":, :, 3");
            NDArray cx = x1.add(x2).div(2 * cell);
            NDArray cy = y1.add(y2).div(2 * cell);
            NDArray column = cx.floor().clip(0, s - 1);
            NDArray row = cy.floor().clip(0, s - 1);
            NDArray w = x2.sub(x1).div((float) imageSize);
            NDArray h = y2.sub(y1).div((float) imageSize);
            NDArray oneHot = classes.expandDims(2)
                    .eq(scratch.arange(0f, (float) numClasses, 1f, DataType.FLOAT32).reshape(1, 1, numClasses))
                    .toType(DataType.FLOAT32, false);
            NDArray values = NDArrays.concat(new NDList(
                    NDArrays.stack(new NDList(cx.sub(column), cy.sub(row), w, h, w.onesLike()), 2), oneHot), 2);
            NDArray slot = row.mul(s).add(column);
            GridSlots.Filled filled = GridSlots.fill(slot, valid, w.mul(h), values, s * s);
            NDArray targets = filled.grid().reshape(b, s, s, 5L + numClasses);
            NDArray ownerCell = Select.where(filled.owner(), slot, scratch.full(new Shape(1, 1), -1f))
                    .toType(DataType.INT32, false);
            targets.attach(manager);
            ownerCell.attach(manager);
            return new Encoded(targets, ownerCell);
        }
    }
}
