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
 * <p>The template is the largest true box of the brand's first split that spans at most a third of
 * its image's width and height (what a person would pick: a clear view, with room round it for the
 * other logos' sizes); every other image of the brand in the given splits is searched. Accepted boxes
 * can be written as a FlickrLogos-32 tree ({@code classes/masks/<brand>/<file>.bboxes.txt}) for a
 * person to review.
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
            Path output) {
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
            splits = List.copyOf(splits);
        }

        /** The brand's TRAIN and VAL images with the default search, IoU 0.5, nothing written. */
        public static Settings of(String brand) {
            return new Settings(brand, List.of(Split.TRAIN, Split.VAL), AutoAnnotator.Settings.defaults(), 0.5, null);
        }

        /** A copy with another search. */
        public Settings with(AutoAnnotator.Settings other) {
            return new Settings(brand, splits, other, iouThreshold, output);
        }

        /** A copy that writes the accepted boxes under {@code folder}. */
        public Settings writingTo(Path folder) {
            return new Settings(brand, splits, annotator, iouThreshold, folder);
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
     */
    public record Result(String brand, LogoImage templateImage, Template template, List<Searched> searched,
            AnnotationQuality quality, int templatesPerImage, double seconds) {
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
        LogoImage templateImage = null;
        PixelBox box = null;
        for (LogoImage candidate : images) {
            if (!data.split(first).contains(candidate)) {
                continue;
            }
            int[] size = FlickrLogos32.imageSize(candidate);
            for (PixelBox b : candidate.boxes()) {
                boolean clear = b.width() <= size[0] / 3f && b.height() <= size[1] / 3f
                        && Math.min(b.width(), b.height()) >= Template.MIN_SIDE;
                if (clear && (box == null || b.area() > box.area())) {
                    box = b;
                    templateImage = candidate;
                }
            }
        }
        if (box == null) {
            throw new IllegalArgumentException("No box of " + settings.brand() + " in " + first + " is at least "
                    + Template.MIN_SIDE + " px and at most a third of its image: nothing to cut a template from.");
        }
        AnnotatedImage source = data.read(templateImage);
        Template template = Template.of(source.image(), box);
        AutoAnnotator annotator = new AutoAnnotator(template, settings.annotator());

        List<Searched> searched = new ArrayList<>();
        long start = System.nanoTime();
        LogoImage chosen = templateImage;
        List<LogoImage> others = images.stream().filter(i -> !i.equals(chosen)).toList();
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
        log.printf(Locale.ROOT, "Auto-annotation of %s from one %d x %d template (%s): %s; %d template versions,"
                + " %.2f s per image%n", settings.brand(), template.width(), template.height(), templateImage.fileName(),
                quality.summary(), annotator.templateCount(), seconds / Math.max(1, searched.size()));
        return new Result(settings.brand(), templateImage, template, List.copyOf(searched), quality,
                annotator.templateCount(), seconds);
    }

    /** {@code <root>/classes/masks/<brand lower case>/<file>.bboxes.txt}, FlickrLogos-32's place for boxes. */
    public static Path boxFile(Path root, LogoImage image) {
        return root.resolve("classes").resolve("masks").resolve(LogoClasses.maskFolder(image.classId()))
                .resolve(image.fileName() + ".bboxes.txt");
    }

}
