package org.logokit.data.synth;

import java.nio.file.Path;

/**
 * What one generation run produced.
 *
 * @param root the {@code FlickrLogos-v2} folder (what a FlickrLogos-32 reader is pointed at)
 * @param size the size generated
 * @param seed the seed; the same seed and size give byte-identical files
 * @param images number of images written
 * @param logos number of labelled logos (boxes) written
 * @param backgrounds how backgrounds were made, e.g. "photos (9) + procedural" or "procedural only"
 * @param seconds wall-clock time of the run (0 when an existing complete tree was reused)
 * @param reused true when a complete tree was already there and nothing was generated
 */
public record SynthSummary(Path root, SynthSize size, long seed, int images, int logos,
        String backgrounds, double seconds, boolean reused) {

    /** Images generated per second of wall-clock time (0 when nothing was generated). */
    public double imagesPerSecond() {
        return seconds > 0 ? images / seconds : 0;
    }

    @Override
    public String toString() {
        if (reused) {
            return String.format("SynthLogos-32 %s (seed %d) already complete at %s: %d images, "
                    + "%d logos", size.id(), seed, root, images, logos);
        }
        return String.format("SynthLogos-32 %s (seed %d): %d images, %d logos in %.1f s "
                + "(%.1f images/s), backgrounds: %s, at %s", size.id(), seed, images, logos,
                seconds, imagesPerSecond(), backgrounds, root);
    }
}
