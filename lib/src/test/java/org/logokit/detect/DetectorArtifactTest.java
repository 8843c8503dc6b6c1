package org.logokit.detect;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Model;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.logokit.detect.catalog.Detectors;

class DetectorArtifactTest {
    @TempDir
    Path tmp;

    @BeforeAll
    static void registerTheTestKind() {
        Detectors.register(TinyAnchorDetector.KIND, TinyAnchorDetector::new);
    }

    @Test
    void savedDetectorLoadsBackWithTheSameSpecAndOutputs() throws IOException {
        DetectorSpec spec = TinyAnchorDetector.spec(64);
        try (Model model = Detectors.newModel(spec); NDManager manager = NDManager.newBaseManager()) {
            Path dir = DetectorArtifact.save(model, tmp.resolve("tiny"));
            assertTrue(DetectorArtifact.exists(dir));
            assertEquals(spec, DetectorArtifact.readSpec(dir));
            NDArray images = manager.randomUniform(-1, 1, new Shape(1, 3, 64, 64));
            List<Detections> before = DetectorArtifact.detectorOf(model)
                    .detect(new ParameterStore(manager, false), images);
            try (Model loaded = Detectors.load(dir)) {
                List<Detections> after = DetectorArtifact.detectorOf(loaded)
                        .detect(new ParameterStore(manager, false), images);
                assertEquals(before.get(0).size(), after.get(0).size());
                assertArrayEquals(before.get(0).scores(), after.get(0).scores(), 1e-5f);
            }
        }
    }

    @Test
    void aFolderWithoutADetectorSaysSo() throws IOException {
        IOException e = assertThrows(IOException.class, () -> Detectors.load(tmp));
        assertTrue(e.getMessage().contains("detector.json"), e.getMessage());
        Files.writeString(tmp.resolve(DetectorArtifact.SPEC_FILE), "{\"kind\": \"no-such-kind\", \"name\": \"x\","
                + " \"classes\": [\"a\"], \"imageSize\": 64}");
        e = assertThrows(IOException.class, () -> Detectors.load(tmp));
        assertTrue(e.getMessage().contains("Unknown detector kind"), e.getMessage());
    }
}
