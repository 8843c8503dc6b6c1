package org.logokit.notebook;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.imageio.ImageIO;
import org.jfree.chart.ChartFactory;
import org.jfree.chart.JFreeChart;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tech.tablesaw.api.IntColumn;
import tech.tablesaw.api.Table;

/** Outside a notebook (as in this test JVM) Show must print text and save pictures as PNG files. */
class ShowTest {

    private static final Pattern SAVED = Pattern.compile("saved to (\\S+\\.png)");

    private PrintStream original;
    private ByteArrayOutputStream captured;

    @BeforeEach
    void captureStdout() {
        original = System.out;
        captured = new ByteArrayOutputStream();
        System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
    }

    @AfterEach
    void restoreStdout() {
        System.setOut(original);
    }

    private String printed() {
        return captured.toString(StandardCharsets.UTF_8);
    }

    private Path savedFile() {
        Matcher m = SAVED.matcher(printed());
        assertTrue(m.find(), "no saved PNG path in: " + printed());
        return Path.of(m.group(1));
    }

    @Test
    void testJvmHasNoNotebookKernel() {
        assertEquals(KernelKind.NONE, KernelDisplay.current().kind());
    }

    @Test
    void htmlAndMarkdownArePrintedAsTheyAreWithoutAKernel() {
        Show.html("<b>42</b>");
        Show.markdown("# Title");
        assertEquals("<b>42</b>" + System.lineSeparator() + "# Title" + System.lineSeparator(), printed());
    }

    @Test
    void imageIsSavedAsAPngWithTheSamePixels() throws Exception {
        BufferedImage image = new BufferedImage(7, 5, BufferedImage.TYPE_INT_RGB);
        image.setRGB(3, 2, 0xFF0000);
        Show.image(image);
        Path file = savedFile();
        try {
            BufferedImage back = ImageIO.read(file.toFile());
            assertEquals(7, back.getWidth());
            assertEquals(5, back.getHeight());
            assertEquals(0xFF0000, back.getRGB(3, 2) & 0xFFFFFF);
            assertEquals(0, back.getRGB(0, 0) & 0xFFFFFF);
            assertTrue(printed().contains("image 7×5"), printed());
        } finally {
            Files.deleteIfExists(file);
        }
    }

    @Test
    void chartIsDrawnAtTheRequestedSizeAndSaved() throws Exception {
        XYSeries series = new XYSeries("loss");
        series.add(1, 2.0);
        series.add(2, 1.0);
        JFreeChart chart = ChartFactory.createXYLineChart("loss", "epoch", "loss", new XYSeriesCollection(series));
        Show.chart(chart, 320, 200);
        Path file = savedFile();
        try {
            BufferedImage back = ImageIO.read(file.toFile());
            assertEquals(320, back.getWidth());
            assertEquals(200, back.getHeight());
        } finally {
            Files.deleteIfExists(file);
        }
    }

    @Test
    void defaultChartSizeIs640By400() throws Exception {
        Show.chart(ChartFactory.createPieChart("empty", null));
        Path file = savedFile();
        try {
            BufferedImage back = ImageIO.read(file.toFile());
            assertEquals(Show.DEFAULT_CHART_WIDTH, back.getWidth());
            assertEquals(Show.DEFAULT_CHART_HEIGHT, back.getHeight());
        } finally {
            Files.deleteIfExists(file);
        }
    }

    @Test
    void tableIsPrintedAsTextWithTheRowCap() {
        Table table = Table.create("counts", IntColumn.create("n", new int[] {11, 22, 33, 44}));
        Show.table(table, 2);
        String text = printed();
        assertTrue(text.contains("11") && text.contains("22"), text);
        assertTrue(!text.contains("33") && !text.contains("44"), text);
        assertTrue(text.contains("2 more rows not shown (2 of 4)"), text);
    }

    @Test
    void badInputGetsAClearMessage() {
        assertThrows(IllegalArgumentException.class, () -> Show.image(null));
        assertThrows(IllegalArgumentException.class, () -> Show.chart(null));
        JFreeChart chart = ChartFactory.createPieChart("x", null);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Show.chart(chart, 0, 100));
        assertTrue(e.getMessage().contains("0 × 100"), e.getMessage());
    }

    @Test
    void drawingOnAnImageStaysHeadless() {
        BufferedImage image = new BufferedImage(4, 4, BufferedImage.TYPE_INT_ARGB);
        Graphics2D g = image.createGraphics();
        g.setColor(Color.BLUE);
        g.fillRect(0, 0, 4, 4);
        g.dispose();
        Show.image(image);
        assertTrue(printed().contains("saved to"), printed());
    }
}
