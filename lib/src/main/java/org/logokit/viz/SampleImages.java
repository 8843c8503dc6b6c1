package org.logokit.viz;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import javax.imageio.ImageIO;

/**
 * Small photographs shipped inside the library, so that the first chapter can draw on a real image
 * before any dataset is present.
 *
 * <p>{@link #cat()} is "Chelsea the cat" by Stefan van der Walt, released under CC0 (no copyright
 * restrictions), as distributed with scikit-image; re-encoded as JPEG, 451x300 pixels.
 */
public final class SampleImages {
    private SampleImages() {}

    /** Chelsea the cat (CC0), 451x300 RGB. Left eye about (135, 85)-(210, 150) in XYXY pixels. */
    public static BufferedImage cat() {
        return load("chelsea.jpg");
    }

    private static BufferedImage load(String name) {
        try (InputStream in = SampleImages.class.getResourceAsStream("samples/" + name)) {
            if (in == null) {
                throw new IllegalStateException("Sample image " + name + " is missing from the"
                        + " logokit library jar; rebuild it with `mvn -o -pl lib package`.");
            }
            BufferedImage image = ImageIO.read(in);
            if (image == null) {
                throw new IllegalStateException("Sample image " + name + " could not be decoded");
            }
            return image;
        } catch (IOException e) {
            throw new UncheckedIOException("Could not read sample image " + name, e);
        }
    }
}
