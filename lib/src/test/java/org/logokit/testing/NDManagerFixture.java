package org.logokit.testing;

import ai.djl.ndarray.NDManager;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

/**
 * Base class of tests that make NDArrays: {@link #manager} is a fresh base manager opened before
 * each test and closed after it, so every array a test creates is freed even when it fails.
 * A subclass's own {@code @BeforeEach} methods run after this one and may use the manager.
 */
public abstract class NDManagerFixture {
    /** The manager of the running test. */
    protected NDManager manager;

    @BeforeEach
    final void openManager() {
        manager = NDManager.newBaseManager();
    }

    @AfterEach
    final void closeManager() {
        manager.close();
    }
}
