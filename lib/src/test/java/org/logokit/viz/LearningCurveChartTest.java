package org.logokit.viz;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.jfree.chart.JFreeChart;
import org.jfree.data.xy.XYDataset;
import org.junit.jupiter.api.Test;
import org.logokit.train.DetectionHistory;

class LearningCurveChartTest {

    private static DetectionHistory iterations(int n) {
        DetectionHistory history = new DetectionHistory(List.of("class", "box"));
        for (int i = 0; i < n; i++) {
            history.addIteration(new float[] {i, 2 * i});
        }
        return history;
    }

    @Test
    void aRunStoppedMidEpochIsDrawnOnTheEpochScaleItWasGiven() {
        // 5 batches of a 20-batch epoch, then it diverged: the curve ends at a quarter of an epoch
        JFreeChart chart = LearningCurveChart.lossTerms("diverged", iterations(5), 1, 20);
        XYDataset data = chart.getXYPlot().getDataset();
        assertEquals(2, data.getSeriesCount());
        assertEquals(5, data.getItemCount(0));
        assertEquals(0.25, data.getXValue(0, 4), 1e-12);
        assertEquals(8.0, data.getYValue(1, 4), 1e-12);
        // without the scale, a history without a complete epoch is drawn as one whole epoch
        XYDataset own = LearningCurveChart.lossTerms("own", iterations(5), 1).getXYPlot().getDataset();
        assertEquals(1.0, own.getXValue(0, 4), 1e-12);
    }

    @Test
    void theCurveOfADivergedRunStopsBeforeItsFirstNonFiniteLoss() {
        DetectionHistory history = iterations(4);
        history.addIteration(new float[] {Float.NaN, 1});
        history.addIteration(new float[] {1, 1});
        XYDataset data = LearningCurveChart.lossTerms("diverged", history, 2, 10).getXYPlot().getDataset();
        assertEquals(4, data.getItemCount(0));
        assertEquals(2.5, data.getYValue(0, 3), 1e-12, "mean of iterations 2 and 3");
    }

    @Test
    void emptyHistoriesAndBadScalesAreRefused() {
        assertThrows(IllegalArgumentException.class, () -> LearningCurveChart.lossTerms("x", iterations(0), 1));
        assertThrows(IllegalArgumentException.class, () -> LearningCurveChart.lossTerms("x", iterations(3), 1, 0));
    }
}
