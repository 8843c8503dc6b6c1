package org.logokit.experiments;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDManager;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.logokit.data.DetectionSplits;
import org.logokit.data.Fixture;
import org.logokit.data.FlickrLogos32;
import org.logokit.data.LogoDetectionDataset;
import org.logokit.data.PixelBox;
import org.logokit.detect.Backbone;
import org.logokit.detect.DetectorSpec;
import org.logokit.detect.retina.RetinaNet;
import org.logokit.train.DetectionHistory;
import org.logokit.train.TrainingDivergence;
import tech.tablesaw.api.Table;

/**
 * The chapter 11 experiment end to end on the hand-made FlickrLogos fixture (64 px inputs, a tiny
 * RetinaNet, one epoch, no pretrained backbone), with its models in a temporary data folder.
 */
class FocalLossExperimentTest {
    static final int SIZE = 64;

    @TempDir
    Path tmp;

    /** 64 px: P3..P7 maps of 8, 4, 2, 1, 1 cells, 9 anchors each = 86 x 9 = 774 anchors. */
    static RetinaNet.Config tinyRetina() {
        return RetinaNet.Config.paper(Backbone.Width.QUARTER, 16, 8).withTowerDepth(2);
    }

    static FocalLossExperiment.Settings tinySettings(int imbalanceImages) {
        return new FocalLossExperiment.Settings("t11", SIZE, 2, 1, 0.01f, false, 0, 0, 0, false, tinyRetina(), 2,
                imbalanceImages, 11, true, false);
    }

    DetectionSplits fixtureSplits() {
        return DetectionSplits.of(FlickrLogos32.open(Fixture.copy(tmp)), DetectionSplits.Settings.of(SIZE, 2));
    }

    @Test
    void imbalanceCountsEveryAnchorOnceAndMatchesAnIndependentIouCount() throws IOException {
        DetectionSplits splits = fixtureSplits();
        LogoDetectionDataset validation = splits.validation();
        DetectorSpec spec = tinySettings(2).focalSpec(validation.classNames());
        FocalLossExperiment.Imbalance counts = FocalLossExperiment.imbalance(spec, validation, 2);

        assertEquals(2, counts.images());
        assertEquals(774, counts.anchors());
        assertEquals(counts.anchors(), counts.positives() + counts.ignored() + counts.negatives(), 1e-9);
        assertEquals(validation.classNames().size(), counts.classes());

        // the reference: IoU of every anchor with every logo in plain Java, the matcher's rules
        // (>= 0.5 foreground, < 0.4 background, each logo's best anchors foreground as well)
        float[] anchors;
        try (NDManager manager = NDManager.newBaseManager()) {
            anchors = new RetinaNet(spec).anchors(manager).toFloatArray();
        }
        double positives = 0;
        double negatives = 0;
        double logos = 0;
        for (int i = 0; i < 2; i++) {
            List<PixelBox> boxes = validation.annotated(i).boxes();
            logos += boxes.size();
            int n = anchors.length / 4;
            double[][] iou = new double[n][boxes.size()];
            double[] bestOfBox = new double[boxes.size()];
            for (int a = 0; a < n; a++) {
                for (int b = 0; b < boxes.size(); b++) {
                    iou[a][b] = iou(anchors, a, boxes.get(b));
                    bestOfBox[b] = Math.max(bestOfBox[b], iou[a][b]);
                }
            }
            for (int a = 0; a < n; a++) {
                double best = 0;
                boolean bestOfSomeBox = false;
                for (int b = 0; b < boxes.size(); b++) {
                    best = Math.max(best, iou[a][b]);
                    bestOfSomeBox |= bestOfBox[b] > 0 && iou[a][b] == bestOfBox[b];
                }
                if (best >= 0.5 || bestOfSomeBox) {
                    positives++;
                } else if (best < 0.4) {
                    negatives++;
                }
            }
        }
        assertTrue(logos >= 2, "the fixture's validation images have logos");
        assertEquals(logos / 2, counts.logos(), 1e-9);
        assertEquals(positives / 2, counts.positives(), 1e-9);
        assertEquals(negatives / 2, counts.negatives(), 1e-9);
        assertTrue(counts.positives() >= counts.logos(), "every logo gets at least its best anchor");
        assertEquals(counts.negatives() / counts.positives(), counts.negativesPerPositive(), 1e-9);
        assertEquals((counts.positives() + counts.negatives()) * counts.classes(), counts.pairs(), 1e-9);
        assertTrue(counts.describe().startsWith("774 anchors per image"), counts.describe());
    }

    @Test
    void runsBothLossesFromOneSeedReportsThemAndReusesTheSavedModels() throws IOException {
        DetectionSplits splits = fixtureSplits();
        FocalLossExperiment.Settings settings = tinySettings(2);
        ByteArrayOutputStream text = new ByteArrayOutputStream();
        PrintStream log = new PrintStream(text, true, StandardCharsets.UTF_8);
        Path data = tmp.resolve("data");
        double focalMap;
        double crossEntropyMap;
        try (FocalLossExperiment.Result result = FocalLossExperiment.run(settings, splits, data, log)) {
            // the prior study: two variants, every iteration of the first batches recorded
            assertEquals(List.of("π = 0.01", "π = 0.5 (bias 0)"), List.copyOf(result.prior().keySet()));
            double[] withPrior = result.prior().get("π = 0.01").iterationValues("class");
            double[] withoutPrior = result.prior().get("π = 0.5 (bias 0)").iterationValues("class");
            assertEquals(2, withPrior.length, "the settings ask for 2 iterations of the prior study");
            // at the first step every logit is the bias: with p = 0.5 each of the ~770 x 32 background
            // answers costs 0.75 * 0.25 * ln 2 = 0.13, with p = 0.01 only 0.75 * 1e-4 * 0.01 = 7.5e-7
            assertTrue(withoutPrior[0] > 20 * withPrior[0], withoutPrior[0] + " against " + withPrior[0]);

            // both full runs trained for the settings' epochs, on the same images, from fresh models
            assertFalse(result.focal().reused());
            assertFalse(result.crossEntropy().reused());
            assertEquals(1, result.focal().history().size());
            assertEquals(1, result.crossEntropy().history().size());
            assertNotEquals(result.focal().folder(), result.crossEntropy().folder());
            assertEquals(data.resolve("models").resolve("t11-focal"), result.focal().folder());
            assertEquals(2, result.focalReport().images(), "the fixture's two test logo images");
            assertEquals(2, result.crossEntropyReport().images());
            assertEquals(List.of("RetinaNet, focal loss", "RetinaNet, cross-entropy"),
                    List.copyOf(result.reports().keySet()), "no saved Faster R-CNN in the fresh data folder");
            assertTrue(result.saved().isEmpty());
            focalMap = result.focalReport().map50();
            crossEntropyMap = result.crossEntropyReport().map50();
        }
        String printed = text.toString(StandardCharsets.UTF_8);
        assertTrue(printed.contains("Imbalance: 774 anchors per image"), printed);
        assertTrue(printed.contains("No saved Faster R-CNN"), printed);

        // the second run loads both models instead of training them, and measures the same
        text.reset();
        try (FocalLossExperiment.Result again = FocalLossExperiment.run(settings, splits, data, log)) {
            assertTrue(again.focal().reused());
            assertTrue(again.crossEntropy().reused());
            assertEquals(focalMap, again.focalReport().map50(), 1e-9);
            assertEquals(crossEntropyMap, again.crossEntropyReport().map50(), 1e-9);
        }
        assertTrue(text.toString(StandardCharsets.UTF_8).contains("Using the detector trained earlier"));
    }

    @Test
    void aRunThatDivergesIsRecordedWithItsLossesAndTheExperimentGoesOn() throws IOException {
        DetectionSplits splits = fixtureSplits();
        // a learning rate no detector survives: every training run of the experiment diverges
        FocalLossExperiment.Settings settings = tinySettings(2).withEpochs(3).withLearningRate(1e7f);
        ByteArrayOutputStream text = new ByteArrayOutputStream();
        PrintStream log = new PrintStream(text, true, StandardCharsets.UTF_8);
        Path data = tmp.resolve("data");
        try (FocalLossExperiment.Result result = FocalLossExperiment.run(settings, splits, data, log)) {
            // the prior study keeps the iterations it made
            assertFalse(result.prior().get("π = 0.5 (bias 0)").iterations().isEmpty());
            for (FocalLossExperiment.Run run : List.of(result.focal(), result.crossEntropy())) {
                assertTrue(run.diverged(), run.label() + ": " + run.describe());
                TrainingDivergence where = run.divergence();
                DetectionHistory history = run.history();
                assertEquals(where.epoch(), history.size(), "epochs completed before it diverged");
                assertTrue(history.iterations().size() >= where.batch(), "its losses up to the batch that diverged");
                assertFalse(run.reused());
                assertThrows(IllegalStateException.class, run::testReport);
                IllegalStateException noModel = assertThrows(IllegalStateException.class, run::model);
                assertTrue(noModel.getMessage().contains("diverged in epoch " + where.epoch() + ", batch "
                        + where.batch()), noModel.getMessage());
                // nothing saved, no checkpoint to resume mid-way: a rerun starts it over from the seed
                assertFalse(Files.exists(data.resolve("models").resolve("t11-" + (run == result.focal() ? "focal" : "ce"))));
                assertFalse(Files.exists(data.resolve("runs").resolve("t11-" + (run == result.focal() ? "focal" : "ce"))));
            }
            assertEquals(List.of("focal loss", "cross-entropy"), List.copyOf(result.histories().keySet()));
            assertTrue(result.reports().isEmpty());
            assertEquals(List.of("RetinaNet, focal loss", "RetinaNet, cross-entropy"),
                    List.copyOf(result.diverged().keySet()));
            Table table = result.comparison("Test logos");
            assertEquals(2, table.rowCount());
            assertTrue(table.stringColumn("note").get(1).startsWith("diverged in epoch"), table.print());
            assertTrue(table.doubleColumn("mAP@0.5").isMissing(1));
        }
        String printed = text.toString(StandardCharsets.UTF_8);
        assertTrue(printed.contains("Test, cross-entropy: diverged in epoch"), printed);
        assertTrue(printed.contains("recorded as this run's result"), printed);
    }

    @Test
    void comparisonTableShowsReportsThenRunsWithoutOne() throws IOException {
        DetectionSplits splits = fixtureSplits();
        FocalLossExperiment.Settings settings = tinySettings(2);
        try (FocalLossExperiment.Result result = FocalLossExperiment.run(settings, splits, tmp.resolve("data"),
                new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8))) {
            Table plain = result.comparison("Test logos");
            assertEquals(2, plain.rowCount());
            assertFalse(plain.columnNames().contains("note"), "no note column when every run trained");
            Table withDiverged = DetectorComparison.of("t", result.reports(), java.util.Map.of("RetinaNet, other",
                    "diverged in epoch 0, batch 3 (the loss is NaN)"));
            assertEquals(3, withDiverged.rowCount());
            assertEquals("", withDiverged.stringColumn("note").get(0));
            assertEquals(result.focalReport().map50(), withDiverged.doubleColumn("mAP@0.5").get(0), 1e-12);
            assertTrue(withDiverged.doubleColumn("mAP").isMissing(2));
            assertTrue(withDiverged.intColumn("test images").isMissing(2));
        }
    }

    @Test
    void crossEntropyRunDiffersOnlyInItsLoss() {
        FocalLossExperiment.Settings settings = tinySettings(2);
        List<String> brands = List.of("adidas", "HP");
        DetectorSpec focal = settings.focalSpec(brands);
        DetectorSpec crossEntropy = settings.crossEntropySpec(brands);
        assertEquals("t11-focal", focal.name());
        assertEquals("t11-ce", crossEntropy.name());
        RetinaNet.Config ce = new RetinaNet(crossEntropy).config();
        RetinaNet.Config fl = new RetinaNet(focal).config();
        assertTrue(fl.usesFocalLoss());
        assertFalse(ce.usesFocalLoss());
        assertEquals(0.0, ce.focalGamma());
        assertEquals(fl.focalGamma(), 2.0);
        // everything else the same: the spec of the focal config with cross-entropy is the cross-entropy spec
        assertEquals(RetinaNet.spec("t11-ce", brands, SIZE, tinyRetina().withCrossEntropy()), crossEntropy);
    }

    @Test
    void badSettingsAndMismatchedSplitsSayWhatToDo() {
        IllegalArgumentException crossEntropy = assertThrows(IllegalArgumentException.class,
                () -> new FocalLossExperiment.Settings("x", SIZE, 2, 1, 0.01f, false, 0, 0, 0, false,
                        tinyRetina().withCrossEntropy(), 2, 2, 11, false, false));
        assertTrue(crossEntropy.getMessage().contains("focal-loss one"), crossEntropy.getMessage());
        assertThrows(IllegalArgumentException.class, () -> tinySettings(0));
        assertThrows(IllegalArgumentException.class, () -> tinySettings(2).withEpochs(0));

        DetectionSplits other = DetectionSplits.of(FlickrLogos32.open(Fixture.copy(tmp)),
                DetectionSplits.Settings.of(32, 2));
        IllegalArgumentException sizes = assertThrows(IllegalArgumentException.class,
                () -> FocalLossExperiment.run(tinySettings(2), other, tmp.resolve("data"), System.out));
        assertTrue(sizes.getMessage().contains("32 px") && sizes.getMessage().contains("64 px"), sizes.getMessage());
    }

    private static double iou(float[] anchors, int a, PixelBox box) {
        double x1 = Math.max(anchors[4 * a], box.x1());
        double y1 = Math.max(anchors[4 * a + 1], box.y1());
        double x2 = Math.min(anchors[4 * a + 2], box.x2());
        double y2 = Math.min(anchors[4 * a + 3], box.y2());
        double inter = Math.max(0, x2 - x1) * Math.max(0, y2 - y1);
        double areaA = (anchors[4 * a + 2] - anchors[4 * a]) * (anchors[4 * a + 3] - anchors[4 * a + 1]);
        double areaB = box.width() * box.height();
        return inter / (areaA + areaB - inter);
    }
}
