package org.logokit.viz;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import java.awt.image.BufferedImage;
import java.util.List;
import org.jfree.chart.JFreeChart;
import org.jfree.data.xy.XYDataset;
import org.junit.jupiter.api.Test;
import org.logokit.detect.Backbone;
import org.logokit.detect.fpn.FeaturePyramid;
import org.logokit.testing.NDManagerFixture;

class PyramidPicturesTest extends NDManagerFixture {

    @Test
    void diagramDrawsBothPathwaysAndOneRowPerExtraLevel() {
        Backbone backbone = new Backbone(Backbone.Config.of(Backbone.Width.QUARTER, "C3", "C4", "C5"));
        BufferedImage retina = PyramidDiagram.draw(backbone, new FeaturePyramid(FeaturePyramid.Config.retinaNet(64)), 256);
        BufferedImage plain = PyramidDiagram.draw(backbone, new FeaturePyramid(
                new FeaturePyramid.Config(List.of("C3", "C4", "C5"), 64, FeaturePyramid.Extra.NONE)), 256);
        assertEquals(2 * 92, retina.getHeight() - plain.getHeight(), "P6 and P7 add a row each");
        // the three pathway colours are all present
        assertTrue(countColour(retina, 0x1F77B4) > 100, "bottom-up blue");
        assertTrue(countColour(retina, 0xFF7F0E) > 100, "top-down orange");
        assertTrue(countColour(retina, 0x2CA02C) > 100, "output green");
    }

    @Test
    void featureLevelsDrawTheImageAndOneTilePerLevelWithItsCells() {
        BufferedImage image = new BufferedImage(64, 64, BufferedImage.TYPE_INT_RGB);
        NDArray fine = manager.zeros(new Shape(1, 4, 4, 4));
        fine.set(new ai.djl.ndarray.index.NDIndex("0, :, 1, 2"), 5f); // one hot cell
        NDList levels = new NDList(fine, manager.ones(new Shape(4, 2, 2)));
        BufferedImage picture = FeatureLevels.render(image, levels, List.of("P3", "P4"), 80);
        assertEquals(3 * 90 + 10, picture.getWidth());
        BufferedImage heat = FeatureLevels.heatMap(fine);
        assertEquals(4, heat.getWidth());
        // the hot cell is the brightest (yellow end of the ramp), the others the dark end
        assertEquals(0xFCE824, heat.getRGB(2, 1) & 0xFFFFFF);
        assertEquals(0x450054, heat.getRGB(0, 0) & 0xFFFFFF);
        assertThrows(IllegalArgumentException.class, () -> FeatureLevels.render(image, levels, List.of("P3"), 80));
    }

    @Test
    void focalCurvesAreTheLibrarysLossAndGammaZeroIsCrossEntropy() {
        double[] pt = {0.1, 0.5, 0.9};
        double[] ce = FocalLossChart.values(manager, pt, 0);
        double[] fl = FocalLossChart.values(manager, pt, 2);
        for (int i = 0; i < pt.length; i++) {
            assertEquals(-Math.log(pt[i]), ce[i], 1e-5);
            assertEquals(-Math.pow(1 - pt[i], 2) * Math.log(pt[i]), fl[i], 1e-5);
        }
        // an easy example (p_t = 0.9) loses 100x under gamma 2; a hard one (0.1) keeps 81 %
        assertEquals(0.01, fl[2] / ce[2], 1e-4);
        assertEquals(0.81, fl[0] / ce[0], 1e-4);
        JFreeChart chart = FocalLossChart.chart(manager, 0, 0.5, 1, 2, 5);
        XYDataset data = chart.getXYPlot().getDataset();
        assertEquals(5, data.getSeriesCount());
        assertEquals(99, data.getItemCount(0));
        assertThrows(IllegalArgumentException.class, () -> FocalLossChart.values(manager, new double[] {1.0}, 2));
    }

    private static int countColour(BufferedImage image, int rgb) {
        int count = 0;
        for (int y = 0; y < image.getHeight(); y++) {
            for (int x = 0; x < image.getWidth(); x++) {
                count += (image.getRGB(x, y) & 0xFFFFFF) == rgb ? 1 : 0;
            }
        }
        return count;
    }
}
