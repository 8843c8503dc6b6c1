package org.logokit.eval;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.logokit.box.Nms;
import org.logokit.data.FlickrLogos32;
import org.logokit.data.LogoClasses;
import org.logokit.data.LogoImage;
import org.logokit.data.PixelBox;
import org.logokit.data.Split;

/**
 * A seeded stand-in for a trained detector, for learning the metrics before any detector exists
 * (chapter 04; the real detectors arrive from chapter 06). It looks at the ground truth and makes
 * the kinds of mistakes real detectors make, with rates you set:
 *
 * <ul>
 *   <li>each object is missed with probability {@code missRate}, or {@code smallMissRate} when its
 *       area is below 32 x 32 pixels (small logos are harder);
 *   <li>a found object gets one detection plus a geometric number of near-duplicates (mean
 *       {@code duplicatesMean}), as a detector's raw output has before NMS;
 *   <li>every detection is displaced: its centre by a normal error of {@code positionNoise} times
 *       the box size plus {@code pixelNoise} pixels, its width and height by a log-normal factor
 *       of spread {@code sizeNoise}; the fixed pixel error is what makes small boxes lose more IoU;
 *   <li>with probability {@code confusionRate} a detection carries another brand's label;
 *   <li>each image also gets a Poisson number of false alarms (mean {@code falsePositivesPerImage})
 *       anywhere in the image with any label.
 * </ul>
 * Scores follow localisation quality: {@code 0.25 + 0.75 * IoU(detection, object) * u} with u
 * uniform in [0.7, 1]; false alarms score uniformly in [0.05, 0.6]. Every image has its own
 * {@link Random} seeded from the settings' seed and the image's position, so a result does not
 * depend on which other images were simulated. Boxes are XYXY pixels clipped to the image.
 *
 * <p>{@link #run(FlickrLogos32, Settings)} is chapter 04's experiment: simulate a split, apply
 * class-wise NMS, and score the result the VOC way and the COCO way.
 */
public final class DetectorSimulation {
    private DetectorSimulation() {}

    /**
     * What the simulated detector does wrong, and what to evaluate.
     *
     * @param split which split to simulate
     * @param limit at most this many images (logo images first, then no-logo), or
     *     {@code Integer.MAX_VALUE}
     * @param seed seed of all random choices
     * @param missRate probability that an object of area &ge; 32^2 is missed
     * @param smallMissRate probability that a smaller object is missed
     * @param duplicatesMean mean number of extra detections per found object (before NMS)
     * @param positionNoise spread of the centre error, as a fraction of the box size
     * @param pixelNoise spread of the centre error added in pixels, whatever the size
     * @param sizeNoise spread of the log of the width and height factors
     * @param confusionRate probability that a detection has a wrong brand
     * @param falsePositivesPerImage mean number of false alarms per image
     * @param nmsThreshold IoU threshold of the class-wise NMS applied before evaluation
     */
    public record Settings(Split split, int limit, long seed, double missRate, double smallMissRate,
            double duplicatesMean, double positionNoise, double pixelNoise, double sizeNoise,
            double confusionRate, double falsePositivesPerImage, double nmsThreshold) {

        /** Checks the rates. */
        public Settings {
            requireProbability(missRate, "missRate");
            requireProbability(smallMissRate, "smallMissRate");
            requireProbability(confusionRate, "confusionRate");
            if (limit < 1 || duplicatesMean < 0 || positionNoise < 0 || pixelNoise < 0
                    || sizeNoise < 0 || falsePositivesPerImage < 0
                    || !(nmsThreshold > 0 && nmsThreshold <= 1)) {
                throw new IllegalArgumentException("limit must be >= 1, noises and means >= 0 and"
                        + " the NMS threshold in (0, 1]; got " + this);
            }
        }

        /**
         * A mediocre detector: misses 10 % of the objects (35 % of the small ones), 1.5 duplicates
         * per object, centres off by 6 % of the size plus 1.5 pixels, sizes by 8 %, 5 % wrong
         * brands, 0.3 false alarms per image, NMS at 0.5.
         */
        public static Settings typical(Split split) {
            return new Settings(split, Integer.MAX_VALUE, 4, 0.10, 0.35, 1.5, 0.06, 1.5, 0.08,
                    0.05, 0.3, 0.5);
        }

        /** A crowded raw output for the NMS pictures: nothing missed, 6 duplicates per object, 2 false alarms. */
        public static Settings crowded(Split split) {
            return new Settings(split, Integer.MAX_VALUE, 4, 0, 0, 6, 0.06, 1.5, 0.08, 0.15, 2,
                    0.5);
        }

        /** The same settings for at most {@code limit} images. */
        public Settings withLimit(int newLimit) {
            return new Settings(split, newLimit, seed, missRate, smallMissRate, duplicatesMean,
                    positionNoise, pixelNoise, sizeNoise, confusionRate, falsePositivesPerImage,
                    nmsThreshold);
        }

        /** The same settings with another seed. */
        public Settings withSeed(long newSeed) {
            return new Settings(split, limit, newSeed, missRate, smallMissRate, duplicatesMean,
                    positionNoise, pixelNoise, sizeNoise, confusionRate, falsePositivesPerImage,
                    nmsThreshold);
        }

        private static void requireProbability(double p, String name) {
            if (!(p >= 0 && p <= 1)) {
                throw new IllegalArgumentException(name + " must be a probability in [0, 1], got " + p);
            }
        }
    }

    /**
     * What the experiment produced.
     *
     * @param images the images simulated, in order
     * @param groundTruth their objects (XYXY pixels, brand ids)
     * @param raw the simulated raw detections (before NMS)
     * @param detections after class-wise NMS
     * @param voc VOC-style metrics of {@code detections} (AP@0.5, all points, VOC devkit matching)
     * @param coco COCO-style metrics of {@code detections} (AP@[.5:.95], areas, AR@1/10/100)
     * @param cocoWithoutNms COCO-style metrics of {@code raw}, to see what duplicates cost
     * @param seconds wall-clock time of the run
     */
    public record Result(List<LogoImage> images, List<ImageGroundTruth> groundTruth,
            List<ImageDetections> raw, List<ImageDetections> detections, DetectionMetrics voc,
            DetectionMetrics coco, DetectionMetrics cocoWithoutNms, double seconds) {

        /** Ground-truth boxes per COCO area range: {small, medium, large} (32^2 counts as small). */
        public int[] groundTruthPerArea() {
            int[] counts = new int[3];
            for (ImageGroundTruth gt : groundTruth) {
                for (float[] b : gt.boxes()) {
                    double area = (b[2] - b[0]) * (double) (b[3] - b[1]);
                    counts[AreaRange.SMALL.contains(area) ? 0 : AreaRange.MEDIUM.contains(area) ? 1 : 2]++;
                }
            }
            return counts;
        }
    }

    /**
     * Chapter 04's experiment: simulate a split, apply class-wise NMS per image, evaluate.
     *
     * @param data the dataset
     * @param settings what to simulate
     * @return detections and metrics
     */
    public static Result run(FlickrLogos32 data, Settings settings) {
        long start = System.nanoTime();
        List<LogoImage> all = new ArrayList<>();
        for (LogoImage image : data.split(settings.split())) {
            if (!image.isNoLogo()) {
                all.add(image);
            }
        }
        for (LogoImage image : data.split(settings.split())) {
            if (image.isNoLogo()) {
                all.add(image);
            }
        }
        List<LogoImage> images = all.subList(0, Math.min(all.size(), settings.limit()));
        int brands = LogoClasses.BRANDS.size();
        MeanAveragePrecision voc = MeanAveragePrecision.builder().classes(brands).iouThresholds(0.5)
                .interpolation(ApInterpolation.VOC_ALL_POINTS).maxDetections(0)
                .matching(MatchingRule.VOC_DEVKIT).build();
        MeanAveragePrecision coco = MeanAveragePrecision.coco(brands);
        MeanAveragePrecision cocoRaw = MeanAveragePrecision.coco(brands);
        List<ImageGroundTruth> gts = new ArrayList<>();
        List<ImageDetections> raws = new ArrayList<>();
        List<ImageDetections> kept = new ArrayList<>();
        try (NDManager manager = NDManager.newBaseManager()) {
            for (int i = 0; i < images.size(); i++) {
                LogoImage image = images.get(i);
                int[] size = FlickrLogos32.imageSize(image);
                ImageGroundTruth gt = groundTruth(image, size[0], size[1]);
                ImageDetections raw = simulate(gt, size[0], size[1], settings,
                        new Random(settings.seed() * 1_000_003L + i));
                ImageDetections after = classwiseNms(manager, raw, settings.nmsThreshold());
                gts.add(gt);
                raws.add(raw);
                kept.add(after);
                voc.add(after, gt);
                coco.add(after, gt);
                cocoRaw.add(raw, gt);
            }
        }
        return new Result(List.copyOf(images), gts, raws, kept, voc.compute(), coco.compute(),
                cocoRaw.compute(), (System.nanoTime() - start) / 1e9);
    }

    /** An image's boxes clipped to its size, with the image's brand id. */
    public static ImageGroundTruth groundTruth(LogoImage image, int width, int height) {
        List<float[]> boxes = new ArrayList<>();
        for (PixelBox b : image.boxes()) {
            PixelBox c = b.clip(width, height);
            if (c.isValid()) {
                boxes.add(c.toArray());
            }
        }
        int[] labels = new int[boxes.size()];
        java.util.Arrays.fill(labels, image.classId());
        return new ImageGroundTruth(boxes.toArray(new float[0][]), labels);
    }

    /**
     * Simulates the raw detections of one image.
     *
     * @param groundTruth the image's objects
     * @param width image width in pixels
     * @param height image height in pixels
     * @param settings the error model
     * @param random the image's random source
     * @return detections in XYXY pixels, clipped, scores in (0, 1]
     */
    public static ImageDetections simulate(ImageGroundTruth groundTruth, int width, int height,
            Settings settings, Random random) {
        int brands = LogoClasses.BRANDS.size();
        List<float[]> boxes = new ArrayList<>();
        List<Float> scores = new ArrayList<>();
        List<Integer> labels = new ArrayList<>();
        for (int j = 0; j < groundTruth.size(); j++) {
            float[] g = groundTruth.boxes()[j];
            double area = (g[2] - g[0]) * (double) (g[3] - g[1]);
            double miss = area < 32 * 32 ? settings.smallMissRate() : settings.missRate();
            if (random.nextDouble() < miss) {
                continue;
            }
            int copies = 1 + geometric(random, settings.duplicatesMean());
            for (int c = 0; c < copies; c++) {
                float[] d = displaced(g, settings, random, width, height);
                if (d == null) {
                    continue;
                }
                double iou = BoxArrays.iou(d, g);
                double score = 0.25 + 0.75 * iou * (0.7 + 0.3 * random.nextDouble());
                int label = groundTruth.labels()[j];
                if (random.nextDouble() < settings.confusionRate()) {
                    label = (label + 1 + random.nextInt(brands - 1)) % brands;
                }
                boxes.add(d);
                scores.add((float) score);
                labels.add(label);
            }
        }
        int alarms = poisson(random, settings.falsePositivesPerImage());
        for (int a = 0; a < alarms; a++) {
            double side = Math.min(width, height) * (0.05 + 0.3 * random.nextDouble());
            double w = side * Math.exp(0.5 * random.nextGaussian());
            double h = side * Math.exp(0.5 * random.nextGaussian());
            double x = random.nextDouble() * Math.max(1, width - w);
            double y = random.nextDouble() * Math.max(1, height - h);
            float[] d = clip(new float[] {(float) x, (float) y, (float) (x + w), (float) (y + h)},
                    width, height);
            if (d == null) {
                continue;
            }
            boxes.add(d);
            scores.add((float) (0.05 + 0.55 * random.nextDouble()));
            labels.add(random.nextInt(brands));
        }
        float[] s = new float[scores.size()];
        int[] l = new int[labels.size()];
        for (int i = 0; i < s.length; i++) {
            s[i] = scores.get(i);
            l[i] = labels.get(i);
        }
        return new ImageDetections(boxes.toArray(new float[0][]), s, l);
    }

    /** Class-wise NMS ({@link Nms#batched}) of one image's detections. */
    public static ImageDetections classwiseNms(NDManager manager, ImageDetections detections,
            double iouThreshold) {
        if (detections.size() == 0) {
            return detections;
        }
        try (NDManager scratch = manager.newSubManager()) {
            NDArray boxes = scratch.create(detections.boxes());
            NDArray scores = scratch.create(detections.scores());
            NDArray classes = scratch.create(detections.labels());
            long[] keep = Nms.batched(boxes, scores, classes, iouThreshold).toLongArray();
            float[][] b = new float[keep.length][];
            float[] s = new float[keep.length];
            int[] l = new int[keep.length];
            for (int i = 0; i < keep.length; i++) {
                int k = (int) keep[i];
                b[i] = detections.boxes()[k];
                s[i] = detections.scores()[k];
                l[i] = detections.labels()[k];
            }
            return new ImageDetections(b, s, l);
        }
    }

    private static float[] displaced(float[] g, Settings s, Random random, int width, int height) {
        double w = g[2] - g[0];
        double h = g[3] - g[1];
        double cx = (g[0] + g[2]) / 2.0 + random.nextGaussian() * (s.positionNoise() * w + s.pixelNoise());
        double cy = (g[1] + g[3]) / 2.0 + random.nextGaussian() * (s.positionNoise() * h + s.pixelNoise());
        double nw = w * Math.exp(random.nextGaussian() * s.sizeNoise());
        double nh = h * Math.exp(random.nextGaussian() * s.sizeNoise());
        return clip(new float[] {(float) (cx - nw / 2), (float) (cy - nh / 2), (float) (cx + nw / 2),
            (float) (cy + nh / 2)}, width, height);
    }

    private static float[] clip(float[] b, int width, int height) {
        float[] c = {Math.max(0, Math.min(width, b[0])), Math.max(0, Math.min(height, b[1])),
            Math.max(0, Math.min(width, b[2])), Math.max(0, Math.min(height, b[3]))};
        return c[2] > c[0] && c[3] > c[1] ? c : null;
    }

    /** Number of failures before a success with mean {@code mean} (0 when mean is 0). */
    private static int geometric(Random random, double mean) {
        if (mean <= 0) {
            return 0;
        }
        double p = 1 / (1 + mean);
        int n = 0;
        while (random.nextDouble() > p && n < 1000) {
            n++;
        }
        return n;
    }

    private static int poisson(Random random, double mean) {
        double limit = Math.exp(-mean);
        double product = random.nextDouble();
        int n = 0;
        while (product > limit && n < 1000) {
            product *= random.nextDouble();
            n++;
        }
        return n;
    }
}
