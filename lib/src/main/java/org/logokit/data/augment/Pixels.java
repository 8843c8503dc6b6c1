package org.logokit.data.augment;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;

/** The pixel operations the transforms share: cut out a region, scale, paste onto a canvas. */
final class Pixels {
    private Pixels() {}

    /**
     * The region {@code [x, x+w) × [y, y+h)}: a view sharing the source's pixels when the region
     * lies inside the image (images are never modified in place, so sharing is safe and saves a
     * copy per crop), else a new RGB image with black where the region leaves the source.
     */
    static BufferedImage crop(BufferedImage src, int x, int y, int w, int h) {
        if (x >= 0 && y >= 0 && x + w <= src.getWidth() && y + h <= src.getHeight()) {
            return src.getSubimage(x, y, w, h);
        }
        BufferedImage out = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = out.createGraphics();
        g.drawImage(src, -x, -y, null);
        g.dispose();
        return out;
    }

    /** Scales an image to {@code w × h} with bilinear interpolation. */
    static BufferedImage resize(BufferedImage src, int w, int h) {
        return paste(src, w, h, 0, 0, w, h, Color.BLACK);
    }

    /**
     * Draws {@code src} scaled to {@code dw × dh} at {@code (dx, dy)} on a {@code w × h} canvas
     * filled with {@code fill}.
     */
    static BufferedImage paste(BufferedImage src, int w, int h, int dx, int dy, int dw, int dh,
            Color fill) {
        BufferedImage out = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = out.createGraphics();
        g.setColor(fill);
        g.fillRect(0, 0, w, h);
        g.setRenderingHint(RenderingHints.KEY_INTERPOLATION,
                RenderingHints.VALUE_INTERPOLATION_BILINEAR);
        g.setRenderingHint(RenderingHints.KEY_RENDERING, RenderingHints.VALUE_RENDER_QUALITY);
        g.drawImage(src, dx, dy, dw, dh, null);
        g.dispose();
        return out;
    }
}
