package org.logokit.data;

import java.nio.file.Path;

/**
 * Which dataset the kit uses and where it is.
 *
 * @param root the {@code FlickrLogos-v2} folder
 * @param synthetic true for SynthLogos-32, false for the real FlickrLogos-32
 * @param description one line for people, e.g. {@code FlickrLogos-32 at /data/FlickrLogos-v2} or
 *     {@code SynthLogos-32 mini (synthetic stand-in) at ...}
 */
public record DatasetLocation(Path root, boolean synthetic, String description) {

    /** Opens the located tree with the strict reader. */
    public FlickrLogos32 open() {
        return FlickrLogos32.open(root);
    }

    @Override
    public String toString() {
        return description;
    }
}
