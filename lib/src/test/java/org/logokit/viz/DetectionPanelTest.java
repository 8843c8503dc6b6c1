package org.logokit.viz;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.Color;
import java.awt.image.BufferedImage;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.logokit.detect.Detections;
import org.logokit.eval.ImageGroundTruth;

class DetectionPanelTest {

    @Test
    void truePositivesAreGreenFalsePositivesRedAndMissedLogosOrange() {
        BufferedImage photo = new BufferedImage(200, 150, BufferedImage.TYPE_INT_RGB);
        ImageGroundTruth truth = new ImageGroundTruth(new float[][] {{20, 40, 80, 100}, {120, 40, 180, 100}},
                new int[] {0, 1});
        Detections detections = new Detections(new float[][] {{20, 40, 80, 100}, {100, 110, 130, 140}},
                new float[] {0.9f, 0.4f}, new int[] {0, 1});
        BufferedImage panel = DetectionPanel.render(photo, detections, truth, List.of("adidas", "bmw"));
        assertEquals(200, panel.getWidth());
        assertTrue(panel.getHeight() > 150, "a legend strip under the photo");
        // left edges, half-way down each box (below the caption tags)
        assertEquals(DetectionPanel.TRUE_POSITIVE.getRGB(), panel.getRGB(20, 85));
        assertEquals(DetectionPanel.FALSE_POSITIVE.getRGB(), panel.getRGB(100, 130));
        assertTrue(columnHas(panel, 120, 60, 100, DetectionPanel.MISSED), "the missed logo's dashed edge");
        assertEquals(Color.BLACK.getRGB(), photo.getRGB(20, 85), "the photo is not drawn on");
    }

    @Test
    void detectionsBelowTheMinimumScoreAreLeftOut() {
        BufferedImage photo = new BufferedImage(100, 100, BufferedImage.TYPE_INT_RGB);
        Detections detections = new Detections(new float[][] {{10, 10, 50, 50}}, new float[] {0.2f}, new int[] {0});
        BufferedImage panel = DetectionPanel.render(photo, detections, ImageGroundTruth.none(), List.of("a"), 0.5);
        assertEquals(Color.BLACK.getRGB(), panel.getRGB(10, 30));
        BufferedImage grid = DetectionPanel.grid(List.of(panel, panel, panel), 2);
        assertEquals(2 * 100 + 6, grid.getWidth());
        assertEquals(2 * panel.getHeight() + 6, grid.getHeight());
    }

    private static boolean columnHas(BufferedImage image, int x, int fromY, int toY, Color color) {
        for (int y = fromY; y < toY; y++) {
            if (image.getRGB(x, y) == color.getRGB()) {
                return true;
            }
        }
        return false;
    }
}
