package org.logokit.env;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.engine.Engine;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EnvironmentReportTest {

    private static final String ENGINE = Engine.getDefaultEngineName();

    @Test
    void theEngineUnderTestLoadsAndIsReportedOk() {
        EnvironmentReport report = EnvironmentReport.collect(List.of(ENGINE));
        EngineStatus status = report.engines().get(0);
        assertTrue(status.loaded(), () -> "engine did not load: " + status.problem());
        assertNull(status.problem());
        assertTrue(status.version() != null && !status.version().isBlank());
        assertTrue(report.allEnginesLoaded());
        assertTrue(report.doctorLines().get(0).startsWith("OK    DJL " + Engine.getDjlVersion() + " engine " + ENGINE),
                report.doctorLines().get(0));
        assertEquals(System.getProperty("java.version"), report.javaVersion());
        assertTrue(report.offline(), "surefire runs DJL offline");
    }

    @Test
    void anUnknownEngineIsAFailWithAFix() {
        EnvironmentReport report = EnvironmentReport.collect(List.of("NoSuchEngine"));
        EngineStatus status = report.engines().get(0);
        assertFalse(status.loaded());
        assertTrue(status.problem().contains("not on the classpath"), status.problem());
        assertFalse(report.allEnginesLoaded());
        String line = report.doctorLines().get(0);
        assertTrue(line.startsWith("FAIL  DJL engine NoSuchEngine does not load"), line);
        assertTrue(line.contains("Fix: run environment/setup"), line);
    }

    @Test
    void textAndHtmlNameEveryEngineAndEscapeMarkup() {
        EnvironmentReport report = new EnvironmentReport("17", "/jdk", 2, 1024, "0.35.1", "MXNet",
                List.of(new EngineStatus("MXNet", true, "1.9.0", 0, null),
                        new EngineStatus("PyTorch", false, null, 0, "libtorch <missing>")),
                new GpuStatus(0, 0, List.of()), Path.of("/tmp/djl"), 2_500_000, true, "SMOKE",
                new EngineThreads(2, 0, "2", 2, 1, EngineThreads.THREADED_ENGINE, -1, -1, null),
                new PyTorchNatives(null, null, null, null, 0));
        String text = report.toText();
        assertTrue(text.contains("engine MXNet") && text.contains("1.9.0, 0 GPU(s)"), text);
        assertTrue(text.contains("not available: libtorch <missing>"), text);
        assertTrue(text.contains("(2 MB)") || text.contains("(3 MB)"), text);
        String html = report.toHtml();
        assertTrue(html.contains("libtorch &lt;missing&gt;"), html);
        assertFalse(html.contains("<missing>"), html);
        assertTrue(report.doctorLines().stream().anyMatch(l -> l.startsWith("FAIL  DJL engine PyTorch")));
        assertTrue(report.doctorLines().stream().anyMatch(l -> l.contains("offline mode on")));
    }

    @Test
    void mxnetCannotUseHopperOrCuda12() {
        GpuStatus h100 = new GpuStatus(1, 12040, List.of("90"));
        assertTrue(h100.cudaVisible());
        assertEquals("12.4", h100.cudaVersionText());
        assertTrue(h100.mxnetGpuProblem().contains("CUDA 12.4"), h100.mxnetGpuProblem());
        GpuStatus newCapability = new GpuStatus(1, 11020, List.of("86"));
        assertTrue(newCapability.mxnetGpuProblem().contains("compute capability 8.6"), newCapability.mxnetGpuProblem());
        assertNull(new GpuStatus(1, 11020, List.of("80")).mxnetGpuProblem(), "A100 with CUDA 11.2 works");
        assertNull(new GpuStatus(0, 0, List.of()).mxnetGpuProblem());
        assertEquals("none", new GpuStatus(0, 0, List.of()).cudaVersionText());
    }

    @Test
    void aGpuWithANewCapabilityOnACpuEngineGetsWarnings() {
        EnvironmentReport report = new EnvironmentReport("17", "/jdk", 2, 1024, "0.35.1", "MXNet",
                List.of(new EngineStatus("PyTorch", true, "2.7.1", 0, null)),
                new GpuStatus(1, 12040, List.of("90")), Path.of("/tmp/djl"), 0, false, "FULL",
                new EngineThreads(2, 0, "2", 2, 1, EngineThreads.THREADED_ENGINE, 2, 2, null),
                new PyTorchNatives(null, "/djl/pytorch/2.7.1-cpu", "2.7.1", null, 0));
        List<String> lines = report.doctorLines();
        assertTrue(lines.stream().anyMatch(l -> l.startsWith("WARN  MXNet cannot use this GPU")), lines.toString());
        assertTrue(lines.stream().anyMatch(l -> l.startsWith("WARN  engine PyTorch is a CPU build")), lines.toString());
    }

    @Test
    void folderSizeSumsFilesAndIsZeroForAMissingFolder(@TempDir Path dir) throws Exception {
        Files.write(dir.resolve("a.bin"), new byte[1000]);
        Files.createDirectories(dir.resolve("sub"));
        Files.write(dir.resolve("sub").resolve("b.bin"), new byte[234]);
        assertEquals(1234, EnvironmentReport.folderSize(dir));
        assertEquals(0, EnvironmentReport.folderSize(dir.resolve("missing")));
        assertEquals(0, EnvironmentReport.folderSize(null));
    }
}
