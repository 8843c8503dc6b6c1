package org.logokit.data.synth;

import java.awt.Rectangle;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;

/**
 * The picture size and background of every image, decided up front in plan order from the seed
 * (so they do not depend on thread timing) and recorded in the data set's README.
 *
 * <p>With photographs, each image gets a crop of one photo: the photos are dealt out in shuffled
 * rounds (every photo once per round, so all are used about equally), and each crop has a random
 * position, a random size (never enlarged by more than {@value #MAX_UPSCALE}×) and a random
 * left-right mirror. No two images get the same crop: a crop already dealt is drawn again.
 * Without photographs, every image gets a procedural background drawn from its own generator.
 */
final class BackgroundPlan {
    /** How much a crop may be enlarged at most (more would look blurred). */
    static final double MAX_UPSCALE = 1.4;
    /** The smallest crop, as a fraction of the largest crop of the image's aspect ratio. */
    static final double MIN_CROP = 0.3;
    private static final double[] ASPECTS = {4 / 3.0, 4 / 3.0, 3 / 2.0, 1, 3 / 4.0, 2 / 3.0,
        16 / 9.0};

    /**
     * The size and background of one image.
     *
     * @param width picture width in pixels
     * @param height picture height in pixels
     * @param photo index of the photo in {@link PhotoBackgrounds}, or -1 for a procedural one
     * @param crop the crop of the photo, in its (loaded) pixels; null when procedural
     * @param mirror whether the crop is mirrored left-right
     */
    record Choice(int width, int height, int photo, Rectangle crop, boolean mirror) {
        boolean isPhoto() {
            return photo >= 0;
        }
    }

    private BackgroundPlan() {}

    /** One choice per planned image, in plan order. */
    static List<Choice> plan(List<ImagePlan.Entry> entries, int longestSide, long seed,
            PhotoBackgrounds photos) {
        SplittableRandom rng = new SplittableRandom(ImagePlan.mix(seed ^ 0xBAC6_0A0DL));
        List<Choice> choices = new ArrayList<>(entries.size());
        Set<List<Integer>> dealt = new HashSet<>();
        int[] round = new int[photos.size()];
        int next = round.length;
        for (int i = 0; i < entries.size(); i++) {
            double aspect = ASPECTS[rng.nextInt(ASPECTS.length)];
            int width = aspect >= 1 ? longestSide : (int) Math.round(longestSide * aspect);
            int height = aspect >= 1 ? (int) Math.round(longestSide / aspect) : longestSide;
            if (photos.size() == 0) {
                choices.add(new Choice(width, height, -1, null, false));
                continue;
            }
            if (next == round.length) {
                shuffledRound(round, rng);
                next = 0;
            }
            int photo = round[next++];
            Choice choice = null;
            // A tiny photo may run out of distinct crops: after many tries the crop may enlarge
            // more, and in the end it may repeat (the README then counts the shared crops).
            for (int attempt = 0; attempt < 200; attempt++) {
                choice = crop(photo, width, height, photos, attempt < 100, rng);
                if (dealt.add(key(choice))) {
                    break;
                }
            }
            choices.add(choice);
        }
        return choices;
    }

    /** What makes two crops the same: photo, rectangle, mirror. */
    static List<Integer> key(Choice c) {
        return List.of(c.photo(), c.crop().x, c.crop().y, c.crop().width, c.crop().height,
                c.mirror() ? 1 : 0);
    }

    private static void shuffledRound(int[] round, SplittableRandom rng) {
        for (int k = 0; k < round.length; k++) {
            round[k] = k;
        }
        for (int k = round.length - 1; k > 0; k--) {
            int j = rng.nextInt(k + 1);
            int t = round[k];
            round[k] = round[j];
            round[j] = t;
        }
    }

    /** A random crop of the photo with the picture's aspect ratio. */
    private static Choice crop(int photo, int width, int height, PhotoBackgrounds photos,
            boolean limitUpscale, SplittableRandom rng) {
        int pw = photos.width(photo);
        int ph = photos.height(photo);
        double aspect = width / (double) height;
        double maxW = Math.min(pw, ph * aspect);
        double minW = limitUpscale ? Math.min(maxW, Math.max(MIN_CROP * maxW, width / MAX_UPSCALE))
                : MIN_CROP * maxW;
        // Log-uniform between the smallest and the largest crop: close-ups as often as wide views.
        double cw = minW * Math.pow(maxW / minW, rng.nextDouble());
        int w = Math.max(1, Math.min(pw, (int) Math.round(cw)));
        int h = Math.max(1, Math.min(ph, (int) Math.round(cw / aspect)));
        int x = rng.nextInt(pw - w + 1);
        int y = rng.nextInt(ph - h + 1);
        return new Choice(width, height, photo, new Rectangle(x, y, w, h), rng.nextBoolean());
    }
}
