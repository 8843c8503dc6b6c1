package org.logokit.viz;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Objects;
import org.jfree.chart.ChartFactory;
import org.jfree.chart.ChartUtils;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.plot.CategoryPlot;
import org.jfree.chart.plot.PlotOrientation;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.category.BarRenderer;
import org.jfree.chart.renderer.category.StandardBarPainter;
import org.jfree.chart.renderer.xy.StandardXYBarPainter;
import org.jfree.chart.renderer.xy.XYBarRenderer;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.data.category.DefaultCategoryDataset;
import org.jfree.data.statistics.HistogramDataset;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;

/**
 * Small JFreeChart factories with one look for the whole course: white background, light grid,
 * the {@link Palette} colours, readable fonts. Show a chart in a notebook with
 * {@code Show.chart(chart)}; write it to a file with {@link #savePng}.
 *
 * <p>All factories check their input and say what is wrong (empty data, mismatched lengths,
 * non-finite values) instead of drawing an empty or misleading chart.
 */
public final class Charts {
    /** Default picture size in pixels, used by {@link #toImage(JFreeChart)}. */
    public static final int DEFAULT_WIDTH = 640;
    /** Default picture height in pixels. */
    public static final int DEFAULT_HEIGHT = 400;

    private static final Color GRID = new Color(0xDDDDDD);
    private static final Font TITLE_FONT = new Font(Font.SANS_SERIF, Font.BOLD, 16);
    private static final Font LABEL_FONT = new Font(Font.SANS_SERIF, Font.PLAIN, 13);

    private Charts() {}

    /**
     * Line chart of named series sharing the x values {@code 1, 2, ..., n} (e.g. a value per
     * epoch). Series may have different lengths.
     *
     * @param series name to y values, drawn in iteration order (use a LinkedHashMap)
     */
    public static JFreeChart line(String title, String xLabel, String yLabel,
            Map<String, double[]> series) {
        requireNonEmpty(series, "series");
        XYSeriesCollection dataset = new XYSeriesCollection();
        for (Map.Entry<String, double[]> entry : series.entrySet()) {
            double[] ys = requireFinite(entry.getValue(), "series '" + entry.getKey() + "'");
            XYSeries s = new XYSeries(entry.getKey(), false, true);
            for (int i = 0; i < ys.length; i++) {
                s.add(i + 1, ys[i]);
            }
            dataset.addSeries(s);
        }
        JFreeChart chart = lineChart(title, xLabel, yLabel, dataset);
        // x counts steps (epochs): whole-number ticks only.
        chart.getXYPlot().getDomainAxis().setStandardTickUnits(
                org.jfree.chart.axis.NumberAxis.createIntegerTickUnits());
        return chart;
    }

    /**
     * Line chart of named series over explicit x values (e.g. IoU thresholds, k in k-means).
     *
     * @param x the x values, shared by every series
     * @param series name to y values, each as long as {@code x}
     */
    public static JFreeChart line(String title, String xLabel, String yLabel, double[] x,
            Map<String, double[]> series) {
        requireFinite(x, "x");
        requireNonEmpty(series, "series");
        XYSeriesCollection dataset = new XYSeriesCollection();
        for (Map.Entry<String, double[]> entry : series.entrySet()) {
            double[] ys = requireFinite(entry.getValue(), "series '" + entry.getKey() + "'");
            if (ys.length != x.length) {
                throw new IllegalArgumentException("Series '" + entry.getKey() + "' has "
                        + ys.length + " values but there are " + x.length + " x values");
            }
            XYSeries s = new XYSeries(entry.getKey(), false, true);
            for (int i = 0; i < ys.length; i++) {
                s.add(x[i], ys[i]);
            }
            dataset.addSeries(s);
        }
        return lineChart(title, xLabel, yLabel, dataset);
    }

    /**
     * Line chart of named curves, each with its own x values (e.g. precision-recall curves at
     * several IoU thresholds).
     *
     * @param curves name to {x values, y values} of equal length, drawn in iteration order
     */
    public static JFreeChart curves(String title, String xLabel, String yLabel,
            Map<String, double[][]> curves) {
        requireNonEmpty(curves, "curves");
        XYSeriesCollection dataset = new XYSeriesCollection();
        for (Map.Entry<String, double[][]> entry : curves.entrySet()) {
            double[][] xy = entry.getValue();
            if (xy == null || xy.length != 2 || xy[0].length != xy[1].length) {
                throw new IllegalArgumentException("Curve '" + entry.getKey() + "' must be {x, y}"
                        + " with as many y values as x values");
            }
            requireFinite(xy[0], "x of '" + entry.getKey() + "'");
            requireFinite(xy[1], "y of '" + entry.getKey() + "'");
            XYSeries s = new XYSeries(entry.getKey(), false, true);
            for (int i = 0; i < xy[0].length; i++) {
                s.add(xy[0][i], xy[1][i]);
            }
            dataset.addSeries(s);
        }
        return lineChart(title, xLabel, yLabel, dataset);
    }

    /**
     * Small histograms side by side, one per name, all with the same bins (e.g. the best-anchor
     * IoU of every brand's boxes): a picture, not one chart.
     *
     * @param values name to its values (a name without values gets an empty panel)
     * @param bins number of bins between {@code min} and {@code max}; values outside go to the
     *     first or last bin
     * @param columns panels per row
     * @param panelWidth width of one panel in pixels
     * @param panelHeight height of one panel in pixels
     */
    public static BufferedImage histogramGrid(String title, Map<String, double[]> values, int bins,
            double min, double max, int columns, int panelWidth, int panelHeight) {
        requireNonEmpty(values, "values");
        if (bins < 1 || !(max > min) || columns < 1) {
            throw new IllegalArgumentException("Need bins >= 1, max > min and columns >= 1");
        }
        requireSize(panelWidth, panelHeight);
        int rows = (values.size() + columns - 1) / columns;
        int titleHeight = 28;
        BufferedImage out = new BufferedImage(columns * panelWidth, titleHeight + rows * panelHeight,
                BufferedImage.TYPE_INT_RGB);
        java.awt.Graphics2D g = out.createGraphics();
        g.setRenderingHint(java.awt.RenderingHints.KEY_TEXT_ANTIALIASING,
                java.awt.RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, out.getWidth(), out.getHeight());
        g.setColor(Color.BLACK);
        g.setFont(TITLE_FONT);
        g.drawString(title, 8, 20);
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 11));
        int k = 0;
        for (Map.Entry<String, double[]> entry : values.entrySet()) {
            int x0 = (k % columns) * panelWidth;
            int y0 = titleHeight + (k / columns) * panelHeight;
            double[] v = requireFinite(entry.getValue(), "values of '" + entry.getKey() + "'");
            int[] counts = new int[bins];
            for (double value : v) {
                int b = (int) Math.floor((value - min) / (max - min) * bins);
                counts[Math.max(0, Math.min(bins - 1, b))]++;
            }
            int top = 0;
            for (int c : counts) {
                top = Math.max(top, c);
            }
            int plotX = x0 + 6;
            int plotW = panelWidth - 12;
            int plotY = y0 + 18;
            int plotH = panelHeight - 36;
            g.setColor(GRID);
            g.drawRect(plotX, plotY, plotW, plotH);
            g.setColor(Palette.color(0));
            for (int b = 0; b < bins; b++) {
                int h = top == 0 ? 0 : (int) Math.round((double) counts[b] / top * plotH);
                int bx = plotX + b * plotW / bins;
                int bw = Math.max(1, (b + 1) * plotW / bins - b * plotW / bins - 1);
                g.fillRect(bx, plotY + plotH - h, bw, h);
            }
            g.setColor(Color.DARK_GRAY);
            g.drawString(entry.getKey() + " (" + v.length + ")", plotX, y0 + 13);
            g.drawString(String.format(java.util.Locale.ROOT, "%.1f", min), plotX, plotY + plotH + 13);
            String right = String.format(java.util.Locale.ROOT, "%.1f", max);
            g.drawString(right, plotX + plotW - g.getFontMetrics().stringWidth(right),
                    plotY + plotH + 13);
            k++;
        }
        g.dispose();
        return out;
    }

    /**
     * Histogram of {@code values} in {@code bins} equal-width bins between their min and max.
     *
     * @param bins number of bins, at least 1
     */
    public static JFreeChart histogram(String title, String xLabel, double[] values, int bins) {
        requireFinite(values, "values");
        if (values.length == 0) {
            throw new IllegalArgumentException("Cannot draw a histogram of no values");
        }
        if (bins < 1) {
            throw new IllegalArgumentException("A histogram needs at least 1 bin, got " + bins);
        }
        HistogramDataset dataset = new HistogramDataset();
        dataset.addSeries(xLabel, values, bins);
        JFreeChart chart = ChartFactory.createHistogram(title, xLabel, "count", dataset,
                PlotOrientation.VERTICAL, false, true, false);
        XYPlot plot = chart.getXYPlot();
        XYBarRenderer renderer = (XYBarRenderer) plot.getRenderer();
        renderer.setBarPainter(new StandardXYBarPainter());
        renderer.setShadowVisible(false);
        renderer.setDrawBarOutline(true);
        renderer.setDefaultOutlinePaint(Color.WHITE);
        renderer.setSeriesPaint(0, Palette.color(0));
        styleXY(plot);
        return style(chart);
    }

    /**
     * Vertical bar chart, one bar per category (e.g. images per brand).
     *
     * @param values category to value, drawn in iteration order (use a LinkedHashMap)
     */
    public static JFreeChart bar(String title, String categoryLabel, String valueLabel,
            Map<String, ? extends Number> values) {
        requireNonEmpty(values, "values");
        DefaultCategoryDataset dataset = new DefaultCategoryDataset();
        for (Map.Entry<String, ? extends Number> entry : values.entrySet()) {
            Number v = Objects.requireNonNull(entry.getValue(), "value of " + entry.getKey());
            if (!Double.isFinite(v.doubleValue())) {
                throw new IllegalArgumentException("Category '" + entry.getKey()
                        + "' has a non-finite value " + v);
            }
            dataset.addValue(v, valueLabel, entry.getKey());
        }
        JFreeChart chart = ChartFactory.createBarChart(title, categoryLabel, valueLabel, dataset,
                PlotOrientation.VERTICAL, false, true, false);
        CategoryPlot plot = chart.getCategoryPlot();
        BarRenderer renderer = (BarRenderer) plot.getRenderer();
        renderer.setBarPainter(new StandardBarPainter());
        renderer.setShadowVisible(false);
        renderer.setSeriesPaint(0, Palette.color(0));
        plot.setBackgroundPaint(Color.WHITE);
        plot.setRangeGridlinePaint(GRID);
        plot.setOutlineVisible(false);
        plot.getDomainAxis().setLabelFont(LABEL_FONT);
        plot.getRangeAxis().setLabelFont(LABEL_FONT);
        if (values.size() > 8) {
            // Long category lists (32 brands) only fit when their names are tilted.
            plot.getDomainAxis().setCategoryLabelPositions(
                    org.jfree.chart.axis.CategoryLabelPositions.UP_45);
        }
        return style(chart);
    }

    /** Renders {@code chart} at {@value #DEFAULT_WIDTH}x{@value #DEFAULT_HEIGHT} pixels. */
    public static BufferedImage toImage(JFreeChart chart) {
        return toImage(chart, DEFAULT_WIDTH, DEFAULT_HEIGHT);
    }

    /** Renders {@code chart} to an RGB image of exactly {@code width} x {@code height} pixels. */
    public static BufferedImage toImage(JFreeChart chart, int width, int height) {
        Objects.requireNonNull(chart, "chart");
        requireSize(width, height);
        return chart.createBufferedImage(width, height, BufferedImage.TYPE_INT_RGB, null);
    }

    /**
     * Writes {@code chart} as a PNG file, creating parent folders as needed.
     *
     * @throws UncheckedIOException if the file cannot be written; the message names the file
     */
    public static Path savePng(JFreeChart chart, Path file, int width, int height) {
        Objects.requireNonNull(chart, "chart");
        requireSize(width, height);
        try {
            Path parent = file.toAbsolutePath().getParent();
            if (parent != null) {
                Files.createDirectories(parent);
            }
            ChartUtils.saveChartAsPNG(file.toFile(), chart, width, height);
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException("Could not write the chart to " + file + ": "
                    + e.getMessage(), e);
        }
    }

    private static JFreeChart lineChart(String title, String xLabel, String yLabel,
            XYSeriesCollection dataset) {
        JFreeChart chart = ChartFactory.createXYLineChart(title, xLabel, yLabel, dataset,
                PlotOrientation.VERTICAL, dataset.getSeriesCount() > 1, true, false);
        XYPlot plot = chart.getXYPlot();
        XYLineAndShapeRenderer renderer = new XYLineAndShapeRenderer(true, true);
        for (int i = 0; i < dataset.getSeriesCount(); i++) {
            renderer.setSeriesPaint(i, Palette.color(i));
            renderer.setSeriesStroke(i, new BasicStroke(2f));
            // Markers help with few points (epochs) and clutter with many.
            renderer.setSeriesShapesVisible(i, dataset.getItemCount(i) <= 30);
        }
        plot.setRenderer(renderer);
        styleXY(plot);
        return style(chart);
    }

    private static void styleXY(XYPlot plot) {
        plot.setBackgroundPaint(Color.WHITE);
        plot.setDomainGridlinePaint(GRID);
        plot.setRangeGridlinePaint(GRID);
        plot.setOutlineVisible(false);
        plot.getDomainAxis().setLabelFont(LABEL_FONT);
        plot.getRangeAxis().setLabelFont(LABEL_FONT);
    }

    private static JFreeChart style(JFreeChart chart) {
        chart.setBackgroundPaint(Color.WHITE);
        chart.setAntiAlias(true);
        if (chart.getTitle() != null) {
            chart.getTitle().setFont(TITLE_FONT);
        }
        return chart;
    }

    private static void requireSize(int width, int height) {
        if (width < 1 || height < 1) {
            throw new IllegalArgumentException("A chart needs a positive size, got " + width + "x"
                    + height);
        }
    }

    private static void requireNonEmpty(Map<String, ?> map, String what) {
        Objects.requireNonNull(map, what);
        if (map.isEmpty()) {
            throw new IllegalArgumentException("Nothing to draw: " + what + " is empty");
        }
    }

    private static double[] requireFinite(double[] values, String what) {
        Objects.requireNonNull(values, what);
        for (int i = 0; i < values.length; i++) {
            if (!Double.isFinite(values[i])) {
                throw new IllegalArgumentException(what + " has a non-finite value at index " + i
                        + ": " + values[i]);
            }
        }
        return values;
    }
}
