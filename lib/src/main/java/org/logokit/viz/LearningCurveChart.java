package org.logokit.viz;

import java.awt.BasicStroke;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.util.Map;
import java.util.function.ToDoubleFunction;
import org.jfree.chart.ChartFactory;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.plot.PlotOrientation;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;
import org.logokit.train.DetectionHistory;
import org.logokit.train.EpochRecord;
import org.logokit.train.TrainingHistory;

/**
 * Learning curves of training runs: accuracy and loss per epoch (JFreeChart), and two charts side
 * by side in one image for comparing runs (e.g. CNN from scratch vs fine-tuned ResNet-18).
 */
public final class LearningCurveChart {

    private LearningCurveChart() {}

    /** Returns train/val/test accuracy per epoch of one run (sets that were not measured are left out). */
    public static JFreeChart accuracy(String title, TrainingHistory history) {
        XYSeriesCollection data = new XYSeriesCollection();
        addIfMeasured(data, "train", history, EpochRecord::trainAccuracy);
        addIfMeasured(data, "validation", history, EpochRecord::valAccuracy);
        addIfMeasured(data, "test", history, EpochRecord::testAccuracy);
        return chart(title, "accuracy", data);
    }

    /** Returns the mean training loss per epoch of one run. */
    public static JFreeChart loss(String title, TrainingHistory history) {
        XYSeriesCollection data = new XYSeriesCollection();
        addIfMeasured(data, "train loss", history, EpochRecord::trainLoss);
        return chart(title, "loss", data);
    }

    /** Returns the validation accuracy of several runs in one chart, one line per run. */
    public static JFreeChart compareValidation(String title, Map<String, TrainingHistory> runs) {
        XYSeriesCollection data = new XYSeriesCollection();
        runs.forEach((name, history) -> addIfMeasured(data, name, history, EpochRecord::valAccuracy));
        return chart(title, "validation accuracy", data);
    }

    /**
     * Every loss term of a detector's training run per iteration, each smoothed by a moving average
     * over {@code window} iterations (raw per-batch losses of a detector are noisy), with epoch
     * boundaries as x = iteration / iterations per epoch.
     *
     * @param window iterations to average (1 draws the raw values)
     */
    public static JFreeChart lossTerms(String title, DetectionHistory history, int window) {
        int n = history.iterations().size();
        return lossTerms(title, history, window, history.size() == 0 ? n : n / (double) history.size());
    }

    /**
     * {@link #lossTerms(String, DetectionHistory, int)} with the iterations of one epoch given: for
     * a run that stopped mid-epoch (diverged), whose own iterations per epoch are unknown, pass
     * those of a complete run on the same images so that both charts share their x axis.
     *
     * @param iterationsPerEpoch batches per epoch (&gt; 0)
     * <p>Iterations from the first NaN or infinite loss on (a diverged run's last batches) are
     * left out.
     */
    public static JFreeChart lossTerms(String title, DetectionHistory history, int window, double iterationsPerEpoch) {
        int n = history.iterations().size();
        if (n == 0) {
            throw new IllegalArgumentException("The history has no iterations to draw");
        }
        if (!(iterationsPerEpoch > 0)) {
            throw new IllegalArgumentException("iterationsPerEpoch must be positive, got " + iterationsPerEpoch);
        }
        double perEpoch = iterationsPerEpoch;
        // a diverged run may end with NaN or infinite losses: the curve stops before the first one
        int finite = 0;
        while (finite < n && allFinite(history.iterations().get(finite))) {
            finite++;
        }
        if (finite == 0) {
            throw new IllegalArgumentException("The history's first iteration already has a NaN or infinite loss");
        }
        double[] x = new double[finite];
        for (int i = 0; i < finite; i++) {
            x[i] = (i + 1) / perEpoch;
        }
        Map<String, double[]> series = new java.util.LinkedHashMap<>();
        for (String term : history.terms()) {
            double[] values = java.util.Arrays.copyOf(history.iterationValues(term), finite);
            series.put(term, movingAverage(values, Math.max(1, window)));
        }
        JFreeChart chart = Charts.line(title, "epoch", "loss (moving average of " + Math.max(1, window)
                + " iterations)", x, series);
        return chart;
    }

    /** Validation mAP@0.5 per epoch of one or more detector runs, one line per run. */
    public static JFreeChart validationMap(String title, Map<String, DetectionHistory> runs) {
        XYSeriesCollection data = new XYSeriesCollection();
        runs.forEach((name, history) -> {
            XYSeries series = new XYSeries(name);
            for (DetectionHistory.Epoch e : history.epochs()) {
                if (!Double.isNaN(e.valMap50())) {
                    series.add(e.epoch(), e.valMap50());
                }
            }
            if (series.getItemCount() > 0) {
                data.addSeries(series);
            }
        });
        return chart(title, "validation mAP@0.5", data);
    }

    private static boolean allFinite(float[] values) {
        for (float v : values) {
            if (!Float.isFinite(v)) {
                return false;
            }
        }
        return true;
    }

    /** Trailing moving average (the first values average what is there so far). */
    static double[] movingAverage(double[] values, int window) {
        double[] out = new double[values.length];
        double sum = 0;
        for (int i = 0; i < values.length; i++) {
            sum += values[i];
            if (i >= window) {
                sum -= values[i - window];
            }
            out[i] = sum / Math.min(i + 1, window);
        }
        return out;
    }

    /** Draws two charts next to each other into one image of {@code 2·width × height} pixels. */
    public static BufferedImage sideBySide(JFreeChart left, JFreeChart right, int width, int height) {
        BufferedImage image = new BufferedImage(2 * width, height, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        try {
            g.drawImage(left.createBufferedImage(width, height), 0, 0, null);
            g.drawImage(right.createBufferedImage(width, height), width, 0, null);
        } finally {
            g.dispose();
        }
        return image;
    }

    private static void addIfMeasured(XYSeriesCollection data, String name, TrainingHistory history,
            ToDoubleFunction<EpochRecord> value) {
        XYSeries series = new XYSeries(name);
        for (EpochRecord r : history.epochs()) {
            double v = value.applyAsDouble(r);
            if (!Double.isNaN(v)) {
                series.add(r.epoch(), v);
            }
        }
        if (series.getItemCount() > 0) {
            data.addSeries(series);
        }
    }

    private static JFreeChart chart(String title, String yLabel, XYSeriesCollection data) {
        JFreeChart chart = ChartFactory.createXYLineChart(title, "epoch", yLabel, data,
                PlotOrientation.VERTICAL, true, false, false);
        XYPlot plot = chart.getXYPlot();
        XYLineAndShapeRenderer renderer = new XYLineAndShapeRenderer(true, true);
        for (int i = 0; i < data.getSeriesCount(); i++) {
            renderer.setSeriesStroke(i, new BasicStroke(2f));
        }
        plot.setRenderer(renderer);
        // epochs are whole numbers: no 0.5-epoch ticks on short runs
        ((NumberAxis) plot.getDomainAxis())
                .setStandardTickUnits(NumberAxis.createIntegerTickUnits());
        plot.setBackgroundPaint(java.awt.Color.WHITE);
        plot.setRangeGridlinePaint(java.awt.Color.LIGHT_GRAY);
        plot.setDomainGridlinePaint(java.awt.Color.LIGHT_GRAY);
        return chart;
    }
}
