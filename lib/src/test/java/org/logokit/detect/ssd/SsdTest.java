package org.logokit.detect.ssd;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Model;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.logokit.box.IoU;
import org.logokit.data.LogoClasses;
import org.logokit.detect.DetectionBatch;
import org.logokit.detect.DetectorArtifact;
import org.logokit.detect.TargetAssigner;
import org.logokit.detect.catalog.Detectors;
import org.logokit.loss.MultiBoxLoss;
import org.logokit.testing.NDManagerFixture;

/** SSD's default boxes, matching, hard negatives and box losses on hand-checked cases. */
class SsdTest extends NDManagerFixture {

    private static Ssd ssd(int size, Ssd.Config config) {
        return new Ssd(Ssd.spec("test", LogoClasses.BRANDS, size, config));
    }

    @Test
    void at300PixelsTheMapsAreSsd300sWith8732DefaultBoxesOr1940WithOneBoxPerLocation() {
        Ssd full = ssd(300, Ssd.Config.defaults());
        assertArrayEquals(new int[] {38, 19, 10, 5, 3, 1}, full.mapSizes());
        assertArrayEquals(new int[] {4, 6, 6, 6, 4, 4}, full.boxesPerLocation());
        // 38²·4 + 19²·6 + 10²·6 + 5²·6 + 3²·4 + 1²·4
        assertEquals(5776 + 2166 + 600 + 150 + 36 + 4, full.numDefaultBoxes());
        assertEquals(8732, full.numDefaultBoxes());
        Ssd one = ssd(300, Ssd.Config.defaults().withOnePerLocation(true));
        assertEquals(1444 + 361 + 100 + 25 + 9 + 1, one.numDefaultBoxes());
        assertEquals(1940, one.numDefaultBoxes());
    }

    @Test
    void at256PixelsTheMapsHalveFrom32Down() {
        Ssd full = ssd(256, Ssd.Config.defaults());
        assertArrayEquals(new int[] {32, 16, 8, 4, 2, 1}, full.mapSizes());
        assertEquals(4 * 1024 + 6 * 256 + 6 * 64 + 6 * 16 + 4 * 4 + 4, full.numDefaultBoxes());
        assertArrayEquals(new int[] {4096, 1536, 384, 96, 16, 4}, full.boxesPerMap());
        assertEquals(1024 + 256 + 64 + 16 + 4 + 1, ssd(256, Ssd.Config.defaults().withOnePerLocation(true))
                .numDefaultBoxes());
    }

    @Test
    void theOneBoxVariantKeepsEachLocationsRatioTwoBox() {
        Ssd full = ssd(256, Ssd.Config.defaults());
        Ssd one = ssd(256, Ssd.Config.defaults().withOnePerLocation(true));
        float[] all = full.defaultBoxArray();
        float[] kept = one.defaultBoxArray();
        // first location of map 1: boxes (square, extra square, 2:1, 1:2); the third is kept
        assertArrayEquals(java.util.Arrays.copyOfRange(all, 8, 12), java.util.Arrays.copyOfRange(kept, 0, 4), 0f);
        float w = kept[2] - kept[0];
        float h = kept[3] - kept[1];
        assertEquals(2.0, w / h, 1e-4, "aspect ratio 2");
        assertEquals(0.1 * 256, Math.sqrt(w * h), 1e-3, "scale s1 = 0.1 of the image side");
        assertEquals(4f, (kept[0] + kept[2]) / 2, 1e-4f, "centred on the first 8-pixel cell");
    }

    @Test
    void postProcessingRunsNmsOnTheFourHundredBestCandidatesOnly() {
        Ssd detector = ssd(256, Ssd.Config.defaults());
        int n = Ssd.PRE_NMS_TOP_K + 1;
        int classes = LogoClasses.BRANDS.size();
        float[] boxes = new float[n * 4];
        float[] scores = new float[n * classes];
        for (int i = 0; i < n - 1; i++) {
            // the 400 best candidates: one box, class 0, scores 0.9 falling slowly; NMS keeps the first
            System.arraycopy(new float[] {10, 10, 50, 50}, 0, boxes, 4 * i, 4);
            scores[i * classes] = 0.9f - i * 1e-4f;
        }
        // candidate 401: another place, above the threshold but outside the budget
        System.arraycopy(new float[] {100, 100, 140, 140}, 0, boxes, 4 * (n - 1), 4);
        scores[(n - 1) * classes] = 0.5f;
        List<org.logokit.detect.Detections> out = detector.postProcess(new ai.djl.ndarray.NDList(
                manager.create(boxes, new Shape(1, n, 4)), manager.create(scores, new Shape(1, n, classes))));
        assertEquals(1, out.get(0).size(), "only the best of the 400 survives NMS; the 401st is never a candidate");
        assertEquals(0.9f, out.get(0).scores()[0], 1e-6f);
    }

    @Test
    void everyObjectGetsItsBestDefaultBoxEvenBelowTheThreshold() {
        Ssd detector = ssd(256, Ssd.Config.defaults());
        NDArray anchors = detector.defaultBoxes(manager);
        // a thin 6 x 40 box overlaps no default box by 0.5
        NDArray gt = manager.create(new float[] {98, 102, 104, 142}, new Shape(1, 4));
        float best = IoU.pairwise(gt, anchors).max().getFloat();
        assertTrue(best < 0.5f, "best IoU " + best);
        TargetAssigner.Targets t = detector.assigner().assign(anchors, gt, manager.create(new long[] {5}));
        assertEquals(1, t.positives(), "exactly its best default box is positive");
        assertEquals(6L, t.classTarget().max().getLong(), "class target = brand id + 1");
    }

    @Test
    void hardNegativesAreExactlyThreeTimesThePositivesOfEachImage() throws Exception {
        try (Model model = Detectors.newModel(Ssd.spec("test", LogoClasses.BRANDS, 256, Ssd.Config.defaults()))) {
            Ssd detector = (Ssd) DetectorArtifact.detectorOf(model);
            NDArray images = manager.randomNormal(new Shape(2, 3, 256, 256));
            DetectionBatch batch = DetectionBatch.of(manager,
                    List.of(new float[][] {{20, 30, 90, 80}, {150, 140, 230, 200}}, new float[][] {{60, 60, 110, 150}}),
                    List.of(new int[] {3, 7}, new int[] {1}));
            Ssd.TrainingView view = detector.trainingView(new ParameterStore(manager, false), images, batch);
            long[] positives = view.targets().matchLabel().eq(1).toType(DataType.INT64, false).sum(new int[] {1})
                    .toLongArray();
            long[] mined = view.hardNegatives().sum(new int[] {1}).toType(DataType.INT64, false).toLongArray();
            assertTrue(positives[0] > 2 && positives[1] > 0, java.util.Arrays.toString(positives));
            assertArrayEquals(new long[] {3 * positives[0], 3 * positives[1]}, mined);
            assertEquals(0f, view.hardNegatives().mul(view.targets().positiveMask()).sum().getFloat(), 0f,
                    "a positive is never a negative");
        }
    }

    @Test
    void withFewerNegativesThanThreePerPositiveEveryNegativeIsMinedAndIgnoredOnesNever() {
        NDArray logits = manager.randomNormal(new Shape(1, 5, 3));
        NDArray labels = manager.create(new long[] {1, 2, 0, 0, -1}, new Shape(1, 5));
        NDArray mined = new MultiBoxLoss(3, 1).hardNegatives(logits, labels);
        assertArrayEquals(new float[] {0, 0, 1, 1, 0}, mined.toFloatArray(), 0f);
    }

    @Test
    void giouAndDiouBoxTermsHaveTheGradientsOfFiniteDifferencesThroughSsdCoding() {
        Ssd detector = ssd(256, Ssd.Config.defaults());
        NDArray anchors = manager.create(new float[] {20, 20, 60, 50, 100, 90, 160, 170, 10, 150, 40, 250},
                new Shape(3, 4)).toType(DataType.FLOAT64, false);
        NDArray gt = manager.create(new double[] {24, 18, 66, 56, 110, 80, 150, 180, 20, 140, 60, 240},
                new Shape(3, 4));
        NDArray targets = detector.coder().encode(gt, anchors).expandDims(0);
        NDArray labels = manager.create(new long[] {4, 0, 9}, new Shape(1, 3)); // the middle box is background
        double[] offsets = {0.3, -0.2, 0.1, 0.4, 0.5, 0.5, -0.3, 0.2, -0.6, 0.8, 0.7, -0.1};
        for (SsdBoxLoss loss : new SsdBoxLoss[] {SsdBoxLoss.GIOU, SsdBoxLoss.DIOU}) {
            NDArray p = manager.create(offsets, new Shape(1, 3, 4));
            p.setRequiresGradient(true);
            try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                gc.backward(loss.compute(p, targets, labels, anchors, detector.coder()));
            }
            double[] grad = p.getGradient().toDoubleArray();
            double h = 1e-6;
            for (int i = 0; i < offsets.length; i++) {
                double[] plus = offsets.clone();
                double[] minus = offsets.clone();
                plus[i] += h;
                minus[i] -= h;
                double numeric = (value(loss, plus, targets, labels, anchors, detector)
                        - value(loss, minus, targets, labels, anchors, detector)) / (2 * h);
                assertEquals(numeric, grad[i], 1e-6, loss + " offset " + i);
            }
            assertArrayEquals(new double[4], java.util.Arrays.copyOfRange(grad, 4, 8), 0,
                    "background boxes get no box gradient");
            // a perfect prediction costs nothing
            assertEquals(0, loss.compute(targets, targets, labels, anchors, detector.coder()).getDouble(), 1e-9);
        }
    }

    private double value(SsdBoxLoss loss, double[] offsets, NDArray targets, NDArray labels, NDArray anchors,
            Ssd detector) {
        return loss.compute(manager.create(offsets, new Shape(1, 3, 4)), targets, labels, anchors, detector.coder())
                .getDouble();
    }

    @Test
    void tooSmallAnInputOrAMismatchedLayoutIsExplained() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ssd(64, Ssd.Config.defaults()));
        assertTrue(e.getMessage().contains("too small"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new Ssd.Config(Ssd.Config.defaults().width(), 0,
                new int[] {64}, 0.1, 0.9, new float[][] {{2}}, false, SsdBoxLoss.SMOOTH_L1, 1, 3, 0.5, 0.01, 0.45, 100));
    }
}
