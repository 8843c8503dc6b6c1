package org.logokit.viz;

import java.util.LinkedHashMap;
import java.util.Map;
import org.jfree.chart.JFreeChart;
import org.logokit.eval.PrecisionRecallCurve;

/**
 * Precision-recall curves: precision (y) against recall (x) after each detection taken by
 * decreasing score, optionally with the envelope that average precision integrates.
 */
public final class PrecisionRecallChart {
    private PrecisionRecallChart() {}

    /**
     * One chart of several curves.
     *
     * @param title chart title
     * @param curves name to curve (e.g. "IoU 0.50", "IoU 0.75")
     * @param envelope also draw each curve's envelope (the interpolated precision)
     * @return the chart
     */
    public static JFreeChart of(String title, Map<String, PrecisionRecallCurve> curves,
            boolean envelope) {
        Map<String, double[][]> series = new LinkedHashMap<>();
        for (Map.Entry<String, PrecisionRecallCurve> entry : curves.entrySet()) {
            PrecisionRecallCurve c = entry.getValue();
            // start at recall 0 so that the first step is visible
            series.put(entry.getKey(), withStart(c.recall(), c.precision()));
            if (envelope) {
                series.put(entry.getKey() + " envelope", withStart(c.recall(), c.interpolatedPrecision()));
            }
        }
        JFreeChart chart = Charts.curves(title, "recall", "precision", series);
        chart.getXYPlot().getDomainAxis().setRange(0, 1.02);
        chart.getXYPlot().getRangeAxis().setRange(0, 1.05);
        return chart;
    }

    private static double[][] withStart(double[] recall, double[] precision) {
        double[] x = new double[recall.length + 1];
        double[] y = new double[precision.length + 1];
        System.arraycopy(recall, 0, x, 1, recall.length);
        System.arraycopy(precision, 0, y, 1, precision.length);
        y[0] = precision.length == 0 ? 0 : precision[0];
        return new double[][] {x, y};
    }
}
