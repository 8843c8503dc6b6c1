package org.logokit.experiments;

import java.io.IOException;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import org.logokit.config.Profile;
import org.logokit.data.DetectionSplits;
import org.logokit.detect.Backbone;
import org.logokit.detect.DetectorSpec;
import org.logokit.detect.ssd.Ssd;
import org.logokit.detect.ssd.SsdBoxLoss;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;

/**
 * Chapter 09's experiment: SSD trained on the logo images with three localisation losses (smooth L1
 * on SSD-coded offsets, GIoU and DIoU on decoded boxes) and, with smooth L1, the one-box-per-location
 * variant; each tested at IoU thresholds from 0.5 to 0.95, in the layout of seed 003's Table 1,
 * with its box count and speed.
 *
 * <pre>{@code
 * SsdExperiment.Result r = SsdExperiment.run(SsdExperiment.Settings.forProfile(Profile.current()), System.out);
 * Show.table(r.strictIoUTable());
 * }</pre>
 * or from a shell: {@code java ... org.logokit.experiments.SsdExperiment [--retrain]}.
 */
public final class SsdExperiment {
    /** The IoU thresholds of the comparison (seed 003 reports 0.75 to 0.99; COCO's grid stops at 0.95). */
    public static final double[] THRESHOLDS = {0.5, 0.75, 0.8, 0.85, 0.9, 0.95};
    /** Name prefix of the saved SSD with smooth L1 (the profile's tag follows). */
    public static final String SMOOTH_L1_NAME = "09-ssd-smoothl1-";
    /** Name prefix of the saved SSD with the GIoU loss. */
    public static final String GIOU_NAME = "09-ssd-giou-";
    /** Name prefix of the saved SSD with the DIoU loss. */
    public static final String DIOU_NAME = "09-ssd-diou-";
    /** Name prefix of the saved one-box SSD. */
    public static final String ONE_BOX_NAME = "09-ssd-onebox-";

    private SsdExperiment() {}

    /**
     * What to run.
     *
     * @param splits sizes of the detection protocol
     * @param width backbone width
     * @param frozenStages backbone blocks kept frozen (stem, stage1, ...): the pretrained early layers
     * @param extraChannels channels of SSD's extra layers
     * @param plan how to train each SSD
     * @param iouLossWeight weight of the GIoU / DIoU box term (smooth L1 weighs 1)
     * @param compareLosses also train with GIoU and DIoU
     * @param compareOneBox also train the one-box-per-location variant
     * @param retrain train again even when saved detectors match
     * @param tag ends the saved detectors' names
     */
    public record Settings(DetectionSplits.Settings splits, Backbone.Width width, int frozenStages, int[] extraChannels,
            DetectorRun.Plan plan, double iouLossWeight, boolean compareLosses, boolean compareOneBox, boolean retrain,
            String tag) {

        /** The chapter's settings for a profile: 256-pixel inputs, quarter width. */
        public static Settings forProfile(Profile profile) {
            if (profile == Profile.SMOKE) {
                return new Settings(DetectionSplits.Settings.of(256, 8).limited(16, 16).holdingOut(1),
                        Backbone.Width.QUARTER, 2, new int[] {128, 64, 64}, new DetectorRun.Plan(1, 0.01f, 1, false, true, false), 2.0,
                        true, true, false, "smoke");
            }
            // 8 epochs of 1,184 images per variant, four variants
            return new Settings(DetectionSplits.Settings.of(256, 16), Backbone.Width.QUARTER, 2, new int[] {128, 64, 64},
                    new DetectorRun.Plan(8, 0.02f, 100, true, true, false), 2.0, true, true, false, "full");
        }

        /** A copy that trains again even when saved detectors match. */
        public Settings retraining() {
            return new Settings(splits, width, frozenStages, extraChannels, plan, iouLossWeight, compareLosses, compareOneBox, true,
                    tag);
        }
    }

    /**
     * One trained variant.
     *
     * @param label e.g. "SSD, smooth L1"
     * @param boxLoss its localisation loss
     * @param onePerLocation whether it keeps one default box per location
     * @param defaultBoxes default boxes per image
     * @param run its training and test report
     */
    public record Variant(String label, SsdBoxLoss boxLoss, boolean onePerLocation, int defaultBoxes, DetectorRun run) {
        /** Test AP (mean over brands) at an IoU threshold of COCO's grid (0.50, 0.55, ..., 0.95). */
        public double apAt(double iou) {
            return run.test().metrics().meanAt(iou);
        }
    }

    /**
     * What the experiment found.
     *
     * @param mapSizes sides of SSD's feature maps at this input size
     * @param variants the trained variants, smooth L1 first
     */
    public record Result(int[] mapSizes, List<Variant> variants) {

        /** The variant with this loss and layout, or null. */
        public Variant variant(SsdBoxLoss loss, boolean onePerLocation) {
            return variants.stream().filter(v -> v.boxLoss() == loss && v.onePerLocation() == onePerLocation)
                    .findFirst().orElse(null);
        }

        /**
         * Seed 003's Table 1 for the logos: AP at each threshold per variant, and the relative
         * increase of DIoU over GIoU when both were trained.
         */
        public Table strictIoUTable() {
            StringColumn model = StringColumn.create("model");
            List<DoubleColumn> columns = new ArrayList<>();
            for (double t : THRESHOLDS) {
                columns.add(DoubleColumn.create(String.format(Locale.ROOT, "AP@%.2f", t)));
            }
            for (Variant v : variants) {
                model.append(v.label());
                for (int i = 0; i < THRESHOLDS.length; i++) {
                    columns.get(i).append(round(v.apAt(THRESHOLDS[i])));
                }
            }
            Variant giou = variant(SsdBoxLoss.GIOU, false);
            Variant diou = variant(SsdBoxLoss.DIOU, false);
            if (giou != null && diou != null) {
                model.append("relative increase DIoU over GIoU (%)");
                for (int i = 0; i < THRESHOLDS.length; i++) {
                    double g = giou.apAt(THRESHOLDS[i]);
                    columns.get(i).append(g > 0 ? Math.round(1000 * (diou.apAt(THRESHOLDS[i]) - g) / g) / 10.0
                            : Double.NaN);
                }
            }
            Table table = Table.create("Test AP at strict IoU thresholds").addColumns(model);
            columns.forEach(table::addColumns);
            return table;
        }

        /** Box count, speed and accuracy side by side. */
        public Table speedTable() {
            Table table = Table.create("Default boxes, speed and accuracy").addColumns(StringColumn.create("model"),
                    DoubleColumn.create("default boxes"), DoubleColumn.create("test images/s"),
                    DoubleColumn.create("mAP@0.5"), DoubleColumn.create("mAP@[.5:.95]"),
                    DoubleColumn.create("training min"));
            for (Variant v : variants) {
                table.stringColumn(0).append(v.label());
                table.doubleColumn(1).append(v.defaultBoxes());
                table.doubleColumn(2).append(Math.round(v.run().test().imagesPerSecond() * 10) / 10.0);
                table.doubleColumn(3).append(round(v.run().test().map50()));
                table.doubleColumn(4).append(round(v.run().test().map()));
                table.doubleColumn(5).append(Math.round(v.run().trainingMinutes() * 10) / 10.0);
            }
            return table;
        }
    }

    private static double round(double value) {
        return Math.round(value * 1000) / 1000.0;
    }

    /**
     * Trains (or loads) and tests the variants.
     *
     * @param settings what to run
     * @param log where progress goes
     */
    public static Result run(Settings settings, PrintStream log) throws IOException {
        DetectionSplits splits = DetectionSplits.of(settings.splits());
        List<String> classes = splits.train(false).classNames();
        int size = settings.splits().imageSize();
        log.println("Detection protocol: " + splits.describe());
        Ssd.Config base = Ssd.Config.defaults().withWidth(settings.width(), settings.extraChannels())
                .withFrozenStages(settings.frozenStages());
        List<Variant> variants = new ArrayList<>();
        variants.add(variant("SSD, smooth L1", SMOOTH_L1_NAME, base, settings, splits, classes, size, log));
        if (settings.compareLosses()) {
            variants.add(variant("SSD, GIoU loss", GIOU_NAME, base.withBoxLoss(SsdBoxLoss.GIOU,
                    settings.iouLossWeight()), settings, splits, classes, size, log));
            variants.add(variant("SSD, DIoU loss", DIOU_NAME, base.withBoxLoss(SsdBoxLoss.DIOU,
                    settings.iouLossWeight()), settings, splits, classes, size, log));
        }
        if (settings.compareOneBox()) {
            variants.add(variant("SSD one box per location, smooth L1", ONE_BOX_NAME, base.withOnePerLocation(true),
                    settings, splits, classes, size, log));
        }
        return new Result(new Ssd(Ssd.spec("probe", classes, size, base)).mapSizes(), variants);
    }

    private static Variant variant(String label, String name, Ssd.Config config, Settings settings,
            DetectionSplits splits, List<String> classes, int size, PrintStream log) throws IOException {
        DetectorSpec spec = Ssd.spec(name + settings.tag(), classes, size, config);
        int boxes = new Ssd(spec).numDefaultBoxes();
        DetectorRun run = DetectorRun.trainOrLoad(spec, splits, settings.plan(), settings.retrain(), log);
        return new Variant(label, config.boxLoss(), config.onePerLocation(), boxes, run);
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
        System.out.println(r.strictIoUTable().print());
        System.out.println(r.speedTable().print());
    }
}
