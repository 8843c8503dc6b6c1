package org.logokit.detect.rcnn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.logokit.detect.TargetAssigner;
import org.logokit.testing.NDManagerFixture;

/** The RPN's anchor targets: IoU 0.7 / 0.3 with low-quality matches, 256 sampled, at most half positive. */
class RpnTargetsTest extends NDManagerFixture {
    private final RegionProposalNetwork rpn = new RegionProposalNetwork(RpnConfig.singleLevel(32, 64, 128), 16,
            new int[] {16});

    private TargetAssigner assigner() {
        return rpn.targetAssigner();
    }

    @Test
    void anAnchorAtExactly07IsPositiveTheBandIsIgnoredAndBelow03IsBackground() {
        NDArray anchors = manager.create(new float[][] {
            {0, 0, 10, 7},     // IoU 70 / 100 = 0.7 exactly
            {0, 0, 10, 5},     // 0.5: between the thresholds
            {0, 0, 10, 3},     // 0.3: still ignored (background is < 0.3)
            {0, 0, 10, 2.9f},  // 0.29: background
            {50, 50, 60, 60},  // 0: background
        });
        NDArray gt = manager.create(new float[][] {{0, 0, 10, 10}});
        TargetAssigner.Match match = assigner().match(anchors, gt);
        assertArrayEquals(new int[] {1, -1, -1, 0, 0}, match.matchLabel().toIntArray());
        assertArrayEquals(new long[] {0, -1, -1, -1, -1}, match.matchedIndex().toLongArray());
    }

    @Test
    void aLogoNoAnchorCovers07StillGetsItsBestAnchorAsAPositive() {
        NDArray anchors = manager.create(new float[][] {
            {0, 0, 10, 5},     // IoU 0.5 with the logo: its best anchor
            {0, 0, 10, 4},     // 0.4: ignored
            {40, 40, 50, 50},  // background
        });
        NDArray gt = manager.create(new float[][] {{0, 0, 10, 10}});
        TargetAssigner.Match match = assigner().match(anchors, gt);
        assertArrayEquals(new int[] {1, -1, 0}, match.matchLabel().toIntArray());
    }

    @Test
    void anImageWithoutLogosSamples256Negatives() {
        NDArray anchors = gridAnchors();
        TargetAssigner.Targets t = assigner().assign(anchors, manager.zeros(new Shape(0, 4)),
                manager.zeros(new Shape(0), DataType.INT64));
        assertEquals(0, t.positives());
        assertEquals(256, t.negatives());
        assertEquals(0f, t.boxTarget().abs().sum().getFloat());
    }

    @Test
    void manyLogosEachGetAPositiveAndAtMostHalfOfThe256AreSampledPositive() {
        NDArray anchors = gridAnchors();
        // 196 logos of 32 x 32 on the anchor centres of rows and columns 1..14, overlapping their
        // neighbours: each has exactly one anchor at IoU 1 (neighbours are at most at 0.33)
        int grid = 14;
        int logos = grid * grid;
        float[][] boxes = new float[logos][];
        for (int i = 0; i < grid * grid; i++) {
            float cx = 16 * (1 + i % grid);
            float cy = 16 * (1 + i / grid);
            boxes[i] = new float[] {cx - 16, cy - 16, cx + 16, cy + 16};
        }
        NDArray gt = manager.create(boxes);
        TargetAssigner.Match match = assigner().match(anchors, gt);
        Set<Long> covered = new HashSet<>();
        long[] index = match.matchedIndex().toLongArray();
        for (long g : index) {
            if (g >= 0) {
                covered.add(g);
            }
        }
        assertEquals(logos, covered.size(), "every logo has its anchor");
        long positivesBeforeSampling = match.matchLabel().eq(1).toType(DataType.INT64, false).sum().getLong();
        assertTrue(positivesBeforeSampling > 128, "the case needs more positives than the sampler takes: "
                + positivesBeforeSampling);

        TargetAssigner.Targets t = assigner().assign(anchors, gt, manager.zeros(new Shape(logos), DataType.INT64));
        assertEquals(128, t.positives(), "at most half of the 256 are positive");
        assertEquals(128, t.negatives(), "the rest are negatives");
    }

    @Test
    void withFewPositivesTheSampleIsFilledUpWithNegatives() {
        NDArray anchors = gridAnchors();
        NDArray gt = manager.create(new float[][] {{100, 100, 140, 128}});
        TargetAssigner.Match match = assigner().match(anchors, gt);
        long positives = match.matchLabel().eq(1).toType(DataType.INT64, false).sum().getLong();
        assertTrue(positives >= 1 && positives < 128, "a single logo has a few positive anchors: " + positives);
        TargetAssigner.Targets t = assigner().assign(anchors, gt, manager.create(new long[] {3}));
        assertEquals(positives, t.positives(), "all positives are kept");
        assertEquals(256 - positives, t.negatives());
        // positives get class target 1 + brand and a box target; the others none
        long[] classes = t.classTarget().toLongArray();
        int[] labels = t.matchLabel().toIntArray();
        for (int i = 0; i < labels.length; i++) {
            assertEquals(labels[i] == 1 ? 4 : labels[i] == 0 ? 0 : -1, classes[i]);
        }
    }

    @Test
    void headOutputsLineUpWithTheAnchorsOfEveryLevel() {
        RegionProposalNetwork twoLevels = new RegionProposalNetwork(new RpnConfig(new float[][] {{32}, {64}},
                new float[][] {{0.5f, 1, 2}, {0.5f, 1, 2}}, 0.7, 0.3, 256, 0.5, 100, 100, 50, 50, 0.7, 1e-3, 1.0 / 9,
                1L), 8, new int[] {8, 16});
        ai.djl.ndarray.NDList levels = new ai.djl.ndarray.NDList(manager.randomUniform(0, 1, new Shape(2, 8, 8, 8)),
                manager.randomUniform(0, 1, new Shape(2, 8, 4, 4)));
        twoLevels.initialize(manager, DataType.FLOAT32, levels.getShapes());
        RegionProposalNetwork.Output out = twoLevels.run(new ai.djl.training.ParameterStore(manager, false), levels,
                false, null);
        int n = 8 * 8 * 3 + 4 * 4 * 3;
        assertEquals(new Shape(2, n), out.objectness().getShape());
        assertEquals(new Shape(2, n, 4), out.deltas().getShape());
        assertEquals(new Shape(n, 4), out.anchors().getShape());
        assertArrayEquals(new int[] {192, 48}, out.levelSizes());
        // the first anchor of level 1 is centred on (0, 0): size 64 at height / width 0.5, rounded to
        // whole pixels as torchvision does: w = 64 * sqrt(2) = 90.51, h = 45.25, corners
        // round(-45.25, -22.63, 45.25, 22.63) = (-45, -23, 45, 23), so 90 x 46
        float[] first = out.anchors().get(192).toFloatArray();
        assertArrayEquals(new float[] {-45, -23, 45, 23}, first, 1e-4f);
    }

    /** 9 anchors at each cell of a 16 x 16 map with stride 16 (a 256-pixel image). */
    private NDArray gridAnchors() {
        return rpn.anchorGenerator().anchors(manager, 0, 16, 16, 16, 16);
    }
}
