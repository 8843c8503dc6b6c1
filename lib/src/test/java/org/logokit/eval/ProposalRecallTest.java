package org.logokit.eval;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
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
    void recallBySizeSortsLogosByTheSquareRootOfTheirArea() {
        // sides: 10 (bin 0..12), 6 x 24 = 12 (bin 12..16), 40 (bin 32..48), 100 (bin >= 96)
        ImageGroundTruth truth = new ImageGroundTruth(new float[][] {
            {0, 0, 10, 10}, {100, 100, 106, 124}, {50, 50, 90, 90}, {0, 150, 100, 250}}, new int[] {0, 1, 2, 3});
        Detections proposals = new Detections(new float[][] {
            {0, 0, 10, 10},     // the 10-pixel logo exactly
            {50, 50, 90, 90},   // the 40-pixel logo exactly
            {0, 150, 50, 250},  // half of the 100-pixel logo: IoU 0.5
        }, new float[] {0.9f, 0.8f, 0.7f}, new int[] {0, 0, 0});
        ProposalRecall recall = new ProposalRecall(new int[] {1, 3}, 0.5);
        recall.add(proposals, truth);
        List<ProposalRecall.SizeBin> atOne = recall.recallBySize(1);
        List<ProposalRecall.SizeBin> atThree = recall.recallBySize(3);
        assertEquals(ProposalRecall.SIDE_BINS.length, atThree.size());
        assertEquals(1, atThree.get(0).logos());
        assertEquals(1.0, atOne.get(0).recall());
        assertEquals(12, atThree.get(1).fromSide());
        assertEquals(1, atThree.get(1).logos());
        assertEquals(0.0, atThree.get(1).recall());
        assertTrue(Double.isNaN(atThree.get(2).recall()), "no logo of 16 to 24 pixels");
        assertEquals(0.0, atOne.get(4).recall());
        assertEquals(1.0, atThree.get(4).recall());
        assertEquals(Double.POSITIVE_INFINITY, atThree.get(7).toSide());
        assertEquals(1.0, atThree.get(7).recall());
        assertEquals(3 / 4.0, recall.recallAt(3), 1e-12);
        assertTrue(recall.sizeSummary(3).contains(">=  96"), recall.sizeSummary(3));
    }

    @Test
    void badCountsAreRejected() {
        assertThrows(IllegalArgumentException.class, () -> new ProposalRecall(new int[0], 0.5));
        assertThrows(IllegalArgumentException.class, () -> new ProposalRecall(new int[] {0}, 0.5));
        assertThrows(IllegalArgumentException.class, () -> new ProposalRecall(new int[] {10}, 1.5));
        assertThrows(IllegalArgumentException.class, () -> new ProposalRecall(new int[] {10}, 0.5).recallAt(5));
    }
}
