package org.logokit.eval;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A literal, independent transcription of pycocotools' {@code evaluateImg} and {@code accumulate}
 * for bounding boxes (no crowd), written with plain loops for tests: per image and class the
 * ground truth is ordered "in range first", detections by score and cut to maxDet, matched per
 * threshold with pycocotools' break rule; detections are pooled per class, sorted by score
 * (stable), and AP read at the 101 recall points.
 */
final class CocoReference {
    private CocoReference() {}

    /** {AP, final recall} of class c at threshold t for one area range and maxDet; -1 when absent. */
    static double[] apAndRecall(List<ImageDetections> dets, List<ImageGroundTruth> gts, int c,
            double t, double minArea, double maxArea, int maxDet) {
        List<double[]> pooled = new ArrayList<>(); // {score, matched, ignored}
        int npig = 0;
        for (int img = 0; img < dets.size(); img++) {
            ImageDetections d = dets.get(img);
            ImageGroundTruth g = gts.get(img);
            List<Integer> gt = new ArrayList<>();
            List<Integer> ignoredGt = new ArrayList<>();
            for (int j = 0; j < g.size(); j++) {
                if (g.labels()[j] != c) {
                    continue;
                }
                double a = area(g.boxes()[j]);
                if (a < minArea || a > maxArea) {
                    ignoredGt.add(j);
                } else {
                    gt.add(j);
                }
            }
            npig += gt.size();
            int inRange = gt.size();
            gt.addAll(ignoredGt);
            List<Integer> dt = new ArrayList<>();
            for (int i = 0; i < d.size(); i++) {
                if (d.labels()[i] == c) {
                    dt.add(i);
                }
            }
            // stable sort by decreasing score, then keep maxDet
            for (int x = 1; x < dt.size(); x++) {
                for (int y = x; y > 0 && d.scores()[dt.get(y)] > d.scores()[dt.get(y - 1)]; y--) {
                    int swap = dt.get(y);
                    dt.set(y, dt.get(y - 1));
                    dt.set(y - 1, swap);
                }
            }
            if (dt.size() > maxDet) {
                dt = dt.subList(0, maxDet);
            }
            boolean[] gtm = new boolean[gt.size()];
            for (int dind = 0; dind < dt.size(); dind++) {
                double iou = Math.min(t, 1 - 1e-10);
                int m = -1;
                for (int gind = 0; gind < gt.size(); gind++) {
                    if (gtm[gind]) {
                        continue;
                    }
                    if (m > -1 && m < inRange && gind >= inRange) {
                        break;
                    }
                    double v = BoxArrays.iou(d.boxes()[dt.get(dind)], g.boxes()[gt.get(gind)]);
                    if (v < iou) {
                        continue;
                    }
                    iou = v;
                    m = gind;
                }
                boolean matched = m != -1;
                boolean ignored;
                if (matched) {
                    gtm[m] = true;
                    ignored = m >= inRange;
                } else {
                    double a = area(d.boxes()[dt.get(dind)]);
                    ignored = a < minArea || a > maxArea;
                }
                pooled.add(new double[] {d.scores()[dt.get(dind)], matched ? 1 : 0, ignored ? 1 : 0});
            }
        }
        if (npig == 0) {
            return new double[] {-1, -1};
        }
        // stable mergesort by -score
        double[][] sorted = pooled.toArray(new double[0][]);
        Arrays.sort(sorted, (p, q) -> Double.compare(q[0], p[0]));
        List<Double> rc = new ArrayList<>();
        List<Double> pr = new ArrayList<>();
        double tp = 0;
        double fp = 0;
        for (double[] row : sorted) {
            if (row[2] == 0) {
                tp += row[1];
                fp += 1 - row[1];
            }
            rc.add(tp / npig);
            pr.add(tp / (fp + tp + Math.ulp(1.0)));
        }
        double recall = rc.isEmpty() ? 0 : rc.get(rc.size() - 1);
        for (int i = pr.size() - 1; i > 0; i--) {
            if (pr.get(i) > pr.get(i - 1)) {
                pr.set(i - 1, pr.get(i));
            }
        }
        double sum = 0;
        for (int r = 0; r <= 100; r++) {
            double thr = r * 0.01; // numpy.linspace(0, 1, 101)
            int pi = 0;
            while (pi < rc.size() && rc.get(pi) < thr) {
                pi++;
            }
            if (pi < pr.size()) {
                sum += pr.get(pi);
            }
        }
        return new double[] {sum / 101, recall};
    }

    private static double area(float[] b) {
        return Math.max(0, b[2] - b[0]) * (double) Math.max(0, b[3] - b[1]);
    }
}
