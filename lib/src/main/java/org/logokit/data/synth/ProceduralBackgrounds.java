package org.logokit.data.synth;

import java.awt.Color;
import java.awt.GradientPaint;
import java.awt.Graphics2D;
import java.awt.RadialGradientPaint;
import java.awt.RenderingHints;
import java.awt.geom.Ellipse2D;
import java.awt.geom.Point2D;
import java.awt.image.BufferedImage;
import java.util.SplittableRandom;

/**
 * Backgrounds drawn from nothing but random numbers: gradients, smooth colour noise, stripes,
 * tiles and soft blobs. The fallback when no background photographs are available. Thread-safe.
 */
final class ProceduralBackgrounds {
    /** Names of the kinds, as the README records them. */
    private static final String[] KINDS = {"gradient", "smooth noise", "stripes", "tiles",
        "smooth noise with blobs"};

    /** A rendered background and its kind. */
    record Rendered(BufferedImage image, String kind) {}

    /**
     * Returns a new {@code TYPE_INT_RGB} background of the given size; all randomness comes from
     * {@code rng}, so the same generator state gives the same pixels.
     */
    Rendered render(int width, int height, SplittableRandom rng) {
        BufferedImage img = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = img.createGraphics();
        int kind = rng.nextInt(5);
        try {
            g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
            switch (kind) {
                case 0:
                    gradient(g, width, height, rng);
                    break;
                case 1:
                    smoothNoise(g, width, height, rng);
                    break;
                case 2:
                    stripes(g, width, height, rng);
                    break;
                case 3:
                    tiles(g, width, height, rng);
                    break;
                default:
                    smoothNoise(g, width, height, rng);
                    blobs(g, width, height, rng);
                    break;
            }
        } finally {
            g.dispose();
        }
        return new Rendered(img, KINDS[kind]);
    }

    /** A random, mostly muted colour (scenes are rarely saturated everywhere). */
    static Color randomColour(SplittableRandom rng) {
        float hue = (float) rng.nextDouble();
        float sat = (float) (rng.nextDouble() * rng.nextDouble());
        float bri = (float) (0.15 + 0.85 * rng.nextDouble());
        return Color.getHSBColor(hue, sat, bri);
    }

    private static void gradient(Graphics2D g, int w, int h, SplittableRandom rng) {
        if (rng.nextBoolean()) {
            g.setPaint(new GradientPaint((float) (rng.nextDouble() * w), 0, randomColour(rng),
                    (float) (rng.nextDouble() * w), h, randomColour(rng)));
        } else {
            Point2D centre = new Point2D.Double(rng.nextDouble() * w, rng.nextDouble() * h);
            float radius = (float) ((0.4 + rng.nextDouble()) * Math.max(w, h));
            g.setPaint(new RadialGradientPaint(centre, radius, new float[] {0f, 1f},
                    new Color[] {randomColour(rng), randomColour(rng)}));
        }
        g.fillRect(0, 0, w, h);
    }

    /** A small grid of random colours scaled up smoothly: cloudy, out-of-focus looking. */
    private static void smoothNoise(Graphics2D g, int w, int h, SplittableRandom rng) {
        int gw = 2 + rng.nextInt(9);
        int gh = 2 + rng.nextInt(9);
        BufferedImage grid = new BufferedImage(gw, gh, BufferedImage.TYPE_INT_RGB);
        Color base = randomColour(rng);
        for (int y = 0; y < gh; y++) {
            for (int x = 0; x < gw; x++) {
                grid.setRGB(x, y, rng.nextInt(3) == 0 ? randomColour(rng).getRGB()
                        : jitter(base, rng, 40).getRGB());
            }
        }
        g.setRenderingHint(RenderingHints.KEY_INTERPOLATION,
                RenderingHints.VALUE_INTERPOLATION_BILINEAR);
        g.drawImage(grid, 0, 0, w, h, null);
    }

    private static void stripes(Graphics2D g, int w, int h, SplittableRandom rng) {
        Color a = randomColour(rng);
        Color b = randomColour(rng);
        g.setColor(a);
        g.fillRect(0, 0, w, h);
        double period = (0.03 + 0.2 * rng.nextDouble()) * Math.max(w, h);
        g.rotate(rng.nextDouble() * Math.PI, w / 2.0, h / 2.0);
        g.setColor(b);
        int reach = w + h;
        for (double x = -reach; x < reach; x += period) {
            g.fill(new java.awt.geom.Rectangle2D.Double(x, -reach, period / 2, 3 * reach));
        }
    }

    private static void tiles(Graphics2D g, int w, int h, SplittableRandom rng) {
        Color a = randomColour(rng);
        Color mortar = jitter(a, rng, 60);
        g.setColor(mortar);
        g.fillRect(0, 0, w, h);
        int tile = 8 + rng.nextInt(Math.max(9, Math.min(w, h) / 5));
        boolean offsetRows = rng.nextBoolean();
        int gap = Math.max(1, tile / 10);
        for (int row = 0, y = 0; y < h; row++, y += tile) {
            int shift = offsetRows && row % 2 == 1 ? tile / 2 : 0;
            for (int x = -shift; x < w; x += tile) {
                g.setColor(jitter(a, rng, 18));
                g.fillRect(x + gap, y + gap, tile - gap, tile - gap);
            }
        }
    }

    private static void blobs(Graphics2D g, int w, int h, SplittableRandom rng) {
        int n = 3 + rng.nextInt(8);
        for (int i = 0; i < n; i++) {
            Color c = randomColour(rng);
            g.setColor(new Color(c.getRed(), c.getGreen(), c.getBlue(), 60 + rng.nextInt(120)));
            double r = (0.05 + 0.3 * rng.nextDouble()) * Math.max(w, h);
            g.fill(new Ellipse2D.Double(rng.nextDouble() * w - r, rng.nextDouble() * h - r,
                    2 * r * (0.5 + rng.nextDouble()), 2 * r));
        }
    }

    /** The colour moved by up to {@code amount} per channel. */
    static Color jitter(Color c, SplittableRandom rng, int amount) {
        return new Color(clamp(c.getRed() + rng.nextInt(2 * amount + 1) - amount),
                clamp(c.getGreen() + rng.nextInt(2 * amount + 1) - amount),
                clamp(c.getBlue() + rng.nextInt(2 * amount + 1) - amount));
    }

    static int clamp(int v) {
        return v < 0 ? 0 : Math.min(255, v);
    }
}
