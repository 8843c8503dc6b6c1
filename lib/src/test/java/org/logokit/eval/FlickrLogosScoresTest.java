package org.logokit.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class FlickrLogosScoresTest {

    @Test
    void scoresFollowTheFlickrLogosEvaluationScript() {
        FlickrLogosScores s = new FlickrLogosScores();
        s.add("adidas", "adidas");   // logo, own class
        s.add("HP", "hp");           // logo, own class (case ignored)
        s.add("adidas", "pepsi");    // logo, wrong class
        s.add("ford", "no-logo");    // logo missed
        s.add("no-logo", "no-logo"); // correct rejection
        s.add("no-logo", "no-logo");
        s.add("no-logo", "shell");   // false alarm
        // recognition: precision 2 / (2 + 1), recall 2 / 4 logo images, accuracy (2 + 2) / 7
        assertEquals(2 / 3.0, s.recognitionPrecision(), 1e-12);
        assertEquals(0.5, s.recognitionRecall(), 1e-12);
        assertEquals(4 / 7.0, s.recognitionAccuracy(), 1e-12);
        // detection: TP 3, FN 1, TN 2, FP 1
        assertEquals(3 / 4.0, s.detectionPrecision(), 1e-12);
        assertEquals(3 / 4.0, s.detectionRecall(), 1e-12);
        assertEquals(2 / 3.0, s.detectionSpecificity(), 1e-12);
        assertEquals(5 / 7.0, s.detectionAccuracy(), 1e-12);
        assertEquals(4, s.logoImages());
        assertEquals(3, s.noLogoImages());
    }

    @Test
    void detectorAnswerIsTheBestDetectionAboveTheThreshold() {
        ImageDetections d = new ImageDetections(new float[][] {{0, 0, 1, 1}, {0, 0, 2, 2}, {1, 1, 3, 3}},
                new float[] {0.4f, 0.8f, 0.6f}, new int[] {3, 7, 5});
        assertEquals(7, FlickrLogosScores.predictedClass(d, 0.5));
        assertEquals(FlickrLogosScores.NO_LOGO, FlickrLogosScores.predictedClass(d, 0.9));
        assertEquals(FlickrLogosScores.NO_LOGO, FlickrLogosScores.predictedClass(ImageDetections.none(), 0));
        FlickrLogosScores s = new FlickrLogosScores();
        s.add(7, FlickrLogosScores.predictedClass(d, 0.5));
        s.add(FlickrLogosScores.NO_LOGO, FlickrLogosScores.predictedClass(d, 0.9));
        assertEquals(1.0, s.recognitionAccuracy(), 1e-12);
        assertTrue(Double.isNaN(new FlickrLogosScores().recognitionRecall()));
    }
}
