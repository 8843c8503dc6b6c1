package org.logokit.engine;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import org.junit.jupiter.api.Test;

class EngineSmokeTest {
    @Test
    void addsTwoArraysOnTheConfiguredEngine() {
        try (NDManager manager = NDManager.newBaseManager()) {
            NDArray a = manager.create(new float[] {1, 2, 3});
            NDArray b = manager.create(new float[] {10, 20, 30});
            assertArrayEquals(new float[] {11, 22, 33}, a.add(b).toFloatArray());
            System.out.println("engine under test: " + manager.getEngine().getEngineName()
                    + " " + manager.getEngine().getVersion());
        }
    }
}
