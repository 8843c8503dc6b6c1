package org.logokit.viz;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import java.awt.Color;
import java.awt.image.BufferedImage;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jfree.chart.JFreeChart;
import org.junit.jupiter.api.Test;
import org.logokit.anchor.AnchorGenerator;
import org.logokit.box.NmsTrace;
import org.logokit.eval.ImageDetections;
import org.logokit.eval.ImageGroundTruth;
import org.logokit.eval.ImageMatch;
import org.logokit.eval.MatchingRule;
import org.logokit.eval.PrecisionRecallCurve;
import org.logokit.testing.NDManagerFixture;

/** The pictures of chapters 04 and 05 draw what they say, at the size they say. */
class DetectionPicturesTest extends NDManagerFixture {
    private static final int GREY = new Color(128, 128, 128).getRGB();

    private static BufferedImage grey(int width, int height) {
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                image.setRGB(x, y, GREY);
            }
        }
        return image;
    }

    @Test
    void detectionPanelColoursTruePositivesFalsePositivesAndMisses() {
        ImageGroundTruth gt = new ImageGroundTruth(new float[][] {{20, 20, 80, 80}, {120, 120, 180, 180}},
                new int[] {0, 0});
        ImageDetections det = new ImageDetections(new float[][] {{20, 20, 80, 80}, {120, 20, 180, 80}},
                new float[] {0.9f, 0.8f}, new int[] {0, 0});
        ImageMatch match = ImageMatch.of(det, gt, 0.5, MatchingRule.COCO);
        BufferedImage panel = DetectionPanel.render(grey(200, 200), det, gt, match, c -> "", 200, false);
        assertEquals(200, panel.getWidth());
        assertEquals(DetectionPanel.TRUE_POSITIVE.getRGB(), panel.getRGB(50, 80), "bottom edge of the hit");
        assertEquals(DetectionPanel.FALSE_POSITIVE.getRGB(), panel.getRGB(150, 80), "false alarm");
        // the missed object is dashed: some of its bottom edge is orange
        boolean orange = false;
        for (int x = 120; x <= 180; x++) {
            orange |= panel.getRGB(x, 180) == DetectionPanel.MISSED.getRGB();
        }
        assertTrue(orange, "missed object drawn");
        assertEquals(GREY, panel.getRGB(150, 150), "inside the missed box");
    }

    @Test
    void nmsStripHasOnePanelForTheInputAndOnePerStep() {
        float[][] boxes = {{10, 10, 60, 60}, {12, 12, 62, 62}, {100, 100, 150, 150}};
        float[] scores = {0.9f, 0.8f, 0.7f};
        List<NmsTrace.Step> steps = NmsTrace.run(boxes, scores, 0.5);
        BufferedImage strip = NmsStrip.render(grey(200, 200), boxes, scores, steps, 5, 100, false);
        assertEquals(3 * 104, strip.getWidth(), "input + 2 steps");
        BufferedImage capped = NmsStrip.render(grey(200, 200), boxes, scores, steps, 1, 100, false);
        assertEquals(2 * 104, capped.getWidth());
    }

    @Test
    void anchorMatchPictureCountsWhatTheMatcherDecided() {
        AnchorGenerator generator = AnchorGenerator.ofShapes(new float[][] {{32, 32}});
        NDArray anchors = generator.anchorsForImage(manager, 64, 64, new int[][] {{2, 2}});
        NDArray labels = manager.create(new long[] {0, -1, -2, -1});
        BufferedImage picture = AnchorPicture.matches(grey(100, 100), 64, anchors, labels,
                List.of(new float[] {0, 0, 16, 16}));
        assertEquals(64, picture.getWidth());
        assertThrows(IllegalArgumentException.class, () -> AnchorPicture.matches(grey(10, 10), 64,
                anchors, manager.create(new long[] {0}), List.of()));
        BufferedImage grid = AnchorPicture.grid(grey(64, 64), 64, anchors, 1, new int[] {3});
        assertEquals(64, grid.getHeight());
        assertThrows(IllegalArgumentException.class,
                () -> AnchorPicture.grid(grey(64, 64), 64, anchors, 1, new int[] {4}));
        BufferedImage shapes = AnchorPicture.shapes(new float[][] {{10, 20}, {30, 5}}, "two", 100);
        assertEquals(200, shapes.getWidth());
    }

    @Test
    void overlapPicturesAndChartsDescribeTheirData() {
        BufferedImage pairs = OverlapPicture.pairs(List.of(new OverlapPicture.Pair("seed",
                new double[] {0, 0, 2, 2}, new double[] {1, 1, 3, 4})), 150);
        assertEquals(150, pairs.getWidth());
        JFreeChart shift = OverlapPicture.againstShift(new double[] {0, 0, 10, 10},
                new double[] {0, 0, 10, 10}, -20, 20, 41);
        assertEquals(4, shift.getXYPlot().getDataset().getSeriesCount());
        // at dx = 0 every measure is 1
        assertEquals(1.0, shift.getXYPlot().getDataset().getYValue(0, 20), 1e-12);
        PrecisionRecallCurve curve = PrecisionRecallCurve.fromSorted(new double[] {0.9, 0.8},
                new boolean[] {true, false}, 2);
        Map<String, PrecisionRecallCurve> curves = new LinkedHashMap<>();
        curves.put("IoU 0.5", curve);
        assertEquals(2, PrecisionRecallChart.of("pr", curves, true).getXYPlot().getDataset().getSeriesCount());
        Map<String, double[]> values = new LinkedHashMap<>();
        values.put("a", new double[] {0.1, 0.9});
        values.put("b", new double[0]);
        values.put("c", new double[] {0.5});
        BufferedImage histograms = Charts.histogramGrid("best IoU", values, 10, 0, 1, 2, 120, 90);
        assertEquals(240, histograms.getWidth());
        assertEquals(28 + 2 * 90, histograms.getHeight());
    }
}
