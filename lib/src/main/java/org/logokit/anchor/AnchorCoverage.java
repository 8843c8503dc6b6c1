package org.logokit.anchor;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.IntFunction;
import org.logokit.box.IoU;

/**
 * How well a set of anchors covers the ground truth: for every box, the IoU of the anchor that
 * fits it best. A box whose best anchor stays below a matcher's positive threshold (0.7 for the
 * RPN, 0.5 for SSD) gets no positive anchor, or only through the low-quality-match rule, so it is
 * learned badly; per brand this shows which logos the anchors were not made for.
 *
 * <p>Two notions: {@link #ofGrid} places the anchors on the feature-map grid as the detector does
 * (position matters), {@link #ofShapes} compares shapes only (centre-aligned, k-means' notion).
 *
 * @param bestIoU per box, the IoU with its best anchor
 * @param classIds per box, its brand
 * @param description what was measured, for reports
 */
public record AnchorCoverage(double[] bestIoU, int[] classIds, String description) {

    /**
     * Coverage by anchors placed on the grid of an {@code inputSize x inputSize} input.
     *
     * @param manager for the temporary arrays (closed sub-manager)
     * @param boxes the boxes, in input pixels
     * @param generator the anchors
     * @param featureSizes (height, width) of each level's feature map
     * @return coverage of every box
     */
    public static AnchorCoverage ofGrid(NDManager manager, BoxShapes boxes, AnchorGenerator generator,
            int[][] featureSizes) {
        double[] best = new double[boxes.size()];
        try (NDManager scratch = manager.newSubManager()) {
            NDArray anchors = generator.anchorsForImage(scratch, boxes.inputSize(), boxes.inputSize(),
                    featureSizes);
            int chunk = 256;
            for (int start = 0; start < boxes.size(); start += chunk) {
                int end = Math.min(boxes.size(), start + chunk);
                float[][] part = java.util.Arrays.copyOfRange(boxes.xyxy(), start, end);
                try (NDManager step = scratch.newSubManager()) {
                    float[] max = IoU.pairwise(step.create(part), anchors).max(new int[] {1})
                            .toFloatArray();
                    for (int i = 0; i < max.length; i++) {
                        best[start + i] = max[i];
                    }
                }
            }
        }
        return new AnchorCoverage(best, boxes.classIds().clone(), "grid anchors " + generator);
    }

    /**
     * Coverage by anchor shapes alone: each box against each (width, height) at a common centre.
     *
     * @param boxes the boxes
     * @param anchorShapes (k, 2) anchor widths and heights
     * @return coverage of every box
     */
    public static AnchorCoverage ofShapes(BoxShapes boxes, float[][] anchorShapes) {
        float[][] wh = boxes.widthsHeights();
        double[] best = new double[wh.length];
        for (int i = 0; i < wh.length; i++) {
            for (float[] a : anchorShapes) {
                best[i] = Math.max(best[i], KMeansAnchors.alignedIoU(wh[i][0], wh[i][1], a[0], a[1]));
            }
        }
        return new AnchorCoverage(best, boxes.classIds().clone(), "shapes "
                + java.util.Arrays.deepToString(anchorShapes));
    }

    /** Mean best IoU over all boxes. */
    public double mean() {
        return java.util.Arrays.stream(bestIoU).average().orElse(Double.NaN);
    }

    /** Share of the boxes whose best anchor has IoU of at least {@code threshold}. */
    public double fractionAtLeast(double threshold) {
        return bestIoU.length == 0 ? Double.NaN
                : java.util.Arrays.stream(bestIoU).filter(v -> v >= threshold).count() / (double) bestIoU.length;
    }

    /** Best IoUs per brand, by brand id, named with {@code names}. */
    public Map<String, double[]> perClass(IntFunction<String> names) {
        Map<Integer, java.util.List<Double>> byClass = new TreeMap<>();
        for (int i = 0; i < bestIoU.length; i++) {
            byClass.computeIfAbsent(classIds[i], c -> new java.util.ArrayList<>()).add(bestIoU[i]);
        }
        Map<String, double[]> out = new LinkedHashMap<>();
        byClass.forEach((c, v) -> out.put(names.apply(c), v.stream().mapToDouble(Double::doubleValue).toArray()));
        return out;
    }

    /** Mean best IoU per brand, by brand id, named with {@code names}. */
    public Map<String, Double> meanPerClass(IntFunction<String> names) {
        Map<String, Double> out = new LinkedHashMap<>();
        perClass(names).forEach((name, v) -> out.put(name, java.util.Arrays.stream(v).average().orElse(Double.NaN)));
        return out;
    }
}
