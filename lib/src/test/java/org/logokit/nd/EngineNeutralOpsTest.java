package org.logokit.nd;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.logokit.testing.NDManagerFixture;

/** The engine workarounds behave the same on MXNet and PyTorch (run the suite on both). */
class EngineNeutralOpsTest extends NDManagerFixture {

    @Test
    void concatSkipsEmptyPartsMadeBySlicing() {
        NDArray rows = manager.create(new float[] {1, 2, 3, 4, 5, 6, 7, 8}, new Shape(2, 4));
        // A zero-size slice: MXNet forgets its (0, 4) shape and its own concat rejects it.
        NDArray emptySlice = rows.get("0:0");
        NDArray joined = Concat.rows(List.of(emptySlice, rows, emptySlice, rows));
        assertEquals(new Shape(4, 4), joined.getShape());
        assertArrayEquals(new float[] {1, 2, 3, 4, 5, 6, 7, 8, 1, 2, 3, 4, 5, 6, 7, 8},
                joined.toFloatArray());
    }

    @Test
    void concatOfOnlyEmptyPartsKeepsTheOtherAxes() {
        NDArray a = manager.zeros(new Shape(0, 4), DataType.FLOAT32);
        NDArray b = manager.ones(new Shape(3, 4)).get("1:1");
        NDArray joined = Concat.rows(List.of(a, b));
        assertEquals(new Shape(0, 4), joined.getShape());
        assertEquals(DataType.FLOAT32, joined.getDataType());
        NDArray alongLast = Concat.along(List.of(manager.zeros(new Shape(2, 0))), -1);
        assertEquals(new Shape(2, 0), alongLast.getShape());
        // empty on another axis: (0, 5, 2) + (0, 5, 2) along the last axis is (0, 5, 4)
        NDArray half = manager.zeros(new Shape(0, 5, 2));
        assertEquals(new Shape(0, 5, 4), Concat.along(List.of(half, half), -1).getShape());
    }

    @Test
    void concatOfOnePartIsACopyOnTheFirstPartsManager() {
        NDArray only = manager.create(new long[] {4, 5, 6});
        NDArray joined = Concat.rows(List.of(manager.zeros(new Shape(0), DataType.INT64), only));
        assertNotSame(only, joined);
        assertArrayEquals(new long[] {4, 5, 6}, joined.toLongArray());
        assertEquals(manager, joined.getManager());
    }

    @Test
    void concatRejectsMismatchedPartsWithAMessage() {
        NDArray a = manager.ones(new Shape(2, 4));
        NDArray b = manager.ones(new Shape(2, 3));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Concat.rows(List.of(a, b)));
        assertTrue(e.getMessage().contains("(2, 3)"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Concat.rows(List.of()));
        assertThrows(IllegalArgumentException.class,
                () -> Concat.rows(List.of(a, manager.ones(new Shape(2, 4), DataType.INT32))));
    }

    @Test
    void indicesOfAnEmptyOrAllFalseMaskAreEmptyInt64() {
        NDArray empty = Indices.of(manager.zeros(new Shape(0), DataType.BOOLEAN));
        assertEquals(new Shape(0), empty.getShape());
        assertEquals(DataType.INT64, empty.getDataType());
        assertEquals(0, Indices.of(manager.create(new boolean[] {false, false})).size());
        assertArrayEquals(new long[] {0, 2}, Indices.of(manager.create(new boolean[] {true, false, true}))
                .toLongArray());
        NDArray rows = Indices.rows(manager.ones(new Shape(3, 4)), empty);
        assertEquals(new Shape(0, 4), rows.getShape());
    }

    @Test
    void rankingBreaksTiesByIndexOnEveryEngine() {
        float[] scores = {0.5f, 0.9f, 0.5f, 0.1f, 0.9f, 0.5f};
        assertArrayEquals(new long[] {1, 4, 0, 2, 5, 3}, Ranking.descending(scores));
        assertArrayEquals(new long[] {1, 4, 0, 2, 5, 3},
                Ranking.descending(manager.create(scores)).toLongArray());
        assertArrayEquals(new long[] {1, 0}, Ranking.descending(new float[] {-0.0f, 0.0f + 1e-9f}));
    }

    @Test
    void selectBroadcastsTheValuesOnEveryEngine() {
        NDArray condition = manager.create(new boolean[] {true, false, true});
        NDArray result = Select.where(condition, manager.create(new float[] {7f}),
                manager.create(new float[] {1, 2, 3}));
        assertArrayEquals(new float[] {7, 2, 7}, result.toFloatArray());
    }
}
