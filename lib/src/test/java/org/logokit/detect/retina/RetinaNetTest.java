package org.logokit.detect.retina;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Model;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.training.DefaultTrainingConfig;
import ai.djl.training.ParameterStore;
import ai.djl.training.Trainer;
import ai.djl.util.Pair;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.logokit.box.BoxCoder;
import org.logokit.detect.Backbone;
import org.logokit.detect.DetectionLoss;
import org.logokit.detect.DetectorArtifact;
import org.logokit.detect.DetectorSpec;
import org.logokit.detect.Detections;
import org.logokit.detect.TargetAssigner;
import org.logokit.detect.TinyScenes;
import org.logokit.detect.TinyTraining;
import org.logokit.detect.catalog.Detectors;
import org.logokit.detect.fpn.FeaturePyramid;
import org.logokit.testing.NDManagerFixture;

class RetinaNetTest extends NDManagerFixture {
    @TempDir
    Path tmp;

    /** 64 px: P3..P7 maps of 8, 4, 2, 1, 1 cells; anchor bases 8..128. */
    static RetinaNet.Config tinyConfig() {
        return RetinaNet.Config.paper(Backbone.Width.QUARTER, 16, 8).withTowerDepth(2);
    }

    static DetectorSpec tinySpec(RetinaNet.Config config) {
        return RetinaNet.spec("tiny-retina", TinyScenes.CLASSES, 64, config);
    }

    @Test
    void anchorsAreNinePerCellOnEveryLevelWithTruncatedScales() {
        RetinaNet net = new RetinaNet(tinySpec(tinyConfig()));
        assertEquals(List.of("P3", "P4", "P5", "P6", "P7"), net.levels());
        assertArrayEquals(new int[] {8, 4, 2, 1, 1}, net.featureSizes());
        assertArrayEquals(new long[] {576, 144, 36, 9, 9}, net.anchorsPerLevel());
        // 8 * 2^(1/3) = 10.08 -> 10, 8 * 2^(2/3) = 12.7 -> 12 (torchvision truncates)
        assertArrayEquals(new float[] {8, 10, 12}, net.config().levelSizes().get(0));
        NDArray anchors = net.anchors(manager);
        assertEquals(new Shape(774, 4), anchors.getShape());
        // the ratio-1 square anchors of the first cell of P3 are centred on (0, 0)
        float[] square = anchors.get(3).toFloatArray();
        assertEquals(0f, square[0] + square[2], 1e-4f);
        assertEquals(8f, square[2] - square[0], 1f);
    }

    @Test
    void classLogitBiasStartsEveryAnchorAtThePriorProbability() {
        assertEquals(-Math.log(99), RetinaHead.priorBias(0.01), 1e-12);
        assertEquals(0, RetinaHead.priorBias(0.5), 1e-12);
        try (Model model = Detectors.newModel(tinySpec(tinyConfig()))) {
            RetinaNet net = (RetinaNet) DetectorArtifact.detectorOf(model);
            NDList raw = net.forward(new ParameterStore(manager, false),
                    new NDList(manager.randomUniform(-1, 1, new Shape(1, 3, 64, 64))), false);
            // the logits are the bias plus a small spread (the output conv's N(0, 0.01²) weights on
            // tower features of unit scale, a random offset per output channel): scores stay near pi
            // (a zero bias would put them near 0.5)
            float[] scores = raw.get(0).flatten().sort().toFloatArray();
            float median = scores[scores.length / 2];
            assertTrue(median > 0.005f && median < 0.02f, "median score " + median);
            float mean = raw.get(0).mean().getFloat();
            assertTrue(mean >= 0.0095f && mean < 0.03f, "mean score " + mean);
        }
        // the bias survives a trainer created on an uninitialised block (DJL sets its weight initializer)
        try (Model model = Model.newInstance("retina")) {
            RetinaNet net = new RetinaNet(tinySpec(tinyConfig()));
            model.setBlock(net);
            try (Trainer trainer = model.newTrainer(new DefaultTrainingConfig(DetectionLoss.of(net)))) {
                trainer.initialize(net.inputShape());
                Parameter bias = classLogitsBias(net);
                float[] values = bias.getArray().toFloatArray();
                assertEquals(27, values.length);
                for (float v : values) {
                    assertEquals(-Math.log(99), v, 1e-5);
                }
            }
        }
    }

    private static Parameter classLogitsBias(RetinaNet net) {
        for (Pair<String, Parameter> p : net.head().getParameters()) {
            if (p.getKey().contains("classLogits") && p.getValue().getType() == Parameter.Type.BIAS) {
                return p.getValue();
            }
        }
        throw new AssertionError("no class-logit bias in " + net.head().getParameters().keys());
    }

    @Test
    void classLossSumsTheFocalLossOfNonIgnoredPairsOverThePositives() {
        RetinaNet net = new RetinaNet(tinySpec(tinyConfig()));
        // 4 anchors, 3 brands: anchor 0 is brand 2, anchor 1 brand 0, anchor 2 background, anchor 3 ignored
        float[][] x = {{0.5f, -1f, 2f}, {1.5f, 0f, -3f}, {-2f, 1f, 0.2f}, {9f, 9f, 9f}};
        TargetAssigner.Targets t = targets(new long[] {3, 1, 0, -1}, new int[] {1, 1, 0, -1});
        NDArray logits = manager.create(x).reshape(1, 4, 3);
        double expected = 0;
        int[] brand = {2, 0, -1};
        for (int a = 0; a < 3; a++) {
            for (int c = 0; c < 3; c++) {
                expected += focal(x[a][c], c == brand[a] ? 1 : 0, 0.25, 2);
            }
        }
        assertEquals(expected / 2, net.classLoss(logits, t).getFloat(), 1e-5);

        RetinaNet ce = new RetinaNet(tinySpec(tinyConfig().withCrossEntropy()));
        double bce = 0;
        for (int a = 0; a < 3; a++) {
            for (int c = 0; c < 3; c++) {
                bce += focal(x[a][c], c == brand[a] ? 1 : 0, -1, 0);
            }
        }
        assertEquals(bce / 2, ce.classLoss(logits, t).getFloat(), 1e-5);
        // no positives at all: divided by 1, not by 0
        TargetAssigner.Targets none = targets(new long[] {0, 0, 0, 0}, new int[] {0, 0, 0, 0});
        assertTrue(Float.isFinite(net.classLoss(logits, none).getFloat()));
    }

    @Test
    void classLossGradientMatchesFiniteDifferencesForFocalAndCrossEntropy() {
        float[][] x = {{0.5f, -1f, 2f}, {1.5f, 0f, -3f}, {-2f, 1f, 0.2f}, {0.3f, -0.7f, 1.1f}};
        int[] brand = {2, 0, -1, -1}; // anchor 2 background, anchor 3 ignored
        boolean[] counted = {true, true, true, false};
        TargetAssigner.Targets t = targets(new long[] {3, 1, 0, -1}, new int[] {1, 1, 0, -1});
        double h = 1e-5;
        for (double[] alphaGamma : new double[][] {{0.25, 2}, {0.25, 0.5}, {-1, 0}, {0.5, 5}}) {
            RetinaNet net = new RetinaNet(tinySpec(tinyConfig().withFocal(alphaGamma[0], alphaGamma[1])));
            NDArray logits = manager.create(x).reshape(1, 4, 3);
            logits.setRequiresGradient(true);
            try (ai.djl.training.GradientCollector collector = ai.djl.engine.Engine.getInstance().newGradientCollector()) {
                collector.backward(net.classLoss(logits, t));
            }
            float[] grad = logits.getGradient().toFloatArray();
            for (int a = 0; a < 4; a++) {
                for (int c = 0; c < 3; c++) {
                    int target = c == brand[a] ? 1 : 0;
                    // two positives: the loss is the sum over counted pairs divided by 2
                    double numeric = counted[a] ? (focal(x[a][c] + h, target, alphaGamma[0], alphaGamma[1])
                            - focal(x[a][c] - h, target, alphaGamma[0], alphaGamma[1])) / (2 * h) / 2 : 0;
                    assertEquals(numeric, grad[a * 3 + c], 2e-5, "d loss / d x[" + a + "][" + c + "], alpha "
                            + alphaGamma[0] + ", gamma " + alphaGamma[1]);
                }
            }
        }
    }

    /**
     * FL of one logit in double precision, through log p_t = -log(1 + e^-z) with z = logit for a
     * positive and -logit for a negative (a different route from the operator's, and from the
     * form exercise sheet 11 asks students to write).
     */
    static double focal(double logit, int target, double alpha, double gamma) {
        double signedLogit = target == 1 ? logit : -logit;
        double logPt = -Math.log1p(Math.exp(-signedLogit));
        double weight = alpha < 0 ? 1 : target == 1 ? alpha : 1 - alpha;
        return -weight * Math.pow(-Math.expm1(logPt), gamma) * logPt;
    }

    @Test
    void boxLossCountsOnlyPositivesAndDividesByTheirNumber() {
        NDArray anchors = manager.create(new float[][] {{0, 0, 10, 10}, {20, 20, 40, 40}, {0, 0, 30, 30}});
        float[][] predicted = {{0.1f, -0.2f, 0.3f, 0f}, {5f, 5f, 5f, 5f}, {-0.1f, 0.1f, 0f, 0.2f}};
        float[][] target = {{0f, 0f, 0.1f, 0.1f}, {0f, 0f, 0f, 0f}, {0.1f, 0.1f, -0.1f, 0.1f}};
        TargetAssigner.Targets t = new TargetAssigner.Targets(manager.create(new long[] {0, -1, 1}).reshape(1, 3),
                manager.create(new int[] {1, 0, 1}).reshape(1, 3), manager.create(new long[] {1, 0, 2}).reshape(1, 3),
                manager.create(target).reshape(1, 3, 4));
        NDArray deltas = manager.create(predicted).reshape(1, 3, 4);
        double l1 = 0;
        for (int a : new int[] {0, 2}) {
            for (int k = 0; k < 4; k++) {
                l1 += Math.abs(predicted[a][k] - target[a][k]);
            }
        }
        RetinaNet net = new RetinaNet(tinySpec(tinyConfig()));
        assertEquals(l1 / 2, net.boxLoss(deltas, t, anchors).getFloat(), 1e-5);

        RetinaNet giou = new RetinaNet(tinySpec(tinyConfig().withBoxLoss(RetinaNet.BoxLoss.GIOU)));
        BoxCoder coder = BoxCoder.rpn();
        double expected = 0;
        for (int a : new int[] {0, 2}) {
            NDArray anchor = anchors.get(a).reshape(1, 4);
            NDArray p = coder.decode(manager.create(predicted[a]).reshape(1, 4), anchor);
            NDArray g = coder.decode(manager.create(target[a]).reshape(1, 4), anchor);
            expected += 1 - giouOnHost(p.toFloatArray(), g.toFloatArray());
        }
        assertEquals(expected / 2, giou.boxLoss(deltas, t, anchors).getFloat(), 1e-5);
    }

    /** GIoU of two XYXY boxes, from its definition. */
    static double giouOnHost(float[] a, float[] b) {
        double iw = Math.max(0, Math.min(a[2], b[2]) - Math.max(a[0], b[0]));
        double ih = Math.max(0, Math.min(a[3], b[3]) - Math.max(a[1], b[1]));
        double inter = iw * ih;
        double union = (a[2] - a[0]) * (a[3] - a[1]) + (b[2] - b[0]) * (b[3] - b[1]) - inter;
        double hull = (Math.max(a[2], b[2]) - Math.min(a[0], b[0])) * (Math.max(a[3], b[3]) - Math.min(a[1], b[1]));
        return inter / union - (hull - union) / hull;
    }

    private TargetAssigner.Targets targets(long[] classTarget, int[] matchLabel) {
        int n = classTarget.length;
        long[] index = new long[n];
        for (int i = 0; i < n; i++) {
            index[i] = matchLabel[i] == 1 ? 0 : -1;
        }
        return new TargetAssigner.Targets(manager.create(index).reshape(1, n), manager.create(matchLabel).reshape(1, n),
                manager.create(classTarget).reshape(1, n), manager.zeros(new Shape(1, n, 4)));
    }

    @Test
    void postProcessingKeepsTheBestCandidatesOfEachLevelBeforeNms() {
        RetinaNet.Config one = new RetinaNet.Config(Backbone.Width.QUARTER, 0, 16, FeaturePyramid.Extra.P6P7_FROM_C5,
                2, new float[] {8, 16, 32, 64, 128}, 3, new float[] {0.5f, 1, 2}, 0.5, 0.4, 0.25, 2, 0.01,
                RetinaNet.BoxLoss.L1, 1.0 / 9, 0.05, 1, 0.5, 100);
        RetinaNet perLevelOne = new RetinaNet(tinySpec(one));
        RetinaNet plenty = new RetinaNet(tinySpec(tinyConfig()));
        NDArray anchors = plenty.anchors(manager);
        int n = (int) anchors.getShape().get(0);
        float[] scores = new float[n * 3];
        // P3 (anchors 0..575): two far-apart candidates of brand 0; P4 (576..719): one of brand 1
        int farP3 = 9 * (7 * 8 + 7) + 4;
        scores[4 * 3] = 0.9f;
        scores[farP3 * 3] = 0.8f;
        scores[(576 + 9 * 5 + 4) * 3 + 1] = 0.3f;
        NDList raw = new NDList(manager.create(scores).reshape(1, n, 3), manager.zeros(new Shape(1, n, 4)), anchors);
        Detections all = plenty.postProcess(raw).get(0);
        assertArrayEquals(new float[] {0.9f, 0.8f, 0.3f}, all.scores(), 1e-6f);
        assertArrayEquals(new int[] {0, 0, 1}, all.classes());
        Detections best = perLevelOne.postProcess(raw).get(0);
        assertArrayEquals(new float[] {0.9f, 0.3f}, best.scores(), 1e-6f);
        // zero deltas decode to the anchors themselves, clipped to the 64 x 64 image
        float[] anchor = anchors.get(4).toFloatArray();
        assertArrayEquals(new float[] {Math.max(0, anchor[0]), Math.max(0, anchor[1]), anchor[2], anchor[3]},
                best.boxes()[0], 1e-4f);
    }

    @Test
    void overfitsATinySetOfScenesAndFindsItsObjects() throws IOException {
        try (NDManager data = NDManager.newBaseManager()) {
            var scenes = TinyScenes.dataset(data, 8, 64, 12, 24, 5, 4, false);
            RetinaNet.Config config = tinyConfig();
            TinyTraining.Result result = TinyTraining.fit(tinySpec(config), scenes, 60, 3e-3f);
            assertTrue(result.lastLoss() < 0.35 * result.firstLoss(), "loss " + result.firstLoss() + " -> "
                    + result.lastLoss());
            assertTrue(result.recallAtHalf() >= 0.75, "recall@0.5 with the right class " + result.recallAtHalf());
            // and it saves and loads back with the same detections
            Path dir = DetectorArtifact.save(result.model(), tmp.resolve("retina"));
            try (Model loaded = Detectors.load(dir)) {
                NDArray image = scenes.get(data, 0).getData().head().expandDims(0);
                Detections before = DetectorArtifact.detectorOf(result.model())
                        .detect(new ParameterStore(data, false), image).get(0);
                Detections after = DetectorArtifact.detectorOf(loaded).detect(new ParameterStore(data, false), image)
                        .get(0);
                assertArrayEquals(before.scores(), after.scores(), 1e-5f);
            } finally {
                result.model().close();
            }
        }
    }

    @Test
    void configurationMistakesAreExplained() {
        IllegalArgumentException sizes = assertThrows(IllegalArgumentException.class,
                () -> tinyConfig().withLevels(FeaturePyramid.Extra.NONE, new float[] {8, 16, 32, 64, 128}));
        assertTrue(sizes.getMessage().contains("3 anchor sizes"), sizes.getMessage());
        IllegalArgumentException prior = assertThrows(IllegalArgumentException.class,
                () -> new RetinaNet(tinySpec(tinyConfig().withPrior(0))));
        assertTrue(prior.getMessage().contains("0.01"), prior.getMessage());
        RetinaNet net = new RetinaNet(tinySpec(tinyConfig()));
        IllegalArgumentException raw = assertThrows(IllegalArgumentException.class, () -> net.postProcess(new NDList(
                manager.zeros(new Shape(1, 5, 3)), manager.zeros(new Shape(1, 5, 4)), manager.zeros(new Shape(5, 4)))));
        assertTrue(raw.getMessage().contains("774"), raw.getMessage());
        // a settings object of another detector is refused by name
        DetectorSpec wrong = DetectorSpec.of(RetinaNet.KIND, "x", List.of("a"), 64, java.util.Map.of("anchorSizes", "many"));
        assertThrows(IllegalArgumentException.class, () -> new RetinaNet(wrong));
        assertEquals(DataType.FLOAT32, net.anchors(manager).getDataType());
    }
}
