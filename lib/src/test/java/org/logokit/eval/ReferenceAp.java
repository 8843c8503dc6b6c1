package org.logokit.eval;

import java.util.ArrayList;
import java.util.List;

/**
 * A deliberately naive, independent AP computation for tests: pools all detections of a class,
 * sorts them with a simple insertion sort (stable, image order then within-image score order), matches
 * each to the best free ground truth of its image, and integrates by the textbook definitions:
 * VOC = sum over recall steps of (delta recall) * max precision at recall >= r; COCO = mean over
 * r in {0, .01, ..., 1} of max precision at recall >= r (0 if none).
 */
final class ReferenceAp {

    private ReferenceAp() {}

    /** @return {VOC all-point AP, COCO 101-point AP}, NaN for both without ground truth */
    static double[] ap(List<ImageDetections> dets, List<ImageGroundTruth> gts, int c, double t) {
        List<double[]> pooled = new ArrayList<>(); // {score, tp}
        int numGt = 0;
        for (int img = 0; img < dets.size(); img++) {
            ImageDetections d = dets.get(img);
            ImageGroundTruth g = gts.get(img);
            List<Integer> mine = new ArrayList<>();
            for (int i = 0; i < d.size(); i++) {
                if (d.labels()[i] == c) {
                    int at = mine.size();
                    while (at > 0 && d.scores()[mine.get(at - 1)] < d.scores()[i]) {
                        at--;
                    }
                    mine.add(at, i);
                }
            }
            List<Integer> gtOfClass = new ArrayList<>();
            for (int j = 0; j < g.size(); j++) {
                if (g.labels()[j] == c) {
                    gtOfClass.add(j);
                }
            }
            numGt += gtOfClass.size();
            boolean[] used = new boolean[gtOfClass.size()];
            for (int i : mine) {
                int best = -1;
                double bestIou = t;
                for (int k = 0; k < gtOfClass.size(); k++) {
                    double iou = BoxArrays.iou(d.boxes()[i], g.boxes()[gtOfClass.get(k)]);
                    if (!used[k] && iou >= bestIou) {
                        bestIou = iou;
                        best = k;
                    }
                }
                if (best >= 0) {
                    used[best] = true;
                }
                double[] row = {d.scores()[i], best >= 0 ? 1 : 0};
                int at = pooled.size();
                while (at > 0 && pooled.get(at - 1)[0] < row[0]) {
                    at--;
                }
                pooled.add(at, row);
            }
        }
        if (numGt == 0) {
            return new double[] {Double.NaN, Double.NaN};
        }
        int n = pooled.size();
        double[] rec = new double[n];
        double[] prec = new double[n];
        int tp = 0;
        for (int i = 0; i < n; i++) {
            tp += (int) pooled.get(i)[1];
            rec[i] = (double) tp / numGt;
            prec[i] = (double) tp / (i + 1);
        }
        double voc = 0;
        double last = 0;
        for (int i = 0; i < n; i++) {
            if (rec[i] > last) {
                voc += (rec[i] - last) * maxPrecisionAtRecall(rec, prec, rec[i]);
                last = rec[i];
            }
        }
        double coco = 0;
        for (int r = 0; r <= 100; r++) {
            coco += maxPrecisionAtRecall(rec, prec, r * 0.01); // numpy.linspace(0, 1, 101), as pycocotools
        }
        return new double[] {voc, coco / 101};
    }

    private static double maxPrecisionAtRecall(double[] rec, double[] prec, double r) {
        double best = 0;
        for (int i = 0; i < rec.length; i++) {
            if (rec[i] >= r) {
                best = Math.max(best, prec[i]);
            }
        }
        return best;
    }
}
