package org.logokit.detect.yolo;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import org.logokit.nd.Select;

/**
 * The one rule both YOLO encoders share: each ground-truth object claims one slot of the output
 * grid (YOLO v1: the cell that holds its centre; YOLOv2: that cell's best-fitting anchor), and when
 * two objects claim the same slot the larger one keeps it (equal areas: the lower row). The loser is
 * left out of that image's targets, which is YOLO's known weakness with crowded small objects.
 *
 * <p>Vectorised over the whole padded batch: the claims are compared as a (B, M, M) matrix and
 * the owners' values are written into the grid with one batched matrix product of a one-hot
 * (B, slots, M) matrix, so no loop runs over objects or cells.
 */
final class GridSlots {
    private GridSlots() {}

    /**
     * Which objects own their slot, and the grid filled with their values.
     *
     * @param slot (B, M) float32 slot index of each object (whole numbers in [0, slots))
     * @param valid (B, M) boolean, false on padding rows
     * @param area (B, M) float32 object areas (the larger wins a shared slot)
     * @param values (B, M, K) float32 what each object writes into its slot; must be finite
     * @param slots number of slots per image
     * @return NDList-like pair: owner (B, M) boolean and grid (B, slots, K) float32, on the
     *     manager of {@code slot}
     */
    static Filled fill(NDArray slot, NDArray valid, NDArray area, NDArray values, int slots) {
        NDManager manager = slot.getManager();
        long m = slot.getShape().get(1);
        NDArray sameSlot = slot.expandDims(2).eq(slot.expandDims(1)); // [b, g, h]
        NDArray index = manager.arange(0f, (float) m, 1f, DataType.FLOAT32);
        NDArray lowerRow = index.reshape(1, 1, m).lt(index.reshape(1, m, 1)); // h < g
        NDArray areaG = area.expandDims(2);
        NDArray areaH = area.expandDims(1);
        NDArray beats = areaH.gt(areaG).logicalOr(areaH.eq(areaG).logicalAnd(lowerRow));
        NDArray blocked = sameSlot.logicalAnd(beats).logicalAnd(valid.expandDims(1))
                .toType(DataType.INT32, false).sum(new int[] {2}).gt(0);
        NDArray owner = valid.logicalAnd(blocked.logicalNot());
        NDArray ownerF = owner.toType(DataType.FLOAT32, false);
        NDArray oneHot = slot.expandDims(2)
                .eq(manager.arange(0f, (float) slots, 1f, DataType.FLOAT32).reshape(1, 1, slots))
                .toType(DataType.FLOAT32, false).mul(ownerF.expandDims(2)); // (B, M, slots)
        NDArray kept = Select.where(owner.expandDims(2).broadcast(values.getShape()), values,
                manager.zeros(new Shape(1, 1, 1)));
        NDArray grid = oneHot.transpose(0, 2, 1).matMul(kept); // (B, slots, K)
        return new Filled(owner, grid);
    }

    /**
     * @param owner (B, M) boolean: the object owns its slot
     * @param grid (B, slots, K) the owners' values, 0 in free slots
     */
    record Filled(NDArray owner, NDArray grid) {}
}
