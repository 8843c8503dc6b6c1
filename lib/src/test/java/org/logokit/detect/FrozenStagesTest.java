package org.logokit.detect;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Model;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.nn.SequentialBlock;
import ai.djl.training.DefaultTrainingConfig;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import ai.djl.training.Trainer;
import ai.djl.training.dataset.ArrayDataset;
import ai.djl.training.dataset.Batch;
import ai.djl.training.optimizer.Optimizer;
import ai.djl.training.tracker.Tracker;
import ai.djl.translate.TranslateException;
import ai.djl.util.Pair;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.logokit.detect.catalog.Detectors;
import org.logokit.detect.yolo.YoloV2;
import org.logokit.testing.NDManagerFixture;
import org.logokit.transfer.BlockFreezer;

/**
 * Frozen backbone stages are torchvision's FrozenBatchNorm2d on the engine under test: a training
 * run changes none of their numbers, and in a training pass they compute what inference computes.
 */
class FrozenStagesTest extends NDManagerFixture {
    private static final int SIZE = 64;

    @TempDir
    Path tmp;

    private static DetectorSpec spec() {
        YoloV2.Config config = YoloV2.Config.defaults(new float[][] {{1, 1}, {1.4f, 1.4f}})
                .withWidth(Backbone.Width.QUARTER, 32).withFrozenStages(2);
        return YoloV2.spec("frozen-bn", TinyScenes.CLASSES, SIZE, config);
    }

    /** Running statistics as a pretrained backbone has them (not the fresh 0 and 1). */
    private static void pretrainedStatistics(Block block, long seed) {
        Random random = new Random(seed);
        for (Pair<String, Parameter> p : block.getParameters()) {
            Parameter.Type type = p.getValue().getType();
            NDArray array = p.getValue().getArray();
            if (type == Parameter.Type.RUNNING_MEAN || type == Parameter.Type.RUNNING_VAR) {
                float[] v = new float[(int) array.size()];
                for (int i = 0; i < v.length; i++) {
                    v[i] = type == Parameter.Type.RUNNING_MEAN ? (float) random.nextGaussian() * 0.3f
                            : 0.5f + 2 * random.nextFloat();
                }
                array.set(v);
            }
        }
    }

    private static Map<String, float[]> snapshot(Block block) {
        Map<String, float[]> values = new LinkedHashMap<>();
        for (Pair<String, Parameter> p : block.getParameters()) {
            values.put(p.getKey(), p.getValue().getArray().toFloatArray());
        }
        return values;
    }

    /** {@code passes} passes of Adam over the tiny scenes (two batches each). */
    private static void train(Model model, ArrayDataset data, int passes) throws IOException, TranslateException {
        Detector detector = DetectorArtifact.detectorOf(model);
        DefaultTrainingConfig config = new DefaultTrainingConfig(DetectionLoss.of(detector))
                .optOptimizer(Optimizer.adam().optLearningRateTracker(Tracker.fixed(1e-2f)).build());
        try (Trainer trainer = model.newTrainer(config)) {
            for (int pass = 0; pass < passes; pass++) {
                for (Batch batch : trainer.iterateDataset(data)) {
                    try (batch; GradientCollector collector = trainer.newGradientCollector()) {
                        NDList losses = trainer.forward(batch.getData(), batch.getLabels());
                        collector.backward(trainer.getLoss().evaluate(batch.getLabels(), losses));
                    }
                    trainer.step();
                }
            }
        }
    }

    private static boolean isStatistic(String key) {
        return key.endsWith("runningMean") || key.endsWith("runningVar");
    }

    @Test
    void trainingADetectorChangesNoNumberOfItsFrozenStagesAndUnfreezingTrainsThemAgain() throws Exception {
        Engine.getInstance().setRandomSeed(7);
        ArrayDataset data = TinyScenes.dataset(manager, 8, SIZE, 12, 24, 5, 4, false);
        try (Model model = Detectors.newModel(spec())) {
            Backbone backbone = ((YoloV2) model.getBlock()).backbone();
            pretrainedStatistics(backbone, 3);
            Map<String, Map<String, float[]>> before = new LinkedHashMap<>();
            for (String stage : backbone.trunk().names()) {
                before.put(stage, snapshot(backbone.trunk().child(stage)));
            }
            train(model, data, 2);

            for (String stage : List.of("stem", "stage1")) {
                Map<String, float[]> after = snapshot(backbone.trunk().child(stage));
                assertEquals(before.get(stage).keySet(), after.keySet());
                for (String key : after.keySet()) {
                    assertArrayEquals(before.get(stage).get(key), after.get(key), 0f, stage + " " + key + " moved");
                }
            }
            for (String stage : List.of("stage2", "stage3", "stage4")) {
                Map<String, float[]> after = snapshot(backbone.trunk().child(stage));
                boolean weightMoved = false;
                boolean statisticMoved = false;
                for (String key : after.keySet()) {
                    boolean moved = !Arrays.equals(before.get(stage).get(key), after.get(key));
                    weightMoved |= moved && !isStatistic(key);
                    statisticMoved |= moved && isStatistic(key);
                }
                assertTrue(weightMoved, stage + " is trainable: its weights learn");
                assertTrue(statisticMoved, stage + " is trainable: its batch norms follow the data");
            }

            // fine-tuning the whole backbone: the stem and stage1 learn again, statistics included
            BlockFreezer.unfreeze(backbone.trunk(), "stem", "stage1");
            assertEquals(List.of(), BlockFreezer.frozenBlocks(backbone.trunk()));
            Map<String, float[]> stemBefore = snapshot(backbone.trunk().child("stem"));
            train(model, data, 1);
            Map<String, float[]> stemAfter = snapshot(backbone.trunk().child("stem"));
            for (String key : stemAfter.keySet()) {
                assertFalse(Arrays.equals(stemBefore.get(key), stemAfter.get(key)), "unfrozen stem " + key + " stays");
            }
        }
    }

    @Test
    void aFrozenStemInATrainingPassIsItsConvolutionThenTheHandComputedAffineMap() {
        Backbone backbone = new Backbone(Backbone.Config.of(Backbone.Width.QUARTER, "C2", "C3").frozen(2));
        backbone.initialize(manager, DataType.FLOAT32, new Shape(1, 3, 32, 32));
        pretrainedStatistics(backbone, 11);
        NDArray images = manager.randomUniform(-1, 1, new Shape(2, 3, 32, 32));
        SequentialBlock stem = (SequentialBlock) backbone.trunk().child("stem");

        float[] conv = stem.getChildren().get(0).getValue()
                .forward(new ParameterStore(manager, false), new NDList(images), false).head().toFloatArray();
        var bn = stem.getChildren().get(1).getValue().getParameters();
        float[] gamma = bn.get(0).getValue().getArray().toFloatArray();
        float[] beta = bn.get(1).getValue().getArray().toFloatArray();
        float[] mean = bn.get(2).getValue().getArray().toFloatArray();
        float[] var = bn.get(3).getValue().getArray().toFloatArray();
        int channels = gamma.length;
        int plane = conv.length / (2 * channels);
        float[] expected = new float[conv.length];
        for (int i = 0; i < conv.length; i++) {
            int c = (i / plane) % channels;
            double scale = gamma[c] / Math.sqrt(var[c] + 1e-5);
            expected[i] = (float) Math.max(0, conv[i] * scale + beta[c] - mean[c] * scale); // affine, ReLU
        }
        NDArray reference = ai.djl.nn.pooling.Pool.maxPool2d(manager.create(expected, new Shape(2, channels, 16, 16)),
                new Shape(3, 3), new Shape(2, 2), new Shape(1, 1), false);

        NDArray trainingStem;
        NDArray trainingC2;
        try (GradientCollector collector = Engine.getInstance().newGradientCollector()) {
            ParameterStore store = new ParameterStore(manager, false);
            trainingStem = stem.forward(store, new NDList(images), true).head();
            NDList maps = backbone.forward(store, new NDList(images), true);
            trainingC2 = maps.get(0);
            collector.backward(maps.get(1).sum()); // stage2 trains
        }
        assertArrayEquals(reference.toFloatArray(), trainingStem.toFloatArray(), 1e-4f);
        NDArray inferenceC2 = backbone.forward(new ParameterStore(manager, false), new NDList(images), false).get(0);
        float scale = inferenceC2.abs().max().getFloat();
        assertTrue(trainingC2.sub(inferenceC2).abs().max().getFloat() <= 1e-5f * scale,
                "stage1 (frozen) gives its inference output in a training pass");
    }

    @Test
    void aSavedFrozenDetectorLoadsWithTheSameNumbersAndTheSameInference() throws Exception {
        Path dir = tmp.resolve("saved");
        NDArray images;
        try (NDManager inputs = NDManager.newBaseManager()) {
            images = inputs.randomUniform(-0.5f, 0.5f, new Shape(2, 3, SIZE, SIZE));
            float[] saved;
            Map<String, float[]> numbers;
            try (Model model = Detectors.newModel(spec())) {
                pretrainedStatistics(model.getBlock(), 5);
                DetectorArtifact.save(model, dir);
                numbers = snapshot(model.getBlock());
                saved = inference(model, images);
            }
            try (Model loaded = Detectors.load(dir)) {
                Map<String, float[]> read = snapshot(loaded.getBlock());
                assertEquals(numbers.keySet(), read.keySet());
                numbers.forEach((key, v) -> assertArrayEquals(v, read.get(key), 0f, key));
                assertArrayEquals(saved, inference(loaded, images), 0f);
                assertEquals(List.of("stem", "stage1"),
                        BlockFreezer.frozenBlocks(((YoloV2) loaded.getBlock()).backbone().trunk()));
            }
        }
    }

    private static float[] inference(Model model, NDArray images) {
        try (NDManager scope = model.getNDManager().newSubManager()) {
            NDList raw = model.getBlock().forward(new ParameterStore(scope, false), new NDList(images), false);
            return raw.get(0).toFloatArray();
        }
    }
}
