package org.logokit.experiments;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.io.IOException;
import java.io.PrintStream;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import org.logokit.anchor.KMeansAnchors;
import org.logokit.config.Profile;
import org.logokit.data.DetectionSplits;
import org.logokit.detect.Backbone;
import org.logokit.detect.DetectorSpec;
import org.logokit.detect.DetectionBatch;
import org.logokit.detect.yolo.TrainingBoxes;
import org.logokit.detect.yolo.YoloAnchors;
import org.logokit.detect.yolo.YoloV1;
import org.logokit.detect.yolo.YoloV1Targets;
import org.logokit.detect.yolo.YoloV2;
import org.logokit.detect.yolo.YoloV2Targets;

/**
 * Chapter 08's experiment: YOLO v1 and YOLOv2 trained on the logo images, and seed 000's question
 * for YOLOv2, the anchors it shipped with (fitted on PASCAL VOC) against anchors re-fitted on the
 * training boxes by k-means, answered in numbers: the anchors' mean IoU with the training boxes and
 * the test mAP of a detector trained with each.
 *
 * <pre>{@code
 * YoloExperiment.Result r = YoloExperiment.run(YoloExperiment.Settings.forProfile(Profile.current()), System.out);
 * }</pre>
 * or from a shell: {@code java ... org.logokit.experiments.YoloExperiment [--retrain]}.
 */
public final class YoloExperiment {
    /** Name prefix of the saved YOLO v1 (the profile's tag follows). */
    public static final String V1_NAME = "08-yolo-v1-";
    /** Name prefix of the saved YOLOv2 with k-means anchors. */
    public static final String V2_NAME = "08-yolo-v2-kmeans-";
    /** Name prefix of the saved YOLOv2 with the VOC anchors. */
    public static final String V2_VOC_NAME = "08-yolo-v2-voc-";

    private YoloExperiment() {}

    /**
     * What to run.
     *
     * @param splits sizes of the detection protocol (input size, batch, limits, hold-out, seed)
     * @param width backbone width
     * @param frozenStages backbone blocks kept frozen (stem, stage1, ...): the pretrained early layers
     * @param numAnchors k of the k-means anchors (the VOC set has 5)
     * @param v1 how to train YOLO v1
     * @param v2 how to train each YOLOv2
     * @param compareDefaultAnchors also train YOLOv2 with the VOC anchors
     * @param retrain train again even when saved detectors match
     * @param tag ends the saved detectors' names (e.g. the profile), so profiles do not share them
     */
    public record Settings(DetectionSplits.Settings splits, Backbone.Width width, int frozenStages, int numAnchors, DetectorRun.Plan v1,
            DetectorRun.Plan v2, boolean compareDefaultAnchors, boolean retrain, String tag) {

        /** The chapter's settings for a profile: 256-pixel inputs, quarter width. */
        public static Settings forProfile(Profile profile) {
            if (profile == Profile.SMOKE) {
                return new Settings(DetectionSplits.Settings.of(256, 8).limited(16, 16).holdingOut(1),
                        Backbone.Width.QUARTER, 2, 5, new DetectorRun.Plan(1, 0.01f, 1, false, true, false),
                        new DetectorRun.Plan(1, 0.01f, 1, false, true, false), true, false, "smoke");
            }
            // 15 + 24 + 24 epochs of 1,184 images: a full-profile run of 6 + 8 + 8 epochs trained 2.0, 3.3 and
            // 3.2 minutes on 2 cores (18-30 s per epoch) with validation mAP still rising, so each detector
            // gets about half of the 20-minute budget and the chapter stays under half an hour
            return new Settings(DetectionSplits.Settings.of(256, 16), Backbone.Width.QUARTER, 2, 5,
                    new DetectorRun.Plan(15, 0.02f, 100, true, true, false), new DetectorRun.Plan(24, 0.02f, 100, true, true, false), true,
                    false, "full");
        }

        /** A copy that trains again even when saved detectors match. */
        public Settings retraining() {
            return new Settings(splits, width, frozenStages, numAnchors, v1, v2, compareDefaultAnchors, true, tag);
        }
    }

    /**
     * What the experiment found.
     *
     * @param gridSize S of both detectors' grids
     * @param vocAnchors YOLOv2's VOC anchors rescaled to this grid, (width, height) in cells
     * @param fittedAnchors the k-means anchors of the training boxes, in cells, by area
     * @param vocMeanIoU mean best IoU of the training boxes with the VOC anchors
     * @param fittedMeanIoU the same with the fitted anchors
     * @param meanIoUByK mean IoU of k-means anchors for k = 1..9 (entry k - 1)
     * @param trainingBoxes number of training boxes the anchors were fitted on
     * @param v1Lost training logos YOLO v1's targets leave out (a larger logo owns their cell)
     * @param v2Lost training logos YOLOv2's targets leave out with the fitted anchors (a larger logo
     *     owns their cell and anchor)
     * @param v1 YOLO v1's run
     * @param v2 YOLOv2 with the fitted anchors
     * @param v2Voc YOLOv2 with the VOC anchors, or null when not compared
     */
    public record Result(int gridSize, float[][] vocAnchors, float[][] fittedAnchors, double vocMeanIoU,
            double fittedMeanIoU, double[] meanIoUByK, int trainingBoxes, long v1Lost, long v2Lost, DetectorRun v1,
            DetectorRun v2, DetectorRun v2Voc) {

        /** The runs in chapter order. */
        public List<DetectorRun> runs() {
            return v2Voc == null ? List.of(v1, v2) : List.of(v1, v2, v2Voc);
        }
    }

    /**
     * Fits the anchors, then trains (or loads) and tests the detectors.
     *
     * @param settings what to run
     * @param log where progress goes
     */
    public static Result run(Settings settings, PrintStream log) throws IOException {
        DetectionSplits splits = DetectionSplits.of(settings.splits());
        List<String> classes = splits.train(false).classNames();
        int size = settings.splits().imageSize();
        log.println("Detection protocol: " + splits.describe());

        YoloV1.Config v1Config = YoloV1.Config.defaults().withWidth(settings.width(), headChannels(settings.width()))
                .withFrozenStages(settings.frozenStages());
        DetectorSpec v1Spec = YoloV1.spec(V1_NAME + settings.tag(), classes, size, v1Config);
        int grid = new YoloV1(v1Spec).gridSize();

        TrainingBoxes boxes = TrainingBoxes.of(splits.train(false));
        float[][] sizes = boxes.sizesInCells(grid);
        KMeansAnchors.Result fit = YoloAnchors.fit(sizes, settings.numAnchors());
        float[][] voc = YoloAnchors.voc(grid);
        double vocIoU = KMeansAnchors.meanIoU(sizes, voc);
        double[] curve = new KMeansAnchors().meanIoUCurve(sizes, Math.min(9, sizes.length));
        log.printf(Locale.ROOT, "Anchors on the %d training boxes (cells of the %d x %d grid): VOC %s mean IoU %.3f;"
                + " k-means %s mean IoU %.3f%n", sizes.length, grid, grid, format(voc), vocIoU,
                format(fit.anchors()), fit.meanIoU());
        long v1Lost;
        long v2Lost;
        try (NDManager manager = NDManager.newBaseManager()) {
            DetectionBatch all = boxes.batch(manager);
            v1Lost = boxes.count() - YoloV1Targets.encode(all, size, grid, classes.size()).owners();
            NDArray ownerSlot = YoloV2Targets.assign(all, size, grid,
                    manager.create(flatten(fit.anchors()), new Shape(fit.anchors().length, 2))).ownerSlot();
            v2Lost = boxes.count() - ownerSlot.gte(0).toType(DataType.INT64, false).sum().getLong();
        }
        log.printf(Locale.ROOT, "Training logos without a slot of their own: YOLO v1 %d of %d, YOLOv2 %d%n", v1Lost,
                boxes.count(), v2Lost);

        DetectorRun v1 = DetectorRun.trainOrLoad(v1Spec, splits, settings.v1(), settings.retrain(), log);
        YoloV2.Config v2Config = YoloV2.Config.defaults(fit.anchors())
                .withWidth(settings.width(), headChannels(settings.width())).withFrozenStages(settings.frozenStages());
        DetectorRun v2 = DetectorRun.trainOrLoad(YoloV2.spec(V2_NAME + settings.tag(), classes, size,
                v2Config), splits, settings.v2(), settings.retrain(), log);
        DetectorRun v2Voc = !settings.compareDefaultAnchors() ? null
                : DetectorRun.trainOrLoad(YoloV2.spec(V2_VOC_NAME + settings.tag(), classes, size,
                        v2Config.withAnchors(voc)), splits, settings.v2(), settings.retrain(), log);
        return new Result(grid, voc, fit.anchors(), vocIoU, fit.meanIoU(), curve, sizes.length, v1Lost, v2Lost, v1, v2,
                v2Voc);
    }

    /** Head channels for a backbone width: 128 at quarter width, 256 at full width. */
    public static int headChannels(Backbone.Width width) {
        return width == Backbone.Width.QUARTER ? 128 : 256;
    }

    private static float[] flatten(float[][] rows) {
        float[] flat = new float[rows.length * 2];
        for (int i = 0; i < rows.length; i++) {
            flat[2 * i] = rows[i][0];
            flat[2 * i + 1] = rows[i][1];
        }
        return flat;
    }

    /** Anchors as "(1.2 x 0.8, ...)" in cells. */
    public static String format(float[][] anchors) {
        StringBuilder text = new StringBuilder("(");
        for (float[] a : anchors) {
            text.append(text.length() > 1 ? ", " : "").append(String.format(Locale.ROOT, "%.2f x %.2f", a[0], a[1]));
        }
        return text.append(")").toString();
    }

    /**
     * Runs the chapter's experiment from a shell with the current profile's settings.
     *
     * @param args {@code --retrain} to train again
     */
    public static void main(String[] args) throws IOException {
        Settings settings = Settings.forProfile(Profile.current());
        if (Arrays.asList(args).contains("--retrain")) {
            settings = settings.retraining();
        }
        Result r = run(settings, System.out);
        for (DetectorRun run : r.runs()) {
            System.out.printf(Locale.ROOT, "%-28s mAP@0.5 %.3f  mAP %.3f  %.1f min training%s%n", run.spec().name(),
                    run.test().map50(), run.test().map(), run.trainingMinutes(), run.reused() ? " (reused)" : "");
        }
    }
}
