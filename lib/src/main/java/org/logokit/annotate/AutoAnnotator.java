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
     */
    public record Settings(double[] scales, double[] aspects, Set<Orientation> orientations, double proposalScore,
            double acceptScore, double nmsIoU, int maxProposals, int peakWindow, double workingSide, boolean edges) {
        /** Checks the values. */
        public Settings {
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
         * The defaults: 8 scales from 0.35 to 2 (each 1.28 times the last), the template's own
         * aspect, all eight orientations, candidates from score 0.3, accepted from 0.5, NMS at
         * IoU 0.3, at most 8 proposals per image, peaks in 3 × 3 windows, the template matched at
         * 32 pixels (square root of its area), on grey levels.
         */
        public static Settings defaults() {
            return new Settings(geometric(0.35, 2, 8), new double[] {1}, EnumSet.allOf(Orientation.class),
                    0.3, 0.5, 0.3, 8, 3, 32, false);
        }

        /** A copy that accepts proposals from another score. */
        public Settings accepting(double score) {
            return new Settings(scales, aspects, orientations, Math.min(proposalScore, score), score, nmsIoU,
                    maxProposals, peakWindow, workingSide, edges);
        }

        /** A copy with other orientations. */
        public Settings withOrientations(Set<Orientation> allowed) {
            return new Settings(scales, aspects, allowed, proposalScore, acceptScore, nmsIoU, maxProposals,
                    peakWindow, workingSide, edges);
        }

        /** A copy that matches grey levels ({@code edges = false}) or gradient magnitudes. */
        public Settings matchingEdges(boolean onEdges) {
            return new Settings(scales, aspects, orientations, proposalScore, acceptScore, nmsIoU, maxProposals,
                    peakWindow, workingSide, onEdges);
        }

        /** A copy with other scales and aspect stretches. */
        public Settings withScales(double[] newScales, double[] newAspects) {
            return new Settings(newScales, newAspects, orientations, proposalScore, acceptScore, nmsIoU, maxProposals,
                    peakWindow, workingSide, edges);
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

    /** The template at the working size, stretched by one aspect factor (before turning). */
    private record Variant(BufferedImage pixels, double aspect) {}

    private final Template template;
    private final Settings settings;
    private final List<Variant> variants;
    /** Working template side / real template side (sqrt of areas), at most 1. */
    private final double workingScale;

    /**
     * An annotator for one template.
     *
     * @param template the logo to look for
     * @param settings how to search
     * @throws IllegalArgumentException when the template is uniform grey (nothing to match)
     */
    public AutoAnnotator(Template template, Settings settings) {
        this.template = Objects.requireNonNull(template, "template");
        this.settings = Objects.requireNonNull(settings, "settings");
        double side = Math.sqrt(template.width() * (double) template.height());
        workingScale = Math.min(1, settings.workingSide() / side);
        List<Variant> list = new ArrayList<>();
        for (double aspect : settings.aspects()) {
            int w = Math.max(3, (int) Math.round(template.width() * workingScale * Math.sqrt(aspect)));
            int h = Math.max(3, (int) Math.round(template.height() * workingScale / Math.sqrt(aspect)));
            list.add(new Variant(resized(template.crop(), w, h), aspect));
        }
        variants = List.copyOf(list);
        try (NDManager manager = NDManager.newBaseManager()) {
            NDArray grey = picture(template.crop(), manager);
            double std = grey.sub(grey.mean()).square().mean().sqrt().getFloat();
            if (!(std > 2 * NormalizedCrossCorrelation.MIN_WINDOW_STD)) {
                throw new IllegalArgumentException(String.format(java.util.Locale.ROOT,
                        "The template box %s is nearly uniform grey (standard deviation %.4f of the 0..1 range):"
                                + " there is nothing to match. Draw the box round the logo itself.",
                        template.box(), std));
            }
        }
    }

    /** The template. */
    public Template template() {
        return template;
    }

    /** The settings. */
    public Settings settings() {
        return settings;
    }

    /** Number of template versions correlated with each image (scales × aspects × orientations). */
    public int templateCount() {
        return settings.scales().length * variants.size() * settings.orientations().size();
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
        List<float[]> boxes = new ArrayList<>();
        List<Float> scores = new ArrayList<>();
        List<Proposal> meta = new ArrayList<>();
        try (NDManager manager = NDManager.newBaseManager()) {
            for (double scale : settings.scales()) {
                // the image is shrunk (or enlarged) instead of the template: a logo `scale` times the
                // template's size then appears at the working size, and the convolution stays small
                double factor = workingScale / scale;
                int width = (int) Math.round(image.getWidth() * factor);
                int height = (int) Math.round(image.getHeight() * factor);
                if (width < 3 || height < 3) {
                    continue;
                }
                NDArray grey = null;
                for (Variant v : variants) {
                    for (boolean swapped : new boolean[] {false, true}) {
                        List<Orientation> group = settings.orientations().stream()
                                .filter(o -> o.swapsSides() == swapped).sorted().toList();
                        int tw = swapped ? v.pixels().getHeight() : v.pixels().getWidth();
                        int th = swapped ? v.pixels().getWidth() : v.pixels().getHeight();
                        if (group.isEmpty() || tw > width || th > height) {
                            continue;
                        }
                        if (grey == null) {
                            grey = picture(resized(image, width, height), manager);
                        }
                        NDArray base = picture(v.pixels(), manager).expandDims(0);
                        NDList turned = new NDList();
                        for (Orientation o : group) {
                            turned.add(o.apply(base));
                        }
                        NDArray map = NormalizedCrossCorrelation.scores(grey, NDArrays.concat(turned, 0));
                        peaks(map, group, tw, th, 1 / factor, scale, v, image, boxes, scores, meta);
                    }
                }
            }
            if (boxes.isEmpty()) {
                return List.of();
            }
            NDArray boxArray = manager.create(boxes.toArray(new float[0][]));
            float[] scoreValues = new float[scores.size()];
            for (int i = 0; i < scoreValues.length; i++) {
                scoreValues[i] = scores.get(i);
            }
            long[] kept = Nms.nms(boxArray, manager.create(scoreValues), settings.nmsIoU()).toLongArray();
            List<Proposal> out = new ArrayList<>();
            for (int i = 0; i < kept.length && out.size() < settings.maxProposals(); i++) {
                out.add(meta.get((int) kept[i]));
            }
            return List.copyOf(out);
        }
    }

    /** Adds each score map's local maxima (the best few per map) as candidates. */
    private void peaks(NDArray map, List<Orientation> group, int tw, int th, double toImage, double scale, Variant v,
            BufferedImage image, List<float[]> boxes, List<Float> scores, List<Proposal> meta) {
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
        int perMap = 4 * settings.maxProposals();
        for (int r = 0; r < order.length && r < perMap; r++) {
            int i = (int) order[r];
            long at = where[i];
            int o = (int) (at / (mh * mw));
            long y = (at % (mh * mw)) / mw;
            long x = at % mw;
            PixelBox box = new PixelBox((float) (x * toImage), (float) (y * toImage), (float) ((x + tw) * toImage),
                    (float) ((y + th) * toImage)).clip(image.getWidth(), image.getHeight());
            boxes.add(box.toArray());
            scores.add(values[i]);
            meta.add(new Proposal(box, values[i], group.get(o), scale, v.aspect(),
                    values[i] >= settings.acceptScore()));
        }
    }

    /** What is matched: grey levels, or their gradient magnitude ((H - 1, W - 1), forward differences). */
    private NDArray picture(BufferedImage image, NDManager manager) {
        NDArray grey = grey(image, manager);
        if (!settings.edges()) {
            return grey;
        }
        NDArray dx = grey.get("1:, 1:").sub(grey.get("1:, :-1"));
        NDArray dy = grey.get("1:, 1:").sub(grey.get(":-1, 1:"));
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
