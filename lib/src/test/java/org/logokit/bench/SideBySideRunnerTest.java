package org.logokit.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;
import org.logokit.env.EngineThreads;

class SideBySideRunnerTest {

    @Test
    void runnerSuffixesNameAnMxnetEngineTypeOrAnAllocator() {
        assertEquals(EngineThreads.THREADED_ENGINE, SideBySide.mxnetEngineType("threaded"));
        assertEquals(EngineThreads.NAIVE_ENGINE, SideBySide.mxnetEngineType("Naive"));
        assertNull(SideBySide.mxnetEngineType("jemalloc"), "an allocator is not an engine type");
        assertEquals("", SideBySide.allocatorLibrary("glibc"), "glibc's malloc: nothing preloaded");
        assertThrows(IllegalArgumentException.class, () -> SideBySide.allocatorLibrary("threadedd"));
    }
}
