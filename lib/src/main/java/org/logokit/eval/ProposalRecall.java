package org.logokit.eval;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import org.logokit.detect.Detections;

/**
 * Recall of region proposals: the share of ground-truth logos that at least one of an image's
 * first N proposals covers with IoU &ge; a threshold, for several N (Faster R-CNN paper, Fig. 4).
 * Class labels are ignored: a proposal only says "there is a logo here". This is what a standalone
 * RPN is measured by, and what bounds the recall of the second stage that classifies the proposals.
 *
 * <p>Add one image at a time ({@link #add}); proposals must come best first, as an RPN returns them.
 * Also reports the average recall over IoU 0.5 : 0.05 : 0.95 (AR@N, Hosang et al.), and the recall
 * of logos by size ({@link #recallBySize}): the side of a logo is the square root of its box's area
 * in input pixels, and small logos are where a proposal stage at stride 16 runs out.
 */
public final class ProposalRecall {
    private static final double[] AR_THRESHOLDS = {0.5, 0.55, 0.6, 0.65, 0.7, 0.75, 0.8, 0.85, 0.9, 0.95};
    /** Lower edges of the size bins, logo side in input pixels; the last bin is open. */
    public static final double[] SIDE_BINS = {0, 12, 16, 24, 32, 48, 64, 96};

    private final int[] counts;
    private final double iouThreshold;
    /** [n][threshold]: logos covered by the first counts[n] proposals at AR threshold t. */
    private final long[][] covered;
    private final long[] coveredAtThreshold;
    /** [n][bin]: logos of a size bin covered by the first counts[n] proposals at the threshold. */
    private final long[][] coveredBySize;
    private final long[] logosBySize;
    private long logos;
    private long images;

    /**
     * @param counts the N to report, e.g. {10, 50, 100, 300, 1000}
     * @param iouThreshold IoU at which a logo counts as covered (0.5)
     */
    public ProposalRecall(int[] counts, double iouThreshold) {
        if (counts.length == 0) {
            throw new IllegalArgumentException("Give at least one proposal count N");
        }
        for (int n : counts) {
            if (n < 1) {
                throw new IllegalArgumentException("Proposal counts must be positive, got " + n);
            }
        }
        if (!(iouThreshold > 0 && iouThreshold <= 1)) {
            throw new IllegalArgumentException("iouThreshold must be in (0, 1], got " + iouThreshold);
        }
        this.counts = counts.clone();
        Arrays.sort(this.counts);
        this.iouThreshold = iouThreshold;
        covered = new long[counts.length][AR_THRESHOLDS.length];
        coveredAtThreshold = new long[counts.length];
        coveredBySize = new long[counts.length][SIDE_BINS.length];
        logosBySize = new long[SIDE_BINS.length];
    }

    /**
     * Recall of one size bin.
     *
     * @param fromSide smallest logo side in the bin (pixels, inclusive)
     * @param toSide side where the next bin starts (exclusive; infinity for the last)
     * @param logos logos of that size added
     * @param recall share of them covered (NaN when there are none)
     */
    public record SizeBin(double fromSide, double toSide, long logos, double recall) {}

    /** Adds one image: its proposals (best first; classes ignored) and its ground truth. */
    public void add(Detections proposals, ImageGroundTruth groundTruth) {
        images++;
        int g = groundTruth.size();
        logos += g;
        if (g == 0) {
            return;
        }
        int k = Math.min(proposals.size(), counts[counts.length - 1]);
        // best IoU of each logo among the first n proposals, grown proposal by proposal
        double[] best = new double[g];
        int[] bin = new int[g];
        for (int j = 0; j < g; j++) {
            bin[j] = sizeBin(groundTruth.boxes()[j]);
            logosBySize[bin[j]]++;
        }
        int next = 0;
        for (int c = 0; c < counts.length; c++) {
            int limit = Math.min(k, counts[c]);
            for (; next < limit; next++) {
                for (int j = 0; j < g; j++) {
                    best[j] = Math.max(best[j], BoxArrays.iou(proposals.boxes()[next], groundTruth.boxes()[j]));
                }
            }
            for (int j = 0; j < g; j++) {
                if (best[j] >= iouThreshold) {
                    coveredAtThreshold[c]++;
                    coveredBySize[c][bin[j]]++;
                }
                for (int t = 0; t < AR_THRESHOLDS.length; t++) {
                    if (best[j] >= AR_THRESHOLDS[t]) {
                        covered[c][t]++;
                    }
                }
            }
        }
    }

    private static int sizeBin(float[] box) {
        double side = Math.sqrt(Math.max(0, box[2] - box[0]) * (double) Math.max(0, box[3] - box[1]));
        int b = 0;
        while (b + 1 < SIDE_BINS.length && side >= SIDE_BINS[b + 1]) {
            b++;
        }
        return b;
    }

    /** Recall with the first {@code n} proposals (one of {@link #counts()}) per size bin of {@link #SIDE_BINS}. */
    public List<SizeBin> recallBySize(int n) {
        int c = countIndex(n);
        List<SizeBin> bins = new ArrayList<>();
        for (int b = 0; b < SIDE_BINS.length; b++) {
            double to = b + 1 < SIDE_BINS.length ? SIDE_BINS[b + 1] : Double.POSITIVE_INFINITY;
            bins.add(new SizeBin(SIDE_BINS[b], to, logosBySize[b],
                    logosBySize[b] == 0 ? Double.NaN : coveredBySize[c][b] / (double) logosBySize[b]));
        }
        return bins;
    }

    /** One line per size bin: its logos and their recall with the first {@code n} proposals. */
    public String sizeSummary(int n) {
        StringBuilder text = new StringBuilder(String.format(Locale.ROOT,
                "Recall at %d proposals by logo size (side = square root of the box area, input pixels):%n", n));
        for (SizeBin bin : recallBySize(n)) {
            String range = Double.isInfinite(bin.toSide()) ? String.format(Locale.ROOT, ">= %3.0f    ", bin.fromSide())
                    : String.format(Locale.ROOT, "%3.0f to %3.0f", bin.fromSide(), bin.toSide());
            text.append(String.format(Locale.ROOT, "  %s px: %,5d logos, recall %.3f%n", range, bin.logos(),
                    bin.recall()));
        }
        return text.toString();
    }

    private int countIndex(int n) {
        int c = Arrays.binarySearch(counts, n);
        if (c < 0) {
            throw new IllegalArgumentException(n + " is not one of the counts " + Arrays.toString(counts));
        }
        return c;
    }

    /** The N reported, increasing. */
    public int[] counts() {
        return counts.clone();
    }

    /** Recall at each N (same order as {@link #counts()}); NaN before any logo was added. */
    public double[] recall() {
        double[] r = new double[counts.length];
        for (int c = 0; c < counts.length; c++) {
            r[c] = logos == 0 ? Double.NaN : coveredAtThreshold[c] / (double) logos;
        }
        return r;
    }

    /** Recall with the first {@code n} proposals, n one of {@link #counts()}. */
    public double recallAt(int n) {
        return recall()[countIndex(n)];
    }

    /** Average recall over IoU 0.5 : 0.95 at each N. */
    public double[] averageRecall() {
        double[] r = new double[counts.length];
        for (int c = 0; c < counts.length; c++) {
            double sum = 0;
            for (int t = 0; t < AR_THRESHOLDS.length; t++) {
                sum += covered[c][t];
            }
            r[c] = logos == 0 ? Double.NaN : sum / (AR_THRESHOLDS.length * (double) logos);
        }
        return r;
    }

    /** The IoU threshold of {@link #recall()}. */
    public double iouThreshold() {
        return iouThreshold;
    }

    /** Logos added. */
    public long logos() {
        return logos;
    }

    /** Images added. */
    public long images() {
        return images;
    }

    /** One line per N: recall and AR. */
    public String summary() {
        StringBuilder text = new StringBuilder(String.format(Locale.ROOT,
                "Proposal recall of %,d logos in %,d images (IoU >= %.2f):%n", logos, images, iouThreshold));
        double[] r = recall();
        double[] ar = averageRecall();
        for (int c = 0; c < counts.length; c++) {
            text.append(String.format(Locale.ROOT, "  N = %5d: recall %.3f, AR %.3f%n", counts[c], r[c], ar[c]));
        }
        return text.toString();
    }
}
