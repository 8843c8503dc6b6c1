package org.logokit.viz;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import java.awt.Color;
import java.awt.image.BufferedImage;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.logokit.detect.rcnn.PoolerKind;
import org.logokit.testing.NDManagerFixture;

/** The chapter 06-07 pictures draw what they say, in the colours they say. */
class RcnnPicturesTest extends NDManagerFixture {

    @Test
    void anchorTargetsAreColouredByLabelAndTheZoomEnlargesBoxesWithTheImage() {
        BufferedImage image = new BufferedImage(64, 64, BufferedImage.TYPE_INT_RGB);
        NDArray anchors = manager.create(new float[][] {{10, 10, 30, 30}, {40, 8, 60, 28}, {5, 40, 25, 60}});
        NDArray labels = manager.create(new int[] {1, 0, -1});
        BufferedImage picture = AnchorTargetPicture.render(image, anchors, labels, new float[0][], 10, 1, 2);
        assertEquals(128, picture.getWidth());
        assertEquals(AnchorTargetPicture.POSITIVE.getRGB(), picture.getRGB(20, 40), "positive, left edge at x 20");
        assertEquals(AnchorTargetPicture.NEGATIVE.getRGB(), picture.getRGB(80, 36), "negative, left edge at x 80");
        assertThrows(IllegalArgumentException.class, () -> AnchorTargetPicture.render(image, anchors,
                manager.create(new int[] {1}), new float[0][], 10, 1, 1));
    }

    @Test
    void theBestProposalsAreDrawnInTheirOwnColour() {
        BufferedImage image = new BufferedImage(100, 100, BufferedImage.TYPE_INT_RGB);
        float[][] boxes = new float[12][];
        for (int i = 0; i < 12; i++) {
            boxes[i] = new float[] {2 + 8 * i, 50, 6 + 8 * i, 90};
        }
        BufferedImage picture = ProposalPicture.render(image, manager.create(boxes), 12, new float[0][], 1);
        assertEquals(ProposalPicture.BEST.getRGB(), picture.getRGB(2, 70), "the best box");
        assertEquals(ProposalPicture.OTHER.getRGB(), picture.getRGB(2 + 8 * 11, 70), "the twelfth box");
        assertEquals(Color.BLACK.getRGB(), picture.getRGB(50, 20));
    }

    @Test
    void roiPoolingReadsTheSnappedCellsWithTheLastRowAndColumn() {
        // at stride 16: 21 -> cell 1, 87 -> cell 5 (5.44), read through the end of cell 5 = pixel 96
        assertArrayEquals(new float[] {16, 16, 96, 80}, RoiPoolingPicture.roiPoolRegion(new float[] {21, 13, 87, 70},
                1 / 16.0), 1e-6f);
        // halves round away from zero: 24 / 16 = 1.5 -> 2
        assertArrayEquals(new float[] {32, 32, 48, 48}, RoiPoolingPicture.roiPoolRegion(new float[] {24, 24, 24, 24},
                1 / 16.0), 1e-6f);
    }

    @Test
    void aRoiPoolingPictureShowsTheMapAndThePooledCells() {
        NDArray map = manager.arange(0f, 64f).reshape(8, 8);
        NDArray pooled = manager.create(new float[][] {{1, 2}, {3, 4}});
        for (PoolerKind kind : PoolerKind.values()) {
            BufferedImage picture = RoiPoolingPicture.render(map, new float[] {21, 13, 87, 70}, 1 / 16.0, kind, pooled,
                    20);
            assertTrue(picture.getWidth() > 8 * 20 + 2 * 20, kind + ": map and output side by side");
        }
        assertThrows(IllegalArgumentException.class, () -> RoiPoolingPicture.render(map.reshape(1, 8, 8),
                new float[] {0, 0, 8, 8}, 1, PoolerKind.ROI_POOL, pooled, 10));
        BufferedImage tiled = ImageGrid.tile(List.of(new BufferedImage(10, 20, BufferedImage.TYPE_INT_RGB)), 3);
        assertEquals(10, tiled.getWidth());
    }
}
