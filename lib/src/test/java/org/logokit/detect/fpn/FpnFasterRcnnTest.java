package org.logokit.detect.fpn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Model;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import ai.djl.training.dataset.ArrayDataset;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.logokit.detect.Backbone;
import org.logokit.detect.DetectorArtifact;
import org.logokit.detect.DetectorSpec;
import org.logokit.detect.Detections;
import org.logokit.detect.TinyScenes;
import org.logokit.detect.TinyTraining;
import org.logokit.detect.catalog.Detectors;
import org.logokit.detect.rcnn.FasterRcnn;
import org.logokit.detect.rcnn.PoolerKind;
import org.logokit.detect.rcnn.RegionProposalNetwork;
import org.logokit.detect.rcnn.RoiConfig;
import org.logokit.testing.NDManagerFixture;

class FpnFasterRcnnTest extends NDManagerFixture {
    @TempDir
    Path tmp;

    /** 64 px, pyramid width 16, anchors 8..128 on P2..P6, s0 = 32 so that 12..24-pixel squares use P2 and P3. */
    static DetectorSpec tinySpec() {
        FpnFasterRcnn.Config config = new FpnFasterRcnn.Config(Backbone.Width.QUARTER, 0, 16, 32,
                FpnFasterRcnn.rpnConfig(8).withProposals(300, 100, 200, 50).withSample(64, 0.5),
                RoiConfig.defaults(PoolerKind.ROI_ALIGN).withRepresentationSize(64).withSample(64, 0.25));
        return FpnFasterRcnn.spec("tiny-fpn", TinyScenes.CLASSES, 64, config);
    }

    @Test
    void composesTheRcnnPartsOverFiveLevelsWithOneAnchorSizeEach() {
        FasterRcnn model = FpnFasterRcnn.fromSpec(tinySpec());
        PyramidFeatures features = FpnFasterRcnn.pyramidOf(model);
        assertEquals(List.of("P2", "P3", "P4", "P5", "P6"), features.levels());
        assertArrayEquals(new int[] {4, 8, 16, 32, 64}, features.strides());
        assertEquals(List.of("C2", "C3", "C4", "C5"), features.backbone().outputs());
        assertEquals(3, model.rpn().config().anchorsPerLocation());
        assertArrayEquals(new float[] {8}, model.rpn().config().anchorSizes()[0]);
        assertArrayEquals(new float[] {128}, model.rpn().config().anchorSizes()[4]);
        assertTrue(model.roiHeads().pooler() instanceof MultiScaleRoIAlign);

        model.initialize(manager, ai.djl.ndarray.types.DataType.FLOAT32, model.inputShape());
        ParameterStore ps = new ParameterStore(manager, false);
        NDList levels = features.forward(ps, new NDList(manager.randomUniform(-1, 1, new Shape(1, 3, 64, 64))), false);
        RegionProposalNetwork.Output out = model.rpn().run(ps, levels, false, null);
        // 16², 8², 4², 2², 1² cells with 3 anchors each
        assertArrayEquals(new int[] {768, 192, 48, 12, 3}, out.levelSizes());
        assertEquals(new Shape(1, 1023), out.objectness().getShape());
    }

    @Test
    void overfitsATinySetOfScenesAndLoadsBackWithTheSameDetections() throws IOException {
        try (NDManager data = NDManager.newBaseManager()) {
            ArrayDataset scenes = TinyScenes.dataset(data, 8, 64, 12, 24, 5, 4, false);
            TinyTraining.Result result = TinyTraining.fit(tinySpec(), scenes, 40, 3e-3f);
            try (Model model = result.model()) {
                assertTrue(result.lastLoss() < 0.5 * result.firstLoss(), "loss " + result.firstLoss() + " -> "
                        + result.lastLoss());
                assertTrue(result.recallAtHalf() >= 0.75, "recall@0.5 with the right class " + result.recallAtHalf());
                Path dir = DetectorArtifact.save(model, tmp.resolve("fpn"));
                assertEquals(FpnFasterRcnn.KIND, DetectorArtifact.readSpec(dir).kind());
                try (Model loaded = Detectors.load(dir)) {
                    NDArray image = scenes.get(data, 2).getData().head().expandDims(0);
                    Detections before = DetectorArtifact.detectorOf(model).detect(new ParameterStore(data, false), image)
                            .get(0);
                    Detections after = DetectorArtifact.detectorOf(loaded).detect(new ParameterStore(data, false), image)
                            .get(0);
                    assertTrue(before.size() > 0);
                    assertArrayEquals(before.scores(), after.scores(), 1e-5f);
                    assertArrayEquals(before.classes(), after.classes());
                }
            }
        }
    }

    @Test
    void wrongPartsAreRefusedWithWhatToUse() {
        IllegalArgumentException levels = assertThrows(IllegalArgumentException.class,
                () -> new FpnFasterRcnn.Config(Backbone.Width.QUARTER, 0, 16, 224,
                        org.logokit.detect.rcnn.RpnConfig.singleLevel(32, 64, 128),
                        RoiConfig.defaults(PoolerKind.ROI_ALIGN)));
        assertTrue(levels.getMessage().contains("rpnConfig"), levels.getMessage());
        IllegalArgumentException pooler = assertThrows(IllegalArgumentException.class,
                () -> new FpnFasterRcnn.Config(Backbone.Width.QUARTER, 0, 16, 224, FpnFasterRcnn.rpnConfig(32),
                        RoiConfig.defaults(PoolerKind.ROI_POOL)));
        assertTrue(pooler.getMessage().contains("ROI_POOL"), pooler.getMessage());
        MultiScaleRoIAlign multi = MultiScaleRoIAlign.fasterRcnn();
        IllegalArgumentException strides = assertThrows(IllegalArgumentException.class,
                () -> multi.pool(new NDList(manager.zeros(new Shape(1, 4, 4, 4))), new int[] {16},
                        manager.zeros(new Shape(1, 5))));
        assertTrue(strides.getMessage().contains("[4, 8, 16, 32]"), strides.getMessage());
    }
}
