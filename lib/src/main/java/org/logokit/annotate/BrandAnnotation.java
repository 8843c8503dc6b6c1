package org.logokit.annotate;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import org.logokit.data.AnnotatedImage;
import org.logokit.data.BoxFile;
import org.logokit.data.DatasetLocator;
import org.logokit.data.FlickrLogos32;
import org.logokit.data.LogoClasses;
import org.logokit.data.LogoImage;
import org.logokit.data.PixelBox;
import org.logokit.data.Split;
import org.logokit.notebook.ProgressBar;

/**
 * Chapter 12's auto-annotation experiment: one brand's images are annotated from a single template
 * box, and the accepted proposals are measured against the dataset's true boxes.
 *
 * <p>The template stands in for the one box a person would draw round a clear, typical view: among
 * the true boxes of the brand's first split, those whose aspect ratio (width / height) lies within
 * 20 % of the split's median aspect (a view from the front, not turned or slanted) and that span at
 * most half their image's width and height; the largest of them. {@link Settings#templateFile}
 * names the image instead (its largest box). Every other image of the brand in the given splits is
 * searched. Accepted boxes can be written as a FlickrLogos-32 tree
 * ({@code classes/masks/<brand>/<file>.bboxes.txt}) for a person to review.
 *
 * <p>{@link #main(String[])} measures the annotator on each engine it is given:
 * {@code java org.logokit.annotate.BrandAnnotation fosters TRAIN,VAL MXNet,PyTorch}.
 */
public final class BrandAnnotation {
    private BrandAnnotation() {}

    /**
     * What to run.
     *
     * @param brand the brand to annotate (a FlickrLogos-32 class name)
     * @param splits the splits whose images of the brand are searched; the template comes from the
     *     first
     * @param annotator how to search
     * @param iouThreshold IoU a proposal needs with a true box to count as found
     * @param output folder to write the accepted boxes into (a FlickrLogos-32 tree), or null
     */
    public record Settings(String brand, List<Split> splits, AutoAnnotator.Settings annotator, double iouThreshold,
            Path output, String templateFile, String engine) {
        /** Checks the values. */
        public Settings {
            Objects.requireNonNull(annotator, "annotator");
            if (brand == null || LogoClasses.idOf(brand) < 0 || LogoClasses.idOf(brand) == LogoClasses.NO_LOGO_ID) {
                throw new IllegalArgumentException("'" + brand + "' is not a FlickrLogos-32 brand; brands are "
                        + LogoClasses.BRANDS);
            }
            if (splits == null || splits.isEmpty()) {
                throw new IllegalArgumentException("Give at least one split to search");
            }
            if (!(iouThreshold > 0 && iouThreshold <= 1)) {
                throw new IllegalArgumentException("The IoU threshold must lie in (0, 1], got " + iouThreshold);
            }
            splits = List.copyOf(splits);
        }

        /**
         * What to run, with the template chosen by the class's rule, on the default engine.
         *
         * @param brand the brand to annotate (a FlickrLogos-32 class name)
         * @param splits the splits whose images of the brand are searched; the template comes from the
         *     first
         * @param annotator how to search
         * @param iouThreshold IoU a proposal needs with a true box to count as found
         * @param output folder to write the accepted boxes into (a FlickrLogos-32 tree), or null
         */
        public Settings(String brand, List<Split> splits, AutoAnnotator.Settings annotator, double iouThreshold,
                Path output) {
            this(brand, splits, annotator, iouThreshold, output, null, null);
        }

        /** The brand's TRAIN and VAL images with the default search, IoU 0.5, nothing written. */
        public static Settings of(String brand) {
            return new Settings(brand, List.of(Split.TRAIN, Split.VAL), AutoAnnotator.Settings.defaults(), 0.5, null);
        }

        /** A copy with another search. */
        public Settings with(AutoAnnotator.Settings other) {
            return new Settings(brand, splits, other, iouThreshold, output, templateFile, engine);
        }

        /** A copy that writes the accepted boxes under {@code folder}. */
        public Settings writingTo(Path folder) {
            return new Settings(brand, splits, annotator, iouThreshold, folder, templateFile, engine);
        }

        /** A copy that searches other splits (the template comes from the first). */
        public Settings searching(List<Split> other) {
            return new Settings(brand, other, annotator, iouThreshold, output, templateFile, engine);
        }

        /** A copy whose template is the largest box of the named image (e.g. "3885080563.jpg"). */
        public Settings templateFrom(String fileName) {
            return new Settings(brand, splits, annotator, iouThreshold, output, fileName, engine);
        }

        /** A copy that computes on the named DJL engine ("MXNet", "PyTorch"; null: the default). */
        public Settings onEngine(String engineName) {
            return new Settings(brand, splits, annotator, iouThreshold, output, templateFile, engineName);
        }
    }

    /**
     * One searched image.
     *
     * @param image the image
     * @param truth its true boxes
     * @param proposals the annotator's proposals, best first
     */
    public record Searched(LogoImage image, List<PixelBox> truth, List<Proposal> proposals) {}

    /**
     * What the experiment found.
     *
     * @param brand the brand
     * @param templateImage the image the template was cut from
     * @param template the template
     * @param searched every other image, with its proposals
     * @param quality accepted proposals against the true boxes
     * @param templatesPerImage template versions correlated with each image
     * @param seconds wall-clock time of the search
     * @param engine the engine it ran on
     */
    public record Result(String brand, LogoImage templateImage, Template template, List<Searched> searched,
            AnnotationQuality quality, int templatesPerImage, double seconds, String engine) {
        /** Seconds per searched image. */
        public double secondsPerImage() {
            return searched.isEmpty() ? 0 : seconds / searched.size();
        }
    }

    /** Runs on the located dataset (FlickrLogos-32 when configured, else SynthLogos-32). */
    public static Result run(Settings settings, PrintStream log) throws IOException {
        return run(DatasetLocator.locate().open(), settings, log);
    }

    /**
     * Runs on a dataset.
     *
     * @param data the dataset tree
     * @param settings what to run
     * @param log where the summary goes
     */
    public static Result run(FlickrLogos32 data, Settings settings, PrintStream log) throws IOException {
        int id = LogoClasses.idOf(settings.brand());
        List<LogoImage> images = new ArrayList<>();
        for (Split split : settings.splits()) {
            data.split(split).stream().filter(i -> i.classId() == id).forEach(images::add);
        }
        if (images.size() < 2) {
            throw new IllegalArgumentException("The brand " + settings.brand() + " has " + images.size()
                    + " images in " + settings.splits() + "; need one for the template and at least one to search.");
        }
        Split first = settings.splits().get(0);
        List<LogoImage> firstImages = images.stream().filter(data.split(first)::contains).toList();
        Chosen chosen = settings.templateFile() == null ? typicalBox(firstImages, settings.brand(), first)
                : namedBox(images, settings.templateFile());
        LogoImage templateImage = chosen.image();
        AnnotatedImage source = data.read(templateImage);
        Template template = Template.of(source.image(), chosen.box());
        AutoAnnotator annotator = new AutoAnnotator(template, settings.annotator(), settings.engine());

        List<Searched> searched = new ArrayList<>();
        long start = System.nanoTime();
        List<LogoImage> others = images.stream().filter(i -> !i.equals(templateImage)).toList();
        ProgressBar bar = new ProgressBar("Template matching " + settings.brand(), others.size());
        bar.start(0);
        for (LogoImage image : others) {
            AnnotatedImage item = data.read(image);
            searched.add(new Searched(image, item.boxes(), annotator.propose(item.image())));
            bar.increment(1);
        }
        bar.end();
        double seconds = (System.nanoTime() - start) / 1e9;
        AnnotationQuality quality = AnnotationQuality.measure(searched.stream().map(Searched::proposals).toList(),
                searched.stream().map(Searched::truth).toList(), settings.iouThreshold());
        if (settings.output() != null) {
            for (Searched s : searched) {
                List<PixelBox> accepted = s.proposals().stream().filter(Proposal::accepted).map(Proposal::box).toList();
                BoxFile.write(boxFile(settings.output(), s.image()), accepted);
            }
        }
        double perImage = seconds / Math.max(1, searched.size());
        log.printf(Locale.ROOT, "Auto-annotation of %s from one %d x %d template (%s), %s engine: %s; %d template"
                + " versions, %.2f s per image%n", settings.brand(), template.width(), template.height(),
                templateImage.fileName(), annotator.engineName(), quality.summary(), annotator.templateCount(),
                perImage);
        return new Result(settings.brand(), templateImage, template, List.copyOf(searched), quality,
                annotator.templateCount(), seconds, annotator.engineName());
    }

    private record Chosen(LogoImage image, PixelBox box) {}

    /** The class comment's rule: a large box of the split's typical aspect, at most half its image. */
    private static Chosen typicalBox(List<LogoImage> images, String brand, Split split) {
        List<Double> aspects = new ArrayList<>();
        for (LogoImage i : images) {
            for (PixelBox b : i.boxes()) {
                aspects.add((double) b.width() / b.height());
            }
        }
        if (aspects.isEmpty()) {
            throw new IllegalArgumentException("The brand " + brand + " has no boxes in " + split
                    + ": nothing to cut a template from.");
        }
        java.util.Collections.sort(aspects);
        double median = aspects.get(aspects.size() / 2);
        Chosen best = null;
        for (LogoImage candidate : images) {
            int[] size = FlickrLogos32.imageSize(candidate);
            for (PixelBox b : candidate.boxes()) {
                double aspect = (double) b.width() / b.height();
                boolean typical = Math.abs(Math.log(aspect / median)) <= Math.log(1.2);
                boolean clear = b.width() <= size[0] / 2f && b.height() <= size[1] / 2f
                        && Math.min(b.width(), b.height()) >= Template.MIN_SIDE;
                if (typical && clear && (best == null || b.area() > best.box().area())) {
                    best = new Chosen(candidate, b);
                }
            }
        }
        if (best == null) {
            throw new IllegalArgumentException(String.format(Locale.ROOT, "No box of %s in %s has the split's typical"
                    + " aspect (%.2f, within 20 %%), at least %d px a side and at most half its image: name the"
                    + " template image with Settings.templateFrom(fileName).", brand, split, median,
                    Template.MIN_SIDE));
        }
        return best;
    }

    /** The largest box of the named image. */
    private static Chosen namedBox(List<LogoImage> images, String fileName) {
        LogoImage image = images.stream().filter(i -> i.fileName().equals(fileName)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("The template image " + fileName + " is not among"
                        + " the brand's images of the searched splits"));
        PixelBox box = image.boxes().stream().max(java.util.Comparator.comparingDouble(PixelBox::area))
                .orElseThrow(() -> new IllegalArgumentException("The template image " + fileName + " has no box"));
        return new Chosen(image, box);
    }

    /**
     * Measures the annotator from the command line, once per engine:
     * {@code BrandAnnotation [brand] [splits] [engines] [all|upright]}, e.g.
     * {@code fosters TRAIN,VAL MXNet,PyTorch all} (the defaults; {@code upright} searches the
     * template as drawn only, without flips and quarter turns). Prints recall, false-proposal share
     * and seconds per image for each engine.
     */
    public static void main(String[] args) throws IOException {
        String brand = args.length > 0 ? args[0] : "fosters";
        List<Split> splits = args.length > 1 ? java.util.Arrays.stream(args[1].split(","))
                .map(n -> Split.valueOf(n.trim().toUpperCase(Locale.ROOT))).toList() : List.of(Split.TRAIN, Split.VAL);
        List<String> engines = args.length > 2 ? List.of(args[2].split(",")) : List.of("MXNet", "PyTorch");
        boolean upright = args.length > 3 && args[3].equalsIgnoreCase("upright");
        if (args.length > 3 && !upright && !args[3].equalsIgnoreCase("all")) {
            throw new IllegalArgumentException("The fourth argument is 'all' or 'upright', got " + args[3]);
        }
        AutoAnnotator.Settings search = upright
                ? AutoAnnotator.Settings.defaults().withOrientations(java.util.EnumSet.of(Orientation.UPRIGHT))
                : AutoAnnotator.Settings.defaults();
        FlickrLogos32 data = DatasetLocator.locate().open();
        for (String engine : engines) {
            Settings settings = Settings.of(brand).searching(splits).with(search).onEngine(engine.trim());
            Result r = run(data, settings, System.out);
            System.out.printf(Locale.ROOT, "%s on %s, %s, %s orientations: recall %.3f, false share %.3f, %.2f s per"
                    + " image%n", brand, splits, r.engine(), upright ? "upright" : "all 8", r.quality().recall(),
                    r.quality().falseShare(), r.secondsPerImage());
        }
    }

    /** {@code <root>/classes/masks/<brand lower case>/<file>.bboxes.txt}, FlickrLogos-32's place for boxes. */
    public static Path boxFile(Path root, LogoImage image) {
        return root.resolve("classes").resolve("masks").resolve(LogoClasses.maskFolder(image.classId()))
                .resolve(image.fileName() + ".bboxes.txt");
    }

}
