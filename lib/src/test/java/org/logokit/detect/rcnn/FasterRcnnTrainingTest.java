package org.logokit.detect.rcnn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Model;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import java.io.IOException;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.logokit.detect.DetectorArtifact;
import org.logokit.detect.Detections;
import org.logokit.detect.catalog.Detectors;
import org.logokit.eval.ImageGroundTruth;
import org.logokit.eval.ImageMatch;
import org.logokit.infer.LogoDetector;

class FasterRcnnTrainingTest {

    @Test
    void oneImageIsLearnedInAFewDozenStepsAndItsLogoIsFound() throws IOException {
        TrainedTinyRcnn trained = TrainedTinyRcnn.get();
        List<Float> losses = trained.losses;
        float first = losses.get(0);
        int n = losses.size();
        float last = (losses.get(n - 1) + losses.get(n - 2) + losses.get(n - 3)) / 3;
        assertTrue(last < 0.5f * first, "the loss falls: " + losses);
        try (LogoDetector detector = LogoDetector.load(trained.dir)) {
            Detections found = detector.detect(trained.photo);
            assertTrue(found.size() > 0, "something is detected");
            ImageGroundTruth truth = new ImageGroundTruth(new float[][] {trained.box}, new int[] {trained.classId});
            ImageMatch match = ImageMatch.of(found.first(1), truth, 0.5);
            assertTrue(match.correct()[0], "the best detection is the logo, with its brand: " + found + " vs "
                    + java.util.Arrays.toString(trained.box) + " class " + trained.classId);
        }
    }

    @Test
    void aSavedModelLoadsBackAndDetectsTheSame() throws IOException {
        TrainedTinyRcnn trained = TrainedTinyRcnn.get();
        try (Model model = Detectors.load(trained.dir); NDManager manager = NDManager.newBaseManager()) {
            assertEquals(FasterRcnn.KIND, DetectorArtifact.readSpec(trained.dir).kind());
            NDArray image = manager.create(trained.input, new Shape(1, 3, TinyRcnn.SIZE, TinyRcnn.SIZE));
            Detections after = DetectorArtifact.detectorOf(model).detect(new ParameterStore(manager, false), image)
                    .get(0);
            Detections before = trained.beforeSaving;
            assertTrue(before.size() > 0);
            assertEquals(before.size(), after.size());
            assertArrayEquals(before.scores(), after.scores(), 1e-5f);
            assertArrayEquals(before.classes(), after.classes());
            for (int i = 0; i < before.size(); i++) {
                assertArrayEquals(before.boxes()[i], after.boxes()[i], 1e-3f);
            }
        }
    }
}
