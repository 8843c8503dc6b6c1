package org.logokit.data.synth;

import java.awt.Graphics2D;
import java.awt.Rectangle;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import javax.imageio.ImageIO;

/**
 * The decoded background photographs of one generation run, and the cut of a crop out of one of
 * them. Which crop each image gets is decided up front by {@link BackgroundPlan}; this class only
 * holds the pixels.
 *
 * <p>The photos come from a folder filled by {@code data-scripts/fetch-backgrounds} (see
 * {@link BackgroundPhotos}); they are loaded once, in file-name order, so the same folder gives
 * the same backgrounds. Each is kept at most {@code maxSide} pixels on its longest side (a
 * little more than the crops need), as 3-byte BGR to keep memory small.
 */
final class PhotoBackgrounds {
    /** One loaded photo with what the data set's README says about it. */
    record Loaded(BackgroundPhotos.Photo photo, BufferedImage pixels, String sha256) {}

    private final List<Loaded> photos;

    private PhotoBackgrounds(List<Loaded> photos) {
        this.photos = photos;
    }

    /**
     * Loads the photos of {@code folder}, each scaled to at most {@code maxSide} pixels. Returns
     * an empty source when the folder is null, missing or holds no photo; unreadable files are
     * skipped.
     */
    static PhotoBackgrounds load(Path folder, int maxSide) {
        List<Loaded> loaded = new ArrayList<>();
        for (BackgroundPhotos.Photo photo : BackgroundPhotos.listed(folder)) {
            try {
                byte[] bytes = Files.readAllBytes(folder.resolve(photo.file()));
                BufferedImage img = ImageIO.read(new ByteArrayInputStream(bytes));
                if (img == null || img.getWidth() < 64 || img.getHeight() < 64) {
                    continue;
                }
                BufferedImage rgb = BackgroundPhotos.shrink(img, maxSide);
                BufferedImage compact = new BufferedImage(rgb.getWidth(), rgb.getHeight(),
                        BufferedImage.TYPE_3BYTE_BGR);
                Graphics2D g = compact.createGraphics();
                try {
                    g.drawImage(rgb, 0, 0, null);
                } finally {
                    g.dispose();
                }
                loaded.add(new Loaded(photo, compact, FlickrLogosTreeWriter.sha256(bytes)));
            } catch (IOException | RuntimeException e) {
                // A broken photo is skipped; the README lists the photos actually used.
            }
        }
        return new PhotoBackgrounds(List.copyOf(loaded));
    }

    /** Number of photos available. */
    int size() {
        return photos.size();
    }

    /** The loaded photos, in file-name order. */
    List<Loaded> photos() {
        return photos;
    }

    /** Width and height of photo {@code index}. */
    int width(int index) {
        return photos.get(index).pixels().getWidth();
    }

    int height(int index) {
        return photos.get(index).pixels().getHeight();
    }

    /**
     * Cuts {@code crop} out of photo {@code index} (mirrored left-right when asked) and scales it
     * to {@code width × height}; returns a new {@code TYPE_INT_RGB} image.
     */
    BufferedImage render(int index, Rectangle crop, boolean mirror, int width, int height) {
        BufferedImage photo = photos.get(index).pixels();
        BufferedImage out = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = out.createGraphics();
        try {
            g.setRenderingHint(RenderingHints.KEY_INTERPOLATION,
                    RenderingHints.VALUE_INTERPOLATION_BILINEAR);
            int x0 = crop.x;
            int x1 = crop.x + crop.width;
            if (mirror) {
                g.drawImage(photo, width, 0, 0, height, x0, crop.y, x1, crop.y + crop.height, null);
            } else {
                g.drawImage(photo, 0, 0, width, height, x0, crop.y, x1, crop.y + crop.height, null);
            }
        } finally {
            g.dispose();
        }
        return out;
    }
}
