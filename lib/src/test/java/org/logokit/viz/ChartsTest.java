package org.logokit.viz;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import javax.imageio.ImageIO;
import org.jfree.chart.JFreeChart;
import org.jfree.data.statistics.HistogramDataset;
import org.jfree.data.xy.XYDataset;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ChartsTest {

    @Test
    void lineChartHasOneSeriesPerNameWithXFromOne() {
        Map<String, double[]> series = new LinkedHashMap<>();
        series.put("train", new double[] {0.5, 0.7, 0.8});
        series.put("val", new double[] {0.4, 0.6});
        JFreeChart chart = Charts.line("accuracy", "epoch", "accuracy", series);
        XYDataset data = chart.getXYPlot().getDataset();
        assertEquals(2, data.getSeriesCount());
        assertEquals("train", data.getSeriesKey(0));
        assertEquals(1.0, data.getXValue(0, 0));
        assertEquals(0.8, data.getYValue(0, 2));
        assertEquals(2, data.getItemCount(1));
    }

    @Test
    void lineChartWithExplicitXRejectsSeriesOfTheWrongLength() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Charts.line("t", "x", "y", new double[] {1, 2, 3},
                        Map.of("short", new double[] {1, 2})));
        assertTrue(e.getMessage().contains("short"), e.getMessage());
    }

    @Test
    void histogramPutsEveryValueInOneOfTheBins() {
        double[] values = {1, 1, 2, 3, 3, 3, 10};
        JFreeChart chart = Charts.histogram("sizes", "width", values, 3);
        HistogramDataset data = (HistogramDataset) chart.getXYPlot().getDataset();
        assertEquals(3, data.getItemCount(0));
        double total = 0;
        for (int i = 0; i < 3; i++) {
            total += data.getYValue(0, i);
        }
        assertEquals(values.length, total, 1e-9);
    }

    @Test
    void renderedChartHasTheRequestedSizeAndIsNotBlank() {
        JFreeChart chart = Charts.bar("images per brand", "brand", "images",
                Map.of("adidas", 10, "bmw", 7));
        BufferedImage image = Charts.toImage(chart, 321, 123);
        assertEquals(321, image.getWidth());
        assertEquals(123, image.getHeight());
        long colours = image.getRGB(0, 0, 321, 123, null, 0, 321).length == 0 ? 0
                : java.util.Arrays.stream(image.getRGB(0, 0, 321, 123, null, 0, 321)).distinct()
                        .count();
        assertTrue(colours > 5, "a chart with bars and text has many colours, got " + colours);
    }

    @Test
    void savePngWritesADecodablePngOfTheRequestedSize(@TempDir Path dir) throws Exception {
        Path file = Charts.savePng(Charts.histogram("h", "x", new double[] {1, 2, 3}, 2),
                dir.resolve("sub/h.png"), 200, 100);
        assertTrue(Files.size(file) > 0);
        BufferedImage back = ImageIO.read(file.toFile());
        assertEquals(200, back.getWidth());
        assertEquals(100, back.getHeight());
    }

    @Test
    void rejectsEmptyOrBrokenInputWithAClearMessage() {
        assertThrows(IllegalArgumentException.class, () -> Charts.line("t", "x", "y", Map.of()));
        assertThrows(IllegalArgumentException.class,
                () -> Charts.histogram("t", "x", new double[0], 5));
        assertThrows(IllegalArgumentException.class,
                () -> Charts.histogram("t", "x", new double[] {1}, 0));
        IllegalArgumentException nan = assertThrows(IllegalArgumentException.class,
                () -> Charts.line("t", "x", "y", Map.of("loss", new double[] {1, Double.NaN})));
        assertTrue(nan.getMessage().contains("index 1"), nan.getMessage());
        assertThrows(IllegalArgumentException.class,
                () -> Charts.toImage(Charts.bar("t", "c", "v", Map.of("a", 1)), 0, 10));
    }
}
