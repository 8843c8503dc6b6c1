package org.logokit.detect.rcnn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.djl.ndarray.NDArray;
import org.junit.jupiter.api.Test;
import org.logokit.testing.NDManagerFixture;

/** The order of torchvision's proposal filter: top-N, clip, tiny boxes, NMS, top-N. */
class ProposalFilterTest extends NDManagerFixture {

    private static float sigmoid(float x) {
        return (float) (1 / (1 + Math.exp(-x)));
    }

    @Test
    void theTopNIsTakenBeforeClippingSoABoxOutsideTheImageCostsASlot() {
        NDArray boxes = manager.create(new float[][] {
            {120, 120, 150, 150},  // best logit, but outside the 100 x 100 image: clipped to nothing
            {10, 10, 40, 40},
            {60, 60, 90, 90},      // third best: not in the top 2
        });
        NDArray logits = manager.create(new float[] {3f, 2f, 1f});
        ProposalFilter filter = new ProposalFilter(2, 10, 0.7, 1e-3, 0);
        ProposalFilter.Stages stages = filter.trace(boxes, logits, new int[] {3}, 100, 100);
        assertEquals(2, stages.topN().size());
        assertEquals(1, stages.clipped().size(), "the clipped box has zero size and is dropped");
        Proposals p = stages.proposals();
        assertEquals(1, p.size(), "the third box never had a chance");
        assertArrayEquals(new float[] {10, 10, 40, 40}, p.boxes().toFloatArray());
        assertArrayEquals(new float[] {sigmoid(2f)}, p.scores().toFloatArray(), 1e-6f);
    }

    @Test
    void boxesAreClippedToTheImage() {
        NDArray boxes = manager.create(new float[][] {{-10, -5, 40, 130}});
        Proposals p = new ProposalFilter(5, 5, 0.7, 1e-3, 0).apply(boxes, manager.create(new float[] {0f}),
                new int[] {1}, 100, 120);
        assertArrayEquals(new float[] {0, 0, 40, 120}, p.boxes().toFloatArray());
        assertArrayEquals(new float[] {0.5f}, p.scores().toFloatArray(), 1e-6f);
    }

    @Test
    void nmsAt07RemovesANearDuplicateButKeepsAModeratelyOverlappingBox() {
        NDArray boxes = manager.create(new float[][] {
            {0, 0, 10, 10},
            {0, 0, 10, 9},   // IoU 0.9 with the first: removed
            {0, 0, 10, 6.5f}, // IoU 0.65: kept
        });
        Proposals p = new ProposalFilter(10, 10, 0.7, 1e-3, 0).apply(boxes,
                manager.create(new float[] {2f, 1.5f, 1f}), new int[] {3}, 100, 100);
        assertArrayEquals(new float[] {0, 0, 10, 10, 0, 0, 10, 6.5f}, p.boxes().toFloatArray());
    }

    @Test
    void afterNmsOnlyThePostNmsTopNBestRemain() {
        NDArray boxes = manager.create(new float[][] {{0, 0, 10, 10}, {20, 20, 30, 30}, {40, 40, 50, 50},
            {60, 60, 70, 70}});
        ProposalFilter.Stages s = new ProposalFilter(10, 2, 0.7, 1e-3, 0).trace(boxes,
                manager.create(new float[] {0f, 3f, 1f, 2f}), new int[] {4}, 100, 100);
        assertEquals(4, s.afterNms().size());
        assertArrayEquals(new float[] {20, 20, 30, 30, 60, 60, 70, 70}, s.proposals().boxes().toFloatArray());
    }

    @Test
    void tinyBoxesAreDropped() {
        NDArray boxes = manager.create(new float[][] {{0, 0, 10, 0.5f}, {20, 20, 30, 30}});
        Proposals p = new ProposalFilter(10, 10, 0.7, 1.0, 0).apply(boxes, manager.create(new float[] {5f, 0f}),
                new int[] {2}, 100, 100);
        assertArrayEquals(new float[] {20, 20, 30, 30}, p.boxes().toFloatArray());
    }

    @Test
    void everyLevelKeepsItsOwnTopNAndNmsRunsWithinALevel() {
        NDArray boxes = manager.create(new float[][] {
            // level 0 (3 anchors)
            {0, 0, 10, 10}, {50, 50, 60, 60}, {80, 80, 90, 90},
            // level 1 (2 anchors): the first duplicates level 0's first box
            {0, 0, 10, 10}, {30, 30, 60, 60},
        });
        NDArray logits = manager.create(new float[] {5f, 4f, 3f, -1f, -2f});
        ProposalFilter.Stages s = new ProposalFilter(2, 10, 0.7, 1e-3, 0).trace(boxes, logits, new int[] {3, 2},
                100, 100);
        // top 2 of level 0 and top 2 of level 1, though level 1 scores below all of level 0
        assertEquals(4, s.topN().size());
        // the duplicate survives: it is on another level
        assertEquals(4, s.proposals().size());
        assertArrayEquals(new float[] {sigmoid(5), sigmoid(4), sigmoid(-1), sigmoid(-2)},
                s.proposals().scores().toFloatArray(), 1e-6f);
    }
}
