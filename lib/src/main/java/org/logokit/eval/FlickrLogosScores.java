package org.logokit.eval;

/**
 * The per-image scores of the FlickrLogos-32 evaluation script ({@code fl_eval_classification.py}):
 * each image gets one answer, a logo class or "no logo"; confidences are not used.
 *
 * <p><b>Recognition</b> (the scores papers report): a logo image is correct when its own class is
 * predicted; a no-logo image is correct when no logo is predicted.
 * <ul>
 * <li>precision = logo images given their own class / logo images given any logo class</li>
 * <li>recall = logo images given their own class / all logo images</li>
 * <li>accuracy = (logo images given their own class + no-logo images given no logo) / all images</li>
 * </ul>
 * Note the script's precision counts only logo images: a no-logo image wrongly given a logo lowers
 * accuracy (and detection precision) but not recognition precision.
 *
 * <p><b>Detection</b> ("is there a logo?"): TP = logo image given some logo, TN = no-logo image
 * given no logo, FP = no-logo image given a logo, FN = logo image given no logo; precision,
 * recall, specificity and accuracy from those.
 */
public final class FlickrLogosScores {

    /** Class id used for "no logo" in {@link #add(int, int)}. */
    public static final int NO_LOGO = -1;

    private long logoImages;
    private long noLogoImages;
    private long logoAsOwnClass;
    private long logoAsOtherClass;
    private long logoAsNoLogo;
    private long noLogoAsNoLogo;
    private long noLogoAsLogo;

    /**
     * Adds one image by class ids.
     *
     * @param trueClass the image's class, or {@link #NO_LOGO}
     * @param predictedClass the predicted class, or {@link #NO_LOGO}
     */
    public void add(int trueClass, int predictedClass) {
        count(trueClass != NO_LOGO, predictedClass != NO_LOGO, trueClass == predictedClass);
    }

    /**
     * Adds one image by class names, as in the dataset's lists ("no-logo" for no logo; case is
     * ignored, so "HP" and "hp" agree).
     *
     * @param trueClass e.g. "adidas" or "no-logo"
     * @param predictedClass e.g. "adidas" or "no-logo"
     */
    public void add(String trueClass, String predictedClass) {
        String t = trueClass.trim().toLowerCase(java.util.Locale.ROOT);
        String p = predictedClass.trim().toLowerCase(java.util.Locale.ROOT);
        count(!t.equals("no-logo"), !p.equals("no-logo"), t.equals(p));
    }

    private void count(boolean logoImage, boolean logoPredicted, boolean sameClass) {
        if (!logoImage) {
            noLogoImages++;
            if (logoPredicted) {
                noLogoAsLogo++;
            } else {
                noLogoAsNoLogo++;
            }
        } else {
            logoImages++;
            if (!logoPredicted) {
                logoAsNoLogo++;
            } else if (sameClass) {
                logoAsOwnClass++;
            } else {
                logoAsOtherClass++;
            }
        }
    }

    /**
     * The image-level answer of a detector: the class of its highest-scoring detection at or above
     * {@code scoreThreshold}, or {@link #NO_LOGO}.
     *
     * @param detections the image's detections
     * @param scoreThreshold minimum score for a detection to count
     * @return predicted class id or {@link #NO_LOGO}
     */
    public static int predictedClass(ImageDetections detections, double scoreThreshold) {
        int best = NO_LOGO;
        float bestScore = Float.NEGATIVE_INFINITY;
        for (int i = 0; i < detections.size(); i++) {
            float s = detections.scores()[i];
            if (s >= scoreThreshold && s > bestScore) {
                bestScore = s;
                best = detections.labels()[i];
            }
        }
        return best;
    }

    /** @return recognition precision, NaN before any logo image got a logo answer */
    public double recognitionPrecision() {
        return ratio(logoAsOwnClass, logoAsOwnClass + logoAsOtherClass);
    }

    /** @return recognition recall, NaN without logo images */
    public double recognitionRecall() {
        return ratio(logoAsOwnClass, logoImages);
    }

    /** @return recognition accuracy over all images, NaN without images */
    public double recognitionAccuracy() {
        return ratio(logoAsOwnClass + noLogoAsNoLogo, logoImages + noLogoImages);
    }

    /** @return detection precision TP / (TP + FP) */
    public double detectionPrecision() {
        long tp = logoAsOwnClass + logoAsOtherClass;
        return ratio(tp, tp + noLogoAsLogo);
    }

    /** @return detection recall TP / (TP + FN) */
    public double detectionRecall() {
        long tp = logoAsOwnClass + logoAsOtherClass;
        return ratio(tp, tp + logoAsNoLogo);
    }

    /** @return detection specificity TN / (TN + FP) */
    public double detectionSpecificity() {
        return ratio(noLogoAsNoLogo, noLogoAsNoLogo + noLogoAsLogo);
    }

    /** @return detection accuracy (TP + TN) / all */
    public double detectionAccuracy() {
        return ratio(logoAsOwnClass + logoAsOtherClass + noLogoAsNoLogo, logoImages + noLogoImages);
    }

    /** @return number of logo images added */
    public long logoImages() {
        return logoImages;
    }

    /** @return number of no-logo images added */
    public long noLogoImages() {
        return noLogoImages;
    }

    private static double ratio(long a, long b) {
        return b == 0 ? Double.NaN : (double) a / b;
    }

    @Override
    public String toString() {
        return String.format("recognition precision %.3f recall %.3f accuracy %.3f | detection "
                + "precision %.3f recall %.3f specificity %.3f accuracy %.3f (%d logo, %d no-logo images)",
                recognitionPrecision(), recognitionRecall(), recognitionAccuracy(),
                detectionPrecision(), detectionRecall(), detectionSpecificity(), detectionAccuracy(),
                logoImages, noLogoImages);
    }
}
