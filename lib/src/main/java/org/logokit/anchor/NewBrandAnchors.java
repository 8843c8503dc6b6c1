package org.logokit.anchor;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import java.util.List;
import org.logokit.box.BoxCoder;
import org.logokit.box.IoU;
import org.logokit.box.IoUKind;
import org.logokit.data.FlickrLogos32;
import org.logokit.data.LogoClasses;
import org.logokit.data.LogoImage;
import org.logokit.data.Split;

/**
 * Chapter 05's experiment on the lessons of onboarding a new brand (seed 000): anchors fitted to
 * the old brands cover a brand whose boxes look different badly; re-fitting on old and new boxes
 * serves both, fitting on the new boxes alone serves only the new brand; and a detector must use
 * at test time the anchors it was trained with.
 *
 * <p>Four anchor sets are compared: the old anchors (k-means without the new brand), a blind
 * re-fit on old and new boxes (the new brand has only its few training boxes in it, so k-means
 * hardly moves), the new brand alone, and the old anchors plus one anchor fitted on the new brand
 * (k + 1 anchors: the output layer grows by one anchor, which onboarding retrains anyway).
 *
 * <p>The "new" brand is held out of the old anchors' k-means. Anchors are fitted on the training
 * split and measured on the test split (centre-aligned best IoU, {@link AnchorCoverage#ofShapes}).
 * For the last lesson every new-brand test box is encoded against its best training-time anchor
 * (placed at the grid point nearest its centre, Faster R-CNN's encoding) and the same deltas are
 * decoded with the anchor in the same slot of another anchor set, as a detector would if its
 * anchors were swapped after training.
 */
public final class NewBrandAnchors {
    private NewBrandAnchors() {}

    /**
     * What to run.
     *
     * @param inputSize side of the network input in pixels (boxes are scaled to it)
     * @param k number of anchors per set
     * @param newBrand the brand to onboard, or null for the one whose training boxes have the
     *     most extreme mean aspect ratio (far from square)
     * @param stride grid step in pixels where anchors sit (for the decoding lesson)
     * @param seed k-means seed
     */
    public record Settings(int inputSize, int k, String newBrand, int stride, long seed) {
        /** Checks the numbers. */
        public Settings {
            if (inputSize < 1 || k < 1 || stride < 1) {
                throw new IllegalArgumentException("inputSize, k and stride must be positive, got "
                        + inputSize + ", " + k + ", " + stride);
            }
        }
    }

    /**
     * One anchor set and how well it covers the test boxes.
     *
     * @param name what the set was fitted on
     * @param anchors (k, 2) widths and heights in input pixels, by area
     * @param oldBrands coverage of the other brands' test boxes
     * @param newBrand coverage of the new brand's test boxes
     */
    public record AnchorSet(String name, float[][] anchors, AnchorCoverage oldBrands,
            AnchorCoverage newBrand) {}

    /**
     * The same deltas decoded with the training anchors and with other anchors.
     *
     * @param image the image of the example box
     * @param box the example box, XYXY input pixels
     * @param trainAnchor the anchor the box was encoded against
     * @param testAnchor the anchor in the same slot of the other set, same position
     * @param decoded the deltas decoded with {@code testAnchor}
     * @param iou IoU of {@code decoded} with the box (1 with the training anchor)
     * @param meanIoUNewBrand mean of that IoU over all new-brand test boxes
     * @param meanIoUOldBrands the same over the other brands' test boxes
     */
    public record Mismatch(LogoImage image, float[] box, float[] trainAnchor, float[] testAnchor,
            float[] decoded, double iou, double meanIoUNewBrand, double meanIoUOldBrands) {}

    /**
     * Everything the experiment measured.
     *
     * @param newBrand the brand onboarded
     * @param newBrandAspect mean width / height of its training boxes
     * @param otherAspect mean width / height of the other brands' training boxes
     * @param sets old anchors, re-fitted on old + new, fitted on the new brand only, old plus one
     * @param mismatch train with the re-fitted anchors, test with the old ones
     * @param seconds wall-clock time
     */
    public record Result(String newBrand, double newBrandAspect, double otherAspect,
            List<AnchorSet> sets, Mismatch mismatch, double seconds) {}

    /**
     * Runs the experiment.
     *
     * @param data the dataset
     * @param settings what to run
     * @return the anchor sets, their coverage and the decoding lesson
     */
    public static Result run(FlickrLogos32 data, Settings settings) {
        long start = System.nanoTime();
        BoxShapes train = BoxShapes.of(data, Split.TRAIN, settings.inputSize());
        BoxShapes test = BoxShapes.of(data, Split.TEST, settings.inputSize());
        int brand = settings.newBrand() != null ? LogoClasses.idOf(settings.newBrand())
                : mostUnusualBrand(train);
        BoxShapes newTrain = train.ofClass(brand);
        BoxShapes oldTrain = train.without(brand);
        if (newTrain.size() == 0 || oldTrain.size() < settings.k()) {
            throw new IllegalArgumentException("Brand " + LogoClasses.nameOf(brand) + " has "
                    + newTrain.size() + " training boxes and the others " + oldTrain.size()
                    + "; need some of the first and at least k = " + settings.k() + " of the second.");
        }
        BoxShapes newTest = test.ofClass(brand);
        BoxShapes oldTest = test.without(brand);
        KMeansAnchors kmeans = new KMeansAnchors(settings.seed(), 300);
        String name = LogoClasses.nameOf(brand);
        float[][] old = kmeans.fit(oldTrain.widthsHeights(), settings.k()).anchors();
        float[][] both = kmeans.fit(train.widthsHeights(), settings.k()).anchors();
        float[][] only = kmeans.fit(newTrain.widthsHeights(), Math.min(settings.k(), newTrain.size()))
                .anchors();
        float[] oneMore = kmeans.fit(newTrain.widthsHeights(), 1).anchors()[0];
        float[][] inclusive = java.util.Arrays.copyOf(old, old.length + 1);
        inclusive[old.length] = oneMore;
        List<AnchorSet> sets = List.of(
                set("old brands only (without " + name + ")", old, oldTest, newTest),
                set("re-fitted on old + " + name, both, oldTest, newTest),
                set(name + " only", only, oldTest, newTest),
                set("old + one anchor fitted on " + name + " (k + 1)", inclusive, oldTest, newTest));
        Mismatch mismatch = mismatch(newTest, oldTest, both, old, settings.stride());
        return new Result(name, newTrain.meanAspect(), oldTrain.meanAspect(), sets, mismatch,
                (System.nanoTime() - start) / 1e9);
    }

    private static AnchorSet set(String name, float[][] anchors, BoxShapes oldTest, BoxShapes newTest) {
        return new AnchorSet(name, anchors, AnchorCoverage.ofShapes(oldTest, anchors),
                AnchorCoverage.ofShapes(newTest, anchors));
    }

    /** The brand whose mean log aspect ratio is farthest from 0 (square). */
    static int mostUnusualBrand(BoxShapes train) {
        int best = -1;
        double bestDistance = -1;
        for (int id = 0; id < LogoClasses.BRAND_COUNT; id++) {
            BoxShapes brand = train.ofClass(id);
            if (brand.size() == 0) {
                continue;
            }
            double logAspect = 0;
            for (float[] b : brand.xyxy()) {
                logAspect += Math.log((b[2] - b[0]) / (double) (b[3] - b[1]));
            }
            double distance = Math.abs(logAspect / brand.size());
            if (distance > bestDistance) {
                bestDistance = distance;
                best = id;
            }
        }
        if (best < 0) {
            throw new IllegalArgumentException("The training split has no boxes.");
        }
        return best;
    }

    private static Mismatch mismatch(BoxShapes newTest, BoxShapes oldTest, float[][] trainAnchors,
            float[][] testAnchors, int stride) {
        double[] newIoUs = decodeWithOther(newTest, trainAnchors, testAnchors, stride, null);
        double[] oldIoUs = decodeWithOther(oldTest, trainAnchors, testAnchors, stride, null);
        int example = 0;
        for (int i = 1; i < newTest.size(); i++) {
            if (area(newTest.xyxy()[i]) > area(newTest.xyxy()[example])) {
                example = i;
            }
        }
        float[][] parts = new float[3][];
        BoxShapes one = new BoxShapes(new float[][] {newTest.xyxy()[example]},
                new int[] {newTest.classIds()[example]}, List.of(newTest.images().get(example)),
                newTest.inputSize());
        double[] iou = decodeWithOther(one, trainAnchors, testAnchors, stride, parts);
        return new Mismatch(newTest.images().get(example), newTest.xyxy()[example], parts[0],
                parts[1], parts[2], iou[0], mean(newIoUs), mean(oldIoUs));
    }

    /**
     * Encodes each box against its best training anchor and decodes with the test anchor of the
     * same slot; returns the IoU of each decoded box with its box. For one box, {@code parts}
     * receives {trainAnchor, testAnchor, decoded} as XYXY.
     */
    private static double[] decodeWithOther(BoxShapes boxes, float[][] trainAnchors,
            float[][] testAnchors, int stride, float[][] parts) {
        int n = boxes.size();
        if (n == 0) {
            return new double[0];
        }
        float[][] wh = boxes.widthsHeights();
        int[] slot = KMeansAnchors.assign(wh, trainAnchors);
        float[][] trainBoxes = new float[n][];
        float[][] testBoxes = new float[n][];
        for (int i = 0; i < n; i++) {
            float[] b = boxes.xyxy()[i];
            float cx = Math.round((b[0] + b[2]) / 2 / stride) * (float) stride;
            float cy = Math.round((b[1] + b[3]) / 2 / stride) * (float) stride;
            trainBoxes[i] = centred(cx, cy, trainAnchors[slot[i]]);
            testBoxes[i] = centred(cx, cy, testAnchors[Math.min(slot[i], testAnchors.length - 1)]);
        }
        BoxCoder coder = BoxCoder.rpn();
        try (NDManager manager = NDManager.newBaseManager()) {
            NDArray deltas = coder.encode(manager.create(boxes.xyxy()), manager.create(trainBoxes));
            NDArray decoded = coder.decode(deltas, manager.create(testBoxes));
            float[] flat = decoded.toFloatArray();
            double[] ious = new double[n];
            for (int i = 0; i < n; i++) {
                float[] d = java.util.Arrays.copyOfRange(flat, 4 * i, 4 * i + 4);
                ious[i] = IoU.of(d, boxes.xyxy()[i], IoUKind.IOU);
                if (parts != null && i == 0) {
                    parts[0] = trainBoxes[0];
                    parts[1] = testBoxes[0];
                    parts[2] = d;
                }
            }
            return ious;
        }
    }

    private static float[] centred(float cx, float cy, float[] wh) {
        return new float[] {cx - wh[0] / 2, cy - wh[1] / 2, cx + wh[0] / 2, cy + wh[1] / 2};
    }

    private static double area(float[] b) {
        return (b[2] - b[0]) * (double) (b[3] - b[1]);
    }

    private static double mean(double[] values) {
        return java.util.Arrays.stream(values).average().orElse(Double.NaN);
    }
}
