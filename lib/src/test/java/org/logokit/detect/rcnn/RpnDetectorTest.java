package org.logokit.detect.rcnn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Model;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.training.ParameterStore;
import ai.djl.training.dataset.ArrayDataset;
import ai.djl.training.dataset.Batch;
import ai.djl.translate.TranslateException;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.logokit.detect.DetectionBatch;
import org.logokit.detect.Detections;
import org.logokit.detect.DetectorArtifact;
import org.logokit.detect.TinyScenes;
import org.logokit.detect.catalog.Detectors;
import org.logokit.eval.ImageGroundTruth;
import org.logokit.eval.ProposalRecall;
import org.logokit.train.Seeds;

class RpnDetectorTest {
    @TempDir
    Path tmp;

    @Test
    void aStandaloneRpnLearnsWhereTheLogosAreAndItsProposalsCoverThem() throws IOException, TranslateException {
        Seeds.fix(5);
        try (NDManager manager = NDManager.newBaseManager(); Model model = Detectors.newModel(TinyRcnn.rpnSpec())) {
            ArrayDataset two = TinyScenes.dataset(manager, 3, TinyRcnn.SIZE, 16, 26, 9, 3, false);
            List<Float> losses = TinyRcnn.train(model, two, 30, 0.003f);
            assertTrue(losses.get(29) < 0.6f * losses.get(0), "the loss falls: " + losses);

            Batch batch = two.getData(manager).iterator().next();
            DetectionBatch truth = DetectionBatch.of(batch.getLabels());
            NDArray images = batch.getData().head();
            Path dir = DetectorArtifact.save(model, tmp.resolve("rpn"));
            try (Model loaded = Detectors.load(dir)) {
                assertTrue(loaded.getBlock() instanceof RpnDetector);
                List<Detections> proposals = DetectorArtifact.detectorOf(loaded)
                        .detect(new ParameterStore(manager, false), images);
                ProposalRecall recall = new ProposalRecall(new int[] {1, 10, 50}, 0.5);
                for (int i = 0; i < proposals.size(); i++) {
                    Detections p = proposals.get(i);
                    assertTrue(p.size() <= TinyRcnn.rpnConfig().postNmsTopNTest());
                    for (int c : p.classes()) {
                        assertEquals(0, c, "one class: logo");
                    }
                    recall.add(p, ImageGroundTruth.of(truth.boxes(i), truth.classes(i)));
                }
                int logos = 0;
                for (int i = 0; i < truth.size(); i++) {
                    logos += truth.count(i);
                }
                assertTrue(logos >= 3, "every image has a logo");
                assertEquals(logos, recall.logos());
                assertEquals(1.0, recall.recallAt(10), 1e-9, recall.summary());
            }
        }
    }
}
