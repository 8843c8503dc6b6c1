package org.logokit.env;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.engine.Engine;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PyTorchNativesTest {

    @Test
    void aConfiguredFolderThatWasLoadedIsOkAndACudaBuildWithoutGpuIsAWarning() {
        PyTorchNatives cpu = new PyTorchNatives("/opt/libtorch/lib", "/opt/libtorch/lib", "2.7.1", "cpu", 0);
        assertTrue(cpu.usesConfiguredFolder());
        assertEquals(List.of("OK    PyTorch natives: libtorch 2.7.1 cpu from /opt/libtorch/lib (PYTORCH_LIBRARY_PATH;"
                + " environment/setup --libtorch none goes back to the bundled build)"), cpu.doctorLines());
        List<String> cuda = new PyTorchNatives("/opt/lt", "/opt/lt", "2.7.1", "cu128", 0).doctorLines();
        assertTrue(cuda.get(1).startsWith("WARN  the libtorch folder is a CUDA build (cu128) but PyTorch sees no GPU"),
                cuda.toString());
        List<String> gpu = new PyTorchNatives("/opt/lt", "/opt/lt", "2.7.1", "cu128", 1).doctorLines();
        assertEquals("OK    PyTorch sees 1 GPU(s) through the cu128 libtorch", gpu.get(1));
        List<String> elsewhere = new PyTorchNatives("/opt/lt", "/root/.djl.ai/pytorch/x", "2.7.1", "cpu", 0).doctorLines();
        assertTrue(elsewhere.get(0).startsWith("FAIL  PyTorch natives: PYTORCH_LIBRARY_PATH=/opt/lt but libtorch came from"),
                elsewhere.toString());
        assertTrue(new PyTorchNatives("/opt/lt", null, "2.7.1", "cpu", 0).doctorLines().get(0).startsWith("FAIL"));
        assertTrue(new PyTorchNatives(null, null, null, null, 0).doctorLines().isEmpty());
    }

    /**
     * The GPU route's mechanism, offline, with the CPU build: libtorch "unpacked" into a folder of
     * its own (links to the bundled CPU libraries, without DJL's JNI library), a fresh DJL cache,
     * DJL's three settings; a new JVM must load libtorch from that folder and compute.
     */
    @Test
    void djlLoadsLibtorchFromALocalFolderOffline(@TempDir Path tmp) throws Exception {
        EngineStatus bundled = EngineStatus.probe("PyTorch");
        assertTrue(bundled.loaded(), bundled.problem());
        Path source = Path.of(PyTorchNatives.probe(bundled).loadedFolder());
        Path folder = Files.createDirectories(tmp.resolve("libtorch").resolve("lib"));
        try (Stream<Path> files = Files.list(source)) {
            for (Path file : files.toList()) {
                String name = file.getFileName().toString();
                if (name.contains(".so") && !name.contains("djl_torch")) {
                    Files.createSymbolicLink(folder.resolve(name), file.toRealPath());
                }
            }
        }
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        ProcessBuilder builder = new ProcessBuilder(java.toString(), "-Dorg.slf4j.simpleLogger.defaultLogLevel=error",
                "-Dorg.slf4j.simpleLogger.logFile=System.out", "-cp", System.getProperty("java.class.path"),
                EnvironmentReport.class.getName(), "--engines", "PyTorch", "--doctor");
        builder.environment().put("PYTORCH_LIBRARY_PATH", folder.toString());
        builder.environment().put("PYTORCH_VERSION", "2.7.1");
        builder.environment().put("PYTORCH_FLAVOR", "cpu");
        builder.environment().put("DJL_OFFLINE", "true");
        builder.environment().put("DJL_CACHE_DIR", tmp.resolve("djl-cache").toString());
        Process process = builder.redirectErrorStream(true).start();
        String out;
        try {
            assertTrue(process.waitFor(180, TimeUnit.SECONDS), "the child JVM did not finish");
        } finally {
            out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            process.destroyForcibly();
        }
        assertEquals(0, process.exitValue(), out);
        assertTrue(out.contains("OK    DJL " + Engine.getDjlVersion() + " engine PyTorch 2.7.1 loads and computes"), out);
        assertTrue(out.contains("OK    PyTorch natives: libtorch 2.7.1 cpu from " + folder), out);
        // the JNI library came from DJL's pytorch-jni jar into the fresh cache, nothing was downloaded
        assertTrue(exists(tmp.resolve("djl-cache"), "libdjl_torch.so"), "JNI extracted into the new cache");
    }

    private static boolean exists(Path dir, String suffix) throws IOException {
        try (Stream<Path> files = Files.walk(dir)) {
            return files.anyMatch(p -> p.getFileName().toString().endsWith(suffix));
        }
    }
}
