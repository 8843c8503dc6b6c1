package org.logokit.eval;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;
import org.logokit.detect.Detections;

class ProposalRecallTest {

    @Test
    void recallCountsLogosCoveredByTheFirstNProposalsWhateverTheirClass() {
        ImageGroundTruth truth = new ImageGroundTruth(new float[][] {{0, 0, 10, 10}, {50, 50, 60, 60}},
                new int[] {4, 7});
        Detections proposals = new Detections(new float[][] {
            {30, 30, 40, 40},   // rank 1: nothing
            {0, 0, 10, 8},      // rank 2: logo 0 at IoU 0.8
            {50, 50, 60, 56},   // rank 3: logo 1 at IoU 0.6
        }, new float[] {0.9f, 0.8f, 0.7f}, new int[] {0, 0, 0});
        ProposalRecall recall = new ProposalRecall(new int[] {1, 2, 3, 100}, 0.5);
        recall.add(proposals, truth);
        recall.add(Detections.none(), new ImageGroundTruth(new float[][] {{0, 0, 5, 5}}, new int[] {0}));
        assertEquals(3, recall.logos());
        assertArrayEquals(new double[] {0, 1 / 3.0, 2 / 3.0, 2 / 3.0}, recall.recall(), 1e-12);
        // AR at N = 3: logo 0 covered at 0.5..0.8 (7 of 10 thresholds), logo 1 at 0.5..0.6 (3 of 10)
        assertEquals((0.7 + 0.3 + 0) / 3, recall.averageRecall()[2], 1e-12);
        assertEquals(2 / 3.0, recall.recallAt(100), 1e-12);
    }

    @Test
    void badCountsAreRejected() {
        assertThrows(IllegalArgumentException.class, () -> new ProposalRecall(new int[0], 0.5));
        assertThrows(IllegalArgumentException.class, () -> new ProposalRecall(new int[] {0}, 0.5));
        assertThrows(IllegalArgumentException.class, () -> new ProposalRecall(new int[] {10}, 1.5));
        assertThrows(IllegalArgumentException.class, () -> new ProposalRecall(new int[] {10}, 0.5).recallAt(5));
    }
}
