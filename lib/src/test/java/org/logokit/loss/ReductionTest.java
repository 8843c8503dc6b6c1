package org.logokit.loss;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;
import org.junit.jupiter.api.Test;
import org.logokit.testing.NDManagerFixture;

class ReductionTest extends NDManagerFixture {

    @Test
    void reducesByHandMeanSumAndNone() {
        NDArray values = manager.create(new float[] {1, 2, 3, 6});
        assertEquals(3f, Reduction.MEAN.reduce(values).getFloat(), 1e-6f);
        assertEquals(12f, Reduction.SUM.reduce(values).getFloat(), 1e-6f);
        assertArrayEquals(new float[] {1, 2, 3, 6}, Reduction.NONE.reduce(values).toFloatArray());
    }

    @Test
    void meanOfNothingIsZero() {
        assertEquals(0f, Reduction.MEAN.reduce(manager.zeros(new Shape(0))).getFloat(), 0f);
    }

    @Test
    void noneFallsBackToTheScalarReductionOthersStay() {
        assertSame(Reduction.MEAN, Reduction.NONE.orWhenNone(Reduction.MEAN));
        assertSame(Reduction.SUM, Reduction.NONE.orWhenNone(Reduction.SUM));
        assertSame(Reduction.SUM, Reduction.SUM.orWhenNone(Reduction.MEAN));
        assertSame(Reduction.MEAN, Reduction.MEAN.orWhenNone(Reduction.SUM));
    }
}
