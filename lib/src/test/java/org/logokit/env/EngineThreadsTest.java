package org.logokit.env;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDManager;
import java.util.List;
import org.junit.jupiter.api.Test;

class EngineThreadsTest {

    @Test
    void theTestJvmGivesTheEngineUnderTestEveryCoreOrTheRequestedCount() {
        // surefire sets OMP_NUM_THREADS and DJL's PyTorch properties from logokit.threads (lib/pom.xml)
        try (NDManager manager = NDManager.newBaseManager()) {
            manager.create(1f).add(1f).getFloat();
        }
        boolean pytorch = Engine.getDefaultEngineName().equals("PyTorch");
        EngineThreads threads = EngineThreads.probe(pytorch);
        int wanted = threads.target();
        assertEquals(String.valueOf(wanted), threads.ompNumThreads(), threads.describe());
        assertEquals(wanted, threads.mxnetOperatorThreads(), threads.describe());
        // and MXNet's engine as the kit's launchers choose it on a CPU machine (lib/pom.xml)
        assertEquals(EngineThreads.NAIVE_ENGINE, threads.mxnetEngine(), threads.describe());
        if (pytorch) {
            assertEquals(wanted, threads.pytorchIntraOp(), threads.describe());
            assertEquals(wanted, threads.pytorchInterOp(), threads.describe());
        }
        assertTrue(threads.doctorLines().get(0).startsWith("OK    engine threads: "), threads.doctorLines().toString());
    }

    @Test
    void mxnetWithoutOmpNumThreadsKeepsACoreForItsWorkerAndTheDoctorSaysHowToFixIt() {
        EngineThreads unset = new EngineThreads(2, 0, null, 1, 1, EngineThreads.THREADED_ENGINE, 2, 2, null);
        List<String> lines = unset.doctorLines();
        assertEquals(1, lines.size());
        assertTrue(lines.get(0).startsWith("WARN  engine threads: MXNet uses 1 thread(s) per operator but 2 are wanted"),
                lines.get(0));
        assertTrue(lines.get(0).contains("export OMP_NUM_THREADS=2"), lines.get(0));
        assertTrue(unset.describe().contains("OMP_NUM_THREADS not set"), unset.describe());
    }

    @Test
    void aRequestedCountIsTheTargetAndABadValueIsReported() {
        EngineThreads one = new EngineThreads(2, 1, "1", 1, 1, EngineThreads.THREADED_ENGINE, 1, 1, null);
        assertEquals(1, one.target());
        assertTrue(one.doctorLines().get(0).startsWith("OK    engine threads: MXNet 1 per operator"), one.doctorLines().toString());
        assertTrue(one.describe().endsWith("2 cores, LOGOKIT_THREADS=1"), one.describe());
        EngineThreads pytorchShort = new EngineThreads(4, 0, "4", 4, 1, EngineThreads.THREADED_ENGINE, 2, 4, null);
        assertTrue(pytorchShort.doctorLines().get(0).contains("PyTorch uses 2 intra-op thread(s) but 4 are wanted"),
                pytorchShort.doctorLines().toString());
        EngineThreads bad = new EngineThreads(2, 0, "2", 2, 1, EngineThreads.THREADED_ENGINE, -1, -1, "LOGOKIT_THREADS='x' is not a whole number >= 1; using all 2 cores");
        assertTrue(bad.doctorLines().get(0).startsWith("WARN  LOGOKIT_THREADS='x'"), bad.doctorLines().toString());
        assertTrue(bad.describe().contains("PyTorch not loaded"), bad.describe());
    }

    @Test
    void theNaiveEngineIsNamedInsteadOfAWorkerCount() {
        EngineThreads naive = new EngineThreads(2, 0, "2", 2, 1, EngineThreads.NAIVE_ENGINE, -1, -1, null);
        assertTrue(naive.describe().startsWith("MXNet 2 per operator (NaiveEngine), PyTorch not loaded"), naive.describe());
        assertTrue(naive.doctorLines().get(0).startsWith("OK    engine threads: "), naive.doctorLines().toString());
        EngineThreads threaded = new EngineThreads(2, 0, "2", 2, 1, EngineThreads.THREADED_ENGINE, -1, -1, null);
        assertTrue(threaded.describe().startsWith("MXNet 2 per operator (+1 worker)"), threaded.describe());
    }
}
