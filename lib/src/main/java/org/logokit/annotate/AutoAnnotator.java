package org.logokit.annotate;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.pooling.Pool;
import java.awt.Graphics2D;
import java.awt.Image;
import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import org.logokit.box.Nms;
import org.logokit.data.ImageTensors;
import org.logokit.data.PixelBox;
import org.logokit.nd.Indices;
import org.logokit.nd.Ranking;

/**
 * Finds a logo in other images from one template box (template matching, as seed 003's
 * AutoLabelme): the template is stretched by each aspect factor and turned into each allowed
 * {@link Orientation}, and the image is resized once per searched scale (an image pyramid, so the
 * template keeps its small working size); every version is correlated with each resized image
 * ({@link NormalizedCrossCorrelation}); the local maxima of each score map above
 * {@link Settings#proposalScore} become candidate boxes; class-agnostic NMS ({@link Nms}) keeps the
 * best of overlapping candidates; the best {@link Settings#maxProposals} are proposed, and those
 * scoring at least {@link Settings#acceptScore} are marked accepted for a person to confirm.
 *
 * <pre>{@code
 * AutoAnnotator annotator = new AutoAnnotator(Template.of(image, box), AutoAnnotator.Settings.defaults());
 * List<Proposal> found = annotator.propose(otherImage);
 * }</pre>
 *
 * <p>Cost: per scale, one convolution per aspect and orientation group (orientations of one shape
 * share a convolution as its output channels), each O(H·W·h·w) on the resized image with the
 * working-size template. Thread-safe after construction.
 */
public final class AutoAnnotator {
    private static final float[] NO_MEAN = {0, 0, 0};
    private static final float[] NO_STD = {1, 1, 1};
    private static final float[] GREY = {0.299f, 0.587f, 0.114f};

    /**
     * How to search.
     *
     * @param scales size factors of the template to try (square root of the area ratio), e.g. a
     *     geometric series from 0.4 to 2.5
     * @param aspects width stretches to try (1 = the template's own aspect; 0.8 makes it narrower
     *     and taller at the same area), for logos seen at an angle
     * @param orientations the orientations to try
     * @param proposalScore a score map's peak must reach this to become a candidate
     * @param acceptScore proposals scoring at least this are marked accepted
     * @param nmsIoU candidates overlapping a better one with IoU above this are dropped
     * @param maxProposals proposals kept per image, best first
     * @param peakWindow side of the window in which a candidate must be the maximum (odd)
     * @param workingSide the template is matched at this size (square root of its area in pixels;
     *     never enlarged), and each image is resized so that a logo of the searched scale has it:
     *     smaller is faster and coarser
     * @param edges match gradient magnitudes instead of grey levels: a logo whose colours were
     *     swapped or inverted (light on dark instead of dark on light) keeps its edges
     * @param angles small in-plane angles (degrees counter-clockwise, each strictly between -45
     *     and 45) the template is also turned by; a turned template is matched inside its mask
     *     (the turned rectangle), and its proposal box is the turned rectangle's bounding box
     * @param smoothing Gaussian sigma, in working pixels (0 to 4), that image and template are
     *     smoothed with before matching: a logo a little slanted, bent or blurred still overlaps
     * @param eitherPolarity score |ncc| instead of ncc: a logo recoloured light-on-dark matches a
     *     dark-on-light template
     * @param relativeAccept 0 for the absolute rule (accepted from {@code acceptScore}); else the
     *     relative rule: each image's best proposal is accepted, and the others that score at
     *     least this share of it and at least {@code acceptScore}
     * @param colour match the three colour channels together (means per channel, one score over
     *     all) instead of grey levels: a blue word-mark is not a grey texture of the same shape
     * @param coarseSide 0 for one pass at {@code workingSide}; else search everything at this
     *     smaller working side first and re-search the best {@code 2 × maxProposals} candidates
     *     at {@code workingSide}, each in a window round it
     */
    public record Settings(double[] scales, double[] aspects, Set<Orientation> orientations, double proposalScore,
            double acceptScore, double nmsIoU, int maxProposals, int peakWindow, double workingSide, boolean edges,
            double[] angles, double smoothing, boolean eitherPolarity, double relativeAccept, boolean colour,
            double coarseSide) {
        /**
         * The settings of the first version (no small angles, no smoothing, one polarity, no
         * acceptance relative to the image's best proposal).
         */
        public Settings(double[] scales, double[] aspects, Set<Orientation> orientations, double proposalScore,
                double acceptScore, double nmsIoU, int maxProposals, int peakWindow, double workingSide,
                boolean edges) {
            this(scales, aspects, orientations, proposalScore, acceptScore, nmsIoU, maxProposals, peakWindow,
                    workingSide, edges, new double[] {0}, 0, false, 0, false, 0);
        }

        /** Checks the values. */
        public Settings {
            if (angles == null || angles.length == 0) {
                throw new IllegalArgumentException("Give at least one in-plane angle (0 = as drawn)");
            }
            for (double a : angles) {
                if (!(Math.abs(a) < 45)) {
                    throw new IllegalArgumentException("In-plane angles must lie strictly between -45 and 45 degrees"
                            + " (quarter turns are orientations), got " + a);
                }
            }
            if (!(smoothing >= 0 && smoothing <= 4)) {
                throw new IllegalArgumentException("Smoothing is a Gaussian sigma of 0 to 4 working pixels, got "
                        + smoothing);
            }
            if (!(relativeAccept >= 0 && relativeAccept <= 1)) {
                throw new IllegalArgumentException("relativeAccept is a share of the image's best score, 0 to 1, got "
                        + relativeAccept);
            }
            if (!(coarseSide == 0 || (coarseSide >= 4 && coarseSide < workingSide))) {
                throw new IllegalArgumentException("coarseSide is 0 (one pass) or at least 4 and below workingSide ("
                        + workingSide + "), got " + coarseSide);
            }
            angles = angles.clone();
            if (scales == null || scales.length == 0 || aspects == null || aspects.length == 0) {
                throw new IllegalArgumentException("Give at least one scale and one aspect stretch");
            }
            for (double s : scales) {
                if (!(s > 0)) {
                    throw new IllegalArgumentException("Scales must be positive, got " + s);
                }
            }
            for (double a : aspects) {
                if (!(a > 0)) {
                    throw new IllegalArgumentException("Aspect stretches must be positive, got " + a);
                }
            }
            if (orientations == null || orientations.isEmpty()) {
                throw new IllegalArgumentException("Give at least one orientation (e.g. Orientation.UPRIGHT)");
            }
            if (!(proposalScore > -1 && proposalScore <= acceptScore && acceptScore <= 1)) {
                throw new IllegalArgumentException("Need -1 < proposalScore <= acceptScore <= 1, got " + proposalScore
                        + " and " + acceptScore);
            }
            if (!(nmsIoU > 0 && nmsIoU <= 1) || maxProposals < 1 || peakWindow < 1 || peakWindow % 2 == 0
                    || !(workingSide >= Template.MIN_SIDE)) {
                throw new IllegalArgumentException("Need 0 < nmsIoU <= 1, maxProposals >= 1, an odd peakWindow and"
                        + " workingSide >= " + Template.MIN_SIDE);
            }
            scales = scales.clone();
            aspects = aspects.clone();
            orientations = Set.copyOf(orientations);
        }

        /**
         * The defaults, chosen by measuring on SynthLogos-32 (see {@code BrandAnnotation}): 14
         * scales from 0.2 to 3 (each 1.23 times the last), the template's own aspect, in-plane
         * angles of -16, -8, 0, 8 and 16 degrees, all eight orientations, colour, either polarity,
         * smoothed by a Gaussian of 1 working pixel, searched coarse to fine (12 then 24 pixels of
         * template side), candidates from score 0.3, NMS at IoU 0.3, at most 8 proposals per image,
         * peaks in 3 × 3 windows, and the relative acceptance rule: each image's best proposal,
         * and the others scoring at least 0.8 of it and at least 0.5.
         */
        public static Settings defaults() {
            return new Settings(geometric(0.2, 3, 14), new double[] {1}, EnumSet.allOf(Orientation.class), 0.3, 0.5,
                    0.3, 8, 3, 24, false, new double[] {-16, -8, 0, 8, 16}, 1, true, 0.8, true, 12);
        }

        /**
         * The first version's defaults (kept for comparison): 8 scales from 0.35 to 2, all eight
         * orientations, grey levels matched in one pass at 32 pixels of template side, no angles,
         * no smoothing, accepted from score 0.5.
         */
        public static Settings plainGrey() {
            return new Settings(geometric(0.35, 2, 8), new double[] {1}, EnumSet.allOf(Orientation.class),
                    0.3, 0.5, 0.3, 8, 3, 32, false);
        }

        /** A copy that accepts the proposals scoring at least {@code score} (the absolute rule). */
        public Settings accepting(double score) {
            return new Settings(scales, aspects, orientations, Math.min(proposalScore, score), score, nmsIoU,
                    maxProposals, peakWindow, workingSide, edges, angles, smoothing, eitherPolarity, 0, colour,
                    coarseSide);
        }

        /** A copy with other orientations. */
        public Settings withOrientations(Set<Orientation> allowed) {
            return new Settings(scales, aspects, allowed, proposalScore, acceptScore, nmsIoU, maxProposals,
                    peakWindow, workingSide, edges, angles, smoothing, eitherPolarity, relativeAccept, colour, coarseSide);
        }

        /** A copy that matches grey levels ({@code edges = false}) or gradient magnitudes. */
        public Settings matchingEdges(boolean onEdges) {
            return new Settings(scales, aspects, orientations, proposalScore, acceptScore, nmsIoU, maxProposals,
                    peakWindow, workingSide, onEdges, angles, smoothing, eitherPolarity, relativeAccept, colour, coarseSide);
        }

        /** A copy that also tries the template turned by these small in-plane angles (degrees, 0 = as drawn). */
        public Settings withAngles(double[] degrees) {
            return new Settings(scales, aspects, orientations, proposalScore, acceptScore, nmsIoU, maxProposals,
                    peakWindow, workingSide, edges, degrees, smoothing, eitherPolarity, relativeAccept, colour, coarseSide);
        }

        /** A copy that smooths image and template by a Gaussian of {@code sigma} working pixels (0: not). */
        public Settings smoothedBy(double sigma) {
            return new Settings(scales, aspects, orientations, proposalScore, acceptScore, nmsIoU, maxProposals,
                    peakWindow, workingSide, edges, angles, sigma, eitherPolarity, relativeAccept, colour, coarseSide);
        }

        /** A copy that scores |ncc| (a logo with light and dark swapped matches too) or ncc. */
        public Settings matchingEitherPolarity(boolean either) {
            return new Settings(scales, aspects, orientations, proposalScore, acceptScore, nmsIoU, maxProposals,
                    peakWindow, workingSide, edges, angles, smoothing, either, relativeAccept, colour, coarseSide);
        }

        /** A copy that matches the three colour channels together ({@code true}) or grey levels. */
        public Settings matchingColour(boolean inColour) {
            return new Settings(scales, aspects, orientations, proposalScore, acceptScore, nmsIoU, maxProposals,
                    peakWindow, workingSide, edges, angles, smoothing, eitherPolarity, relativeAccept, inColour, coarseSide);
        }

        /**
         * A copy that matches the template at another working side (pixels, square root of its
         * area); a coarse side is kept below it (at most half of it).
         */
        public Settings withWorkingSide(double side) {
            return new Settings(scales, aspects, orientations, proposalScore, acceptScore, nmsIoU, maxProposals,
                    peakWindow, side, edges, angles, smoothing, eitherPolarity, relativeAccept, colour,
                    coarseSide == 0 ? 0 : Math.max(4, Math.min(coarseSide, side / 2)));
        }

        /**
         * A copy with the relative acceptance rule: each image's best proposal is accepted, and
         * every other one scoring at least {@code share} times that best and at least
         * {@code floor}. It suits images known to show the logo (the ones collected for a brand);
         * {@code share = 0} returns to the absolute rule (accepted from {@link #acceptScore}).
         */
        public Settings acceptingRelative(double share, double floor) {
            return new Settings(scales, aspects, orientations, Math.min(proposalScore, floor), floor, nmsIoU,
                    maxProposals, peakWindow, workingSide, edges, angles, smoothing, eitherPolarity, share, colour, coarseSide);
        }

        /**
         * A copy that searches coarse to fine: every scale, stretch, angle and orientation at a
         * working side of {@code side} pixels first (a quarter of the cost at half the side), then
         * the best few candidates again at {@link #workingSide}, each with its own orientation and
         * the neighbouring scales and angles, in a window round it. 0: one pass at the working side.
         */
        public Settings searchingCoarseFirst(double side) {
            return new Settings(scales, aspects, orientations, proposalScore, acceptScore, nmsIoU, maxProposals,
                    peakWindow, workingSide, edges, angles, smoothing, eitherPolarity, relativeAccept, colour, side);
        }

        /** A copy with other scales and aspect stretches. */
        public Settings withScales(double[] newScales, double[] newAspects) {
            return new Settings(newScales, newAspects, orientations, proposalScore, acceptScore, nmsIoU, maxProposals,
                    peakWindow, workingSide, edges, angles, smoothing, eitherPolarity, relativeAccept, colour, coarseSide);
        }
    }

    /** {@code n} values from {@code from} to {@code to}, evenly spaced on a log scale. */
    public static double[] geometric(double from, double to, int n) {
        if (!(from > 0 && to >= from) || n < 1) {
            throw new IllegalArgumentException("Need 0 < from <= to and n >= 1");
        }
        double[] out = new double[n];
        for (int i = 0; i < n; i++) {
            out[i] = n == 1 ? from : from * Math.pow(to / from, i / (double) (n - 1));
        }
        return out;
    }

    /**
     * The template at the working size, stretched by one aspect factor and turned by one small
     * in-plane angle: its matched picture and the mask of the rotated rectangle on its canvas
     * (row-major, {@code height × width}), before the orientation is applied.
     */
    private record Variant(float[] picture, float[] mask, int width, int height, double aspect, double angle,
            boolean full) {}

    private final String engine;
    private final Template template;
    private final Settings settings;
    /** The templates at the working side; the finest search. */
    private final Level fine;
    /** The templates at the coarse side, or null for a one-pass search. */
    private final Level coarse;

    /**
     * The template versions at one working size.
     *
     * @param workingScale working template side / real template side (square roots of areas), at most 1
     * @param variants one per aspect stretch and angle
     */
    private record Level(double workingScale, List<Variant> variants) {}

    /**
     * An annotator for one template.
     *
     * @param template the logo to look for
     * @param settings how to search
     * @throws IllegalArgumentException when the template is uniform grey (nothing to match)
     */
    public AutoAnnotator(Template template, Settings settings) {
        this(template, settings, null);
    }

    /**
     * An annotator for one template that computes on a named engine.
     *
     * @param template the logo to look for
     * @param settings how to search
     * @param engineName a DJL engine ("MXNet", "PyTorch"), or null for the default engine
     * @throws IllegalArgumentException when the template is uniform grey (nothing to match) or the
     *     engine is not on the class path
     */
    public AutoAnnotator(Template template, Settings settings, String engineName) {
        if (engineName != null && !ai.djl.engine.Engine.hasEngine(engineName)) {
            throw new IllegalArgumentException("The engine '" + engineName + "' is not on the class path; engines"
                    + " here: " + ai.djl.engine.Engine.getAllEngines());
        }
        this.engine = engineName;
        this.template = Objects.requireNonNull(template, "template");
        this.settings = Objects.requireNonNull(settings, "settings");
        try (NDManager manager = engineName == null ? NDManager.newBaseManager() : NDManager.newBaseManager(engineName)) {
            NDArray grey = grey(template.crop(), manager);
            double std = grey.sub(grey.mean()).square().mean().sqrt().getFloat();
            if (!(std > 2 * NormalizedCrossCorrelation.MIN_WINDOW_STD)) {
                throw new IllegalArgumentException(String.format(java.util.Locale.ROOT,
                        "The template box %s is nearly uniform grey (standard deviation %.4f of the 0..1 range):"
                                + " there is nothing to match. Draw the box round the logo itself.",
                        template.box(), std));
            }
            fine = level(settings.workingSide(), manager);
            coarse = settings.coarseSide() > 0 ? level(settings.coarseSide(), manager) : null;
        }
    }

    /** The template stretched by each aspect and turned by each angle, at a working side. */
    private Level level(double workingSide, NDManager manager) {
        double side = Math.sqrt(template.width() * (double) template.height());
        double scale = Math.min(1, workingSide / side);
        List<Variant> list = new ArrayList<>();
        for (double aspect : settings.aspects()) {
            int w = Math.max(3, (int) Math.round(template.width() * scale * Math.sqrt(aspect)));
            int h = Math.max(3, (int) Math.round(template.height() * scale / Math.sqrt(aspect)));
            BufferedImage stretched = resized(template.crop(), w, h);
            for (double angle : settings.angles()) {
                list.add(variant(stretched, aspect, angle, manager));
            }
        }
        return new Level(scale, List.copyOf(list));
    }

    /** The stretched template turned by {@code angle} degrees on a canvas that holds it, with its mask. */
    private Variant variant(BufferedImage stretched, double aspect, double angle, NDManager manager) {
        int w = stretched.getWidth();
        int h = stretched.getHeight();
        if (angle == 0) {
            NDArray picture = picture(stretched, manager);
            Shape s = picture.getShape();
            int pw = (int) s.get(s.dimension() - 1);
            int ph = (int) s.get(s.dimension() - 2);
            float[] ones = new float[pw * ph];
            java.util.Arrays.fill(ones, 1f);
            return new Variant(picture.toFloatArray(), ones, pw, ph, aspect, 0, true);
        }
        double radians = Math.toRadians(angle);
        double cos = Math.abs(Math.cos(radians));
        double sin = Math.abs(Math.sin(radians));
        int cw = (int) Math.ceil(w * cos + h * sin);
        int ch = (int) Math.ceil(w * sin + h * cos);
        // image y points down: a negative rotation on screen turns the logo counter-clockwise
        java.awt.geom.AffineTransform turn = java.awt.geom.AffineTransform.getTranslateInstance(cw / 2.0, ch / 2.0);
        turn.rotate(-radians);
        turn.translate(-w / 2.0, -h / 2.0);
        BufferedImage canvas = new BufferedImage(cw, ch, BufferedImage.TYPE_INT_RGB);
        BufferedImage mask = new BufferedImage(cw, ch, BufferedImage.TYPE_BYTE_GRAY);
        Graphics2D g = canvas.createGraphics();
        Graphics2D gm = mask.createGraphics();
        try {
            g.setColor(meanColour(stretched));
            g.fillRect(0, 0, cw, ch);
            g.setRenderingHint(java.awt.RenderingHints.KEY_INTERPOLATION,
                    java.awt.RenderingHints.VALUE_INTERPOLATION_BILINEAR);
            g.drawImage(stretched, turn, null);
            gm.setColor(java.awt.Color.WHITE);
            gm.fill(turn.createTransformedShape(new java.awt.Rectangle(0, 0, w, h)));
        } finally {
            g.dispose();
            gm.dispose();
        }
        NDArray picture = picture(canvas, manager);
        NDArray m = ImageTensors.toChw(mask, manager, NO_MEAN, NO_STD).get(0).gt(0.5f).toType(picture.getDataType(),
                false);
        if (settings.edges()) {
            // a gradient at (y, x) uses pixels (y, x) to (y + 1, x + 1): both must be template
            m = m.get("1:, 1:").mul(m.get(":-1, :-1")).mul(m.get("1:, :-1")).mul(m.get(":-1, 1:"));
        }
        Shape s = picture.getShape();
        return new Variant(picture.toFloatArray(), m.toFloatArray(), (int) s.get(s.dimension() - 1),
                (int) s.get(s.dimension() - 2), aspect, angle, false);
    }

    /** The mean colour of an image (what a turned template's canvas corners are filled with). */
    private static java.awt.Color meanColour(BufferedImage image) {
        BufferedImage one = resized(image, 1, 1);
        return new java.awt.Color(one.getRGB(0, 0));
    }

    /** The template. */
    public Template template() {
        return template;
    }

    /** The settings. */
    public Settings settings() {
        return settings;
    }

    /** The engine the annotator computes on. */
    public String engineName() {
        return engine == null ? ai.djl.engine.Engine.getDefaultEngineName() : engine;
    }

    /** Number of template versions correlated with each image (scales × aspects × orientations). */
    public int templateCount() {
        return settings.scales().length * fine.variants().size() * settings.orientations().size();
    }

    /**
     * Proposes boxes where the logo appears in an image.
     *
     * @param image the image to search
     * @return the proposals, best first (at most {@link Settings#maxProposals}); empty when nothing
     *     reached {@link Settings#proposalScore} or the image is smaller than every template
     */
    public List<Proposal> propose(BufferedImage image) {
        Objects.requireNonNull(image, "image");
        try (NDManager manager = engine == null ? NDManager.newBaseManager() : NDManager.newBaseManager(engine)) {
            Candidates found = new Candidates(image.getWidth(), image.getHeight());
            int perMap = 4 * settings.maxProposals();
            if (coarse == null) {
                search(image, 0, 0, fine, settings.scales(), v -> true, settings.orientations(), perMap, found, manager);
            } else {
                Candidates rough = new Candidates(image.getWidth(), image.getHeight());
                search(image, 0, 0, coarse, settings.scales(), v -> true, settings.orientations(), perMap, rough,
                        manager);
                for (Proposal c : rough.best(2 * settings.maxProposals(), settings.nmsIoU(), manager)) {
                    refine(image, c, found, manager);
                }
            }
            List<Proposal> kept = found.best(settings.maxProposals(), settings.nmsIoU(), manager);
            List<Proposal> out = new ArrayList<>();
            for (int i = 0; i < kept.size(); i++) {
                Proposal p = kept.get(i);
                // relative rule: the image's best is accepted; the others need both thresholds
                boolean accepted = settings.relativeAccept() > 0
                        ? i == 0 || (p.score() >= settings.acceptScore()
                                && p.score() >= settings.relativeAccept() * kept.get(0).score())
                        : p.score() >= settings.acceptScore();
                out.add(p.withAccepted(accepted));
            }
            return List.copyOf(out);
        }
    }

    /** Candidate boxes of one image with their scores, before NMS. */
    private static final class Candidates {
        final int width;
        final int height;
        final List<float[]> boxes = new ArrayList<>();
        final List<Proposal> proposals = new ArrayList<>();

        Candidates(int width, int height) {
            this.width = width;
            this.height = height;
        }

        /** The best {@code n} after class-agnostic NMS, best first. */
        List<Proposal> best(int n, double iou, NDManager manager) {
            if (boxes.isEmpty()) {
                return List.of();
            }
            float[] scores = new float[proposals.size()];
            for (int i = 0; i < scores.length; i++) {
                scores[i] = (float) proposals.get(i).score();
            }
            long[] kept = Nms.nms(manager.create(boxes.toArray(new float[0][])), manager.create(scores), iou)
                    .toLongArray();
            List<Proposal> out = new ArrayList<>();
            for (int i = 0; i < kept.length && out.size() < n; i++) {
                out.add(proposals.get((int) kept[i]));
            }
            return out;
        }
    }

    /**
     * The fine pass round one coarse candidate: a window of the image 1.5 times its box's size, the
     * candidate's orientation, stretch and neighbouring angles, its scale and the neighbouring
     * scales of the grid.
     */
    private void refine(BufferedImage image, Proposal c, Candidates found, NDManager manager) {
        PixelBox b = c.box();
        // a quarter of the box each way: the coarse peak is off by a coarse pixel or two at most
        int x1 = Math.max(0, (int) Math.floor(b.x1() - b.width() / 4));
        int y1 = Math.max(0, (int) Math.floor(b.y1() - b.height() / 4));
        int x2 = Math.min(image.getWidth(), (int) Math.ceil(b.x2() + b.width() / 4));
        int y2 = Math.min(image.getHeight(), (int) Math.ceil(b.y2() + b.height() / 4));
        if (x2 - x1 < 3 || y2 - y1 < 3) {
            return;
        }
        BufferedImage window = image.getSubimage(x1, y1, x2 - x1, y2 - y1);
        double[] grid = settings.scales();
        double step = grid.length > 1 ? Math.pow(grid[grid.length - 1] / grid[0], 1.0 / (grid.length - 1)) : 1.2;
        double[] scales = {c.scale() / Math.sqrt(step), c.scale(), c.scale() * Math.sqrt(step)};
        double[] angles = settings.angles();
        double angleStep = angles.length > 1 ? (max(angles) - min(angles)) / (angles.length - 1) : 0;
        Candidates local = new Candidates(image.getWidth(), image.getHeight());
        search(window, x1, y1, fine, scales,
                v -> v.aspect() == c.aspect() && Math.abs(v.angle() - c.angle()) <= angleStep + 1e-9,
                Set.of(c.orientation()), 1, local, manager);
        List<Proposal> best = local.best(1, 1, manager);
        if (!best.isEmpty()) {
            found.boxes.add(best.get(0).box().toArray());
            found.proposals.add(best.get(0));
        }
    }

    private static double max(double[] values) {
        return java.util.Arrays.stream(values).max().orElse(0);
    }

    private static double min(double[] values) {
        return java.util.Arrays.stream(values).min().orElse(0);
    }

    /**
     * Correlates the chosen template versions of a level with the image at each scale and adds the
     * score maps' peaks to {@code out}, in the coordinates of the full image (the searched image
     * is a window whose top-left corner lies at {@code (offsetX, offsetY)}).
     */
    private void search(BufferedImage image, int offsetX, int offsetY, Level level, double[] scales,
            java.util.function.Predicate<Variant> use, Set<Orientation> orientations, int perMap, Candidates out,
            NDManager manager) {
        for (double scale : scales) {
            // the image is shrunk (or enlarged) instead of the template: a logo `scale` times the
            // template's size then appears at the working size, and the convolution stays small
            double factor = level.workingScale() / scale;
            int width = (int) Math.round(image.getWidth() * factor);
            int height = (int) Math.round(image.getHeight() * factor);
            if (width < 3 || height < 3) {
                continue;
            }
            NDArray picture = null;
            for (Variant v : level.variants()) {
                if (!use.test(v)) {
                    continue;
                }
                for (boolean swapped : new boolean[] {false, true}) {
                    List<Orientation> group = orientations.stream().filter(o -> o.swapsSides() == swapped).sorted()
                            .toList();
                    int tw = swapped ? v.height() : v.width();
                    int th = swapped ? v.width() : v.height();
                    if (group.isEmpty() || tw + 1 > width || th + 1 > height) {
                        continue;
                    }
                    if (picture == null) {
                        picture = picture(resized(image, width, height), manager);
                    }
                    long channels = settings.colour() ? 3 : 1;
                    NDArray base = manager.create(v.picture(), new Shape(channels, v.height(), v.width()));
                    NDArray baseMask = manager.create(v.mask(), new Shape(1, v.height(), v.width()));
                    NDList turned = new NDList();
                    NDList masks = new NDList();
                    for (Orientation o : group) {
                        NDArray t = o.apply(base);
                        turned.add(settings.colour() ? t.expandDims(0) : t);
                        masks.add(o.apply(baseMask));
                    }
                    NDArray kernels = NDArrays.concat(turned, 0);
                    NDArray map = v.full() ? NormalizedCrossCorrelation.scores(picture, kernels)
                            : NormalizedCrossCorrelation.scores(picture, kernels, NDArrays.concat(masks, 0));
                    if (settings.eitherPolarity()) {
                        map = map.abs();
                    }
                    double toImage = image.getWidth() / (double) width;
                    peaks(map, group, tw, th, toImage, offsetX, offsetY, scale, v, perMap, out);
                }
            }
        }
    }

    /** Adds each score map's local maxima (the best {@code perMap} per map) as candidates. */
    private void peaks(NDArray map, List<Orientation> group, int tw, int th, double toImage, int offsetX,
            int offsetY, double scale, Variant v, int perMap, Candidates out) {
        Shape s = map.getShape();
        long k = s.get(0);
        long mh = s.get(1);
        long mw = s.get(2);
        int p = settings.peakWindow();
        NDArray pooled = Pool.maxPool2d(map.reshape(1, k, mh, mw), new Shape(p, p), new Shape(1, 1),
                new Shape(p / 2, p / 2), false).reshape(k, mh, mw);
        NDArray peak = map.eq(pooled).logicalAnd(map.gte((float) settings.proposalScore()));
        NDArray flat = map.flatten();
        NDArray index = Indices.of(peak.flatten());
        if (index.size() == 0) {
            return;
        }
        float[] values = Indices.rows(flat, index).toFloatArray();
        long[] where = index.toLongArray();
        long[] order = Ranking.descending(values);
        for (int r = 0; r < order.length && r < perMap; r++) {
            int i = (int) order[r];
            long at = where[i];
            int o = (int) (at / (mh * mw));
            long y = (at % (mh * mw)) / mw;
            long x = at % mw;
            PixelBox box = new PixelBox((float) (offsetX + x * toImage), (float) (offsetY + y * toImage),
                    (float) (offsetX + (x + tw) * toImage), (float) (offsetY + (y + th) * toImage))
                    .clip(out.width, out.height);
            out.boxes.add(box.toArray());
            out.proposals.add(new Proposal(box, values[i], group.get(o), scale, v.aspect(), v.angle(),
                    values[i] >= settings.acceptScore()));
        }
    }

    /**
     * What is matched: grey levels, smoothed by a Gaussian of {@link Settings#smoothing} working
     * pixels when asked (a logo a little turned, slanted or blurred still overlaps its template),
     * or their gradient magnitude ((H - 1, W - 1), forward differences).
     */
    private NDArray picture(BufferedImage image, NDManager manager) {
        NDArray x = settings.colour() ? ImageTensors.toChw(image, manager, NO_MEAN, NO_STD) : grey(image, manager);
        if (settings.smoothing() > 0) {
            x = Smoothing.gaussian(x, settings.smoothing());
        }
        if (!settings.edges()) {
            return x;
        }
        NDArray dx = x.get("..., 1:, 1:").sub(x.get("..., 1:, :-1"));
        NDArray dy = x.get("..., 1:, 1:").sub(x.get("..., :-1, 1:"));
        return dx.square().add(dy.square()).sqrt();
    }

    /** An image as (H, W) grey levels in 0..1. */
    static NDArray grey(BufferedImage image, NDManager manager) {
        NDArray chw = ImageTensors.toChw(image, manager, NO_MEAN, NO_STD);
        return chw.mul(manager.create(GREY).reshape(3, 1, 1)).sum(new int[] {0});
    }

    /** The image resized to w × h (area averaging when shrinking, bilinear when enlarging). */
    private static BufferedImage resized(BufferedImage image, int w, int h) {
        BufferedImage out = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = out.createGraphics();
        try {
            if (w < image.getWidth() || h < image.getHeight()) {
                g.drawImage(image.getScaledInstance(w, h, Image.SCALE_AREA_AVERAGING), 0, 0, null);
            } else {
                g.setRenderingHint(java.awt.RenderingHints.KEY_INTERPOLATION,
                        java.awt.RenderingHints.VALUE_INTERPOLATION_BILINEAR);
                g.drawImage(image, 0, 0, w, h, null);
            }
        } finally {
            g.dispose();
        }
        return out;
    }
}
