package org.logokit.transfer;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import ai.djl.training.dataset.ArrayDataset;
import ai.djl.util.Pair;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.logokit.model.ModelArtifact;
import org.logokit.model.ModelSpec;
import org.logokit.model.NamedSequentialBlock;
import org.logokit.model.ParameterCount;
import org.logokit.train.ClassifierTrainer;
import org.logokit.train.Seeds;
import org.logokit.train.TinyImages;

class TransferLearningTest {

    @TempDir
    Path temp;

    private static PrintStream quiet() {
        return new PrintStream(new ByteArrayOutputStream());
    }

    private static void trainOneStep(ModelArtifact artifact, ArrayDataset data, float lr) throws IOException {
        ClassifierTrainer.builder(artifact.model(), artifact.spec()).epochs(1)
                .optimizer(ClassifierTrainer.sgd(lr, 0f)).progressBar(false).log(quiet()).build()
                .fit(data, null, null);
    }

    private static float[] outputs(ModelArtifact artifact, NDArray input) {
        try (NDManager scratch = artifact.model().getNDManager().newSubManager()) {
            return artifact.block().forward(new ParameterStore(scratch, false), new NDList(input), false)
                    .singletonOrThrow().toFloatArray();
        }
    }

    private static List<float[]> learnable(ai.djl.nn.Block block) {
        List<float[]> values = new ArrayList<>();
        for (Pair<String, Parameter> p : block.getParameters()) {
            if (ParameterCount.isLearnable(p.getValue())) {
                values.add(p.getValue().getArray().toFloatArray());
            }
        }
        return values;
    }

    @Test
    void savedModelLoadsIntoAFreshModelWithTheSameOutputs() throws IOException {
        Seeds.fix(3);
        try (NDManager data = NDManager.newBaseManager();
                ModelArtifact trained = ModelArtifact.create(TinyImages.spec("roundtrip"))) {
            ArrayDataset one = TinyImages.dataset(data, 8, 1, 8, false); // one batch = one step
            trainOneStep(trained, one, 0.1f);
            Path dir = trained.save(temp.resolve("artefact"));
            assertTrue(Files.exists(dir.resolve("model.json")));
            NDArray probe = data.randomUniform(0, 1, new Shape(2, 3, 32, 32));
            try (ModelArtifact loaded = ModelArtifact.load(dir)) {
                assertEquals(trained.spec().classes(), loaded.spec().classes());
                assertArrayEquals(trained.spec().mean(), loaded.spec().mean());
                assertArrayEquals(outputs(trained, probe), outputs(loaded, probe), 1e-5f);
            }
        }
    }

    @Test
    void loadingAFolderWithoutAModelSaysSo() {
        IOException e = assertThrows(IOException.class, () -> ModelArtifact.load(temp));
        assertTrue(e.getMessage().contains("model.json"), e.getMessage());
    }

    @Test
    void frozenBlocksKeepTheirWeightsAndTheHeadLearns() throws IOException {
        Seeds.fix(4);
        try (NDManager data = NDManager.newBaseManager();
                ModelArtifact artifact = ModelArtifact.create(TinyImages.spec("freeze"))) {
            NamedSequentialBlock net = artifact.block();
            BlockFreezer.freezeAllExcept(net, "head");
            assertEquals(List.of("stem", "stage1", "stage2", "stage3", "stage4"), BlockFreezer.frozenBlocks(net));
            assertEquals(ParameterCount.learnable(net.child("head")), ParameterCount.trainable(net));
            List<float[]> stemBefore = learnable(net.child("stem"));
            List<float[]> stage4Before = learnable(net.child("stage4"));
            List<float[]> headBefore = learnable(net.child("head"));
            trainOneStep(artifact, TinyImages.dataset(data, 8, 1, 8, false), 0.5f);
            assertListEquals(stemBefore, learnable(net.child("stem")));
            assertListEquals(stage4Before, learnable(net.child("stage4")));
            assertFalse(java.util.Arrays.equals(headBefore.get(0), learnable(net.child("head")).get(0)));

            BlockFreezer.unfreezeAll(net);
            assertEquals(List.of(), BlockFreezer.frozenBlocks(net));
            trainOneStep(artifact, TinyImages.dataset(data, 8, 2, 8, false), 0.5f);
            assertFalse(java.util.Arrays.equals(stemBefore.get(0), learnable(net.child("stem")).get(0)));
            assertThrows(IllegalArgumentException.class, () -> BlockFreezer.freeze(net, "stage9"));
        }
    }

    @Test
    void scaledOptimizerTakesAFractionOfTheSgdStepForTheChosenBlocks() {
        try (NDManager manager = NDManager.newBaseManager();
                ModelArtifact artifact = ModelArtifact.create(TinyImages.spec("scaled"))) {
            NamedSequentialBlock net = artifact.block();
            ScaledUpdateOptimizer optimizer = ScaledUpdateOptimizer.forBlocks(
                    ClassifierTrainer.sgd(0.1f, 0f), net, 0.25f, TransferLearning.backboneBlocks(net));
            String stemId = net.child("stem").getParameters().get(0).getValue().getId();
            String headId = net.child("head").getParameters().get(0).getValue().getId();
            assertEquals(0.25f, optimizer.multiplier(stemId));
            assertEquals(1f, optimizer.multiplier(headId));

            NDArray grad = manager.create(new float[] {1, -2, 4});
            NDArray slow = manager.create(new float[] {1, 1, 1});
            NDArray fast = manager.create(new float[] {1, 1, 1});
            optimizer.update(stemId, slow, grad);
            optimizer.update(headId, fast, grad);
            // plain SGD: w - 0.1 g; scaled by 0.25: w - 0.025 g
            assertArrayEquals(new float[] {0.975f, 1.05f, 0.9f}, slow.toFloatArray(), 1e-6f);
            assertArrayEquals(new float[] {0.9f, 1.2f, 0.6f}, fast.toFloatArray(), 1e-6f);
            assertThrows(IllegalArgumentException.class,
                    () -> ScaledUpdateOptimizer.forBlocks(ClassifierTrainer.sgd(0.1f, 0f), net, 0f, "stem"));
        }
    }

    @Test
    void newHeadKeepsTheBackboneWeightsAndFitsTheNewClassCount() {
        try (ModelArtifact source = ModelArtifact.create(TinyImages.spec("source"))) {
            ModelSpec target = source.spec().withClasses("target", List.of("a", "b", "c", "d", "e"));
            try (ModelArtifact moved = TransferLearning.withNewHead(source, target)) {
                assertListEquals(learnable(source.block().child("stage3")), learnable(moved.block().child("stage3")));
                Parameter headWeight = moved.block().child("head").getParameters().get(0).getValue();
                assertEquals(new Shape(5, 128), headWeight.getArray().getShape());
            }
        }
    }

    @Test
    void twoPhaseRecipeTrainsHeadThenEverythingAndNumbersEpochsOnwards() throws IOException {
        Seeds.fix(5);
        try (NDManager data = NDManager.newBaseManager();
                ModelArtifact artifact = ModelArtifact.create(TinyImages.spec("phases"))) {
            ArrayDataset train = TinyImages.dataset(data, 12, 1, 6, true);
            ArrayDataset val = TinyImages.dataset(data, 6, 2, 6, false);
            List<float[]> stemBefore = learnable(artifact.block().child("stem"));
            var history = new TwoPhaseFineTuning(artifact).headPhase(1, 0.1f).fineTunePhase(1, 0.01f, 0.1f)
                    .log(quiet(), false).fit(train, val, null);
            assertEquals(List.of(0, 1), history.epochs().stream().map(r -> r.epoch()).toList());
            assertFalse(java.util.Arrays.equals(stemBefore.get(0), learnable(artifact.block().child("stem")).get(0)),
                    "phase 2 must move the backbone");
            assertEquals(List.of(), BlockFreezer.frozenBlocks(artifact.block()));
        }
    }

    @Test
    void pretrainedWeightsOfflineFailWithAMessageNamingTheSubstitute() {
        // surefire runs with ai.djl.offline=true: the zoo cannot download
        PretrainedResNet18.PretrainedUnavailableException e = assertThrows(
                PretrainedResNet18.PretrainedUnavailableException.class,
                () -> PretrainedResNet18.load("ft", List.of("a", "b"), 224));
        assertTrue(e.getMessage().contains("SourceBrandPretraining"), e.getMessage());
    }

    @Test
    void gluonParameterNamesSortIntoCreationOrder() {
        List<String> names = new ArrayList<>(List.of(
                "resnetv10_dense0_weight", "resnetv10_stage2_conv2_weight", "resnetv10_stage2_conv0_weight",
                "resnetv10_batchnorm0_beta", "resnetv10_conv0_weight", "resnetv10_batchnorm0_gamma",
                "resnetv10_stage2_batchnorm0_running_var", "resnetv10_stage2_batchnorm0_gamma"));
        names.sort(java.util.Comparator.comparing(PretrainedResNet18::gluonOrder));
        assertEquals(List.of("resnetv10_conv0_weight", "resnetv10_batchnorm0_gamma", "resnetv10_batchnorm0_beta",
                "resnetv10_stage2_conv0_weight", "resnetv10_stage2_batchnorm0_gamma",
                "resnetv10_stage2_batchnorm0_running_var", "resnetv10_stage2_conv2_weight",
                "resnetv10_dense0_weight"), names);
    }

    private static void assertListEquals(List<float[]> expected, List<float[]> actual) {
        assertEquals(expected.size(), actual.size());
        for (int i = 0; i < expected.size(); i++) {
            assertArrayEquals(expected.get(i), actual.get(i), "parameter " + i);
        }
    }
}
