package org.logokit.data.synth;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.Shape;
import java.awt.geom.AffineTransform;
import java.awt.geom.Ellipse2D;
import java.awt.geom.Line2D;
import java.awt.geom.Path2D;
import java.awt.geom.Rectangle2D;
import java.awt.geom.RoundRectangle2D;
import java.util.Locale;
import java.util.SplittableRandom;

/**
 * Unlabelled marks that are not logos: random polygons, stars, ellipses, strokes and made-up words.
 * They teach a detector that "a shape with text" is not automatically a brand.
 */
final class Distractors {
    private static final String[] SYLLABLES = {"ka", "lo", "mi", "ven", "tor", "sa", "ri", "bu",
        "den", "pa", "xo", "ul", "ne", "gro", "fi", "zan", "mo", "te", "qui", "las", "ro", "vy"};
    private static final String[] FAMILIES = {Font.SANS_SERIF, Font.SERIF, Font.MONOSPACED,
        Font.DIALOG};

    private Distractors() {}

    /** Draws {@code count} random distractors anywhere on the image. */
    static void draw(Graphics2D g, int width, int height, int count, SplittableRandom rng) {
        for (int i = 0; i < count; i++) {
            // Sizes from small marks (as small as small logos) to large shapes.
            double size = (0.03 + 0.33 * Math.pow(rng.nextDouble(), 1.5)) * Math.min(width, height);
            double cx = rng.nextDouble() * width;
            double cy = rng.nextDouble() * height;
            Color c = ProceduralBackgrounds.randomColour(rng);
            if (rng.nextBoolean()) {
                c = Color.getHSBColor((float) rng.nextDouble(), 0.5f + 0.5f * (float) rng.nextDouble(),
                        0.3f + 0.7f * (float) rng.nextDouble());
            }
            g.setColor(new Color(c.getRed(), c.getGreen(), c.getBlue(), 150 + rng.nextInt(106)));
            Shape shape;
            switch (rng.nextInt(6)) {
                case 0:
                    shape = polygon(cx, cy, size / 2, 3 + rng.nextInt(6), false, rng);
                    break;
                case 1:
                    shape = polygon(cx, cy, size / 2, 5 + rng.nextInt(4), true, rng);
                    break;
                case 2:
                    shape = new Ellipse2D.Double(cx - size / 2, cy - size / 3, size,
                            size * (0.3 + 0.7 * rng.nextDouble()));
                    break;
                case 3:
                    shape = new BasicStroke((float) Math.max(1, size * 0.05 * rng.nextDouble()))
                            .createStrokedShape(new Line2D.Double(cx, cy,
                                    cx + (rng.nextDouble() - 0.5) * 3 * size,
                                    cy + (rng.nextDouble() - 0.5) * 3 * size));
                    break;
                default:
                    shape = word(cx, cy, size, rng, g);
                    break;
            }
            g.fill(shape);
        }
    }

    /** A regular-ish polygon or star around (cx, cy). */
    private static Shape polygon(double cx, double cy, double r, int n, boolean star,
            SplittableRandom rng) {
        Path2D.Double p = new Path2D.Double();
        double start = rng.nextDouble() * Math.PI;
        int points = star ? 2 * n : n;
        for (int i = 0; i < points; i++) {
            double radius = star && i % 2 == 1 ? r * 0.45 : r * (0.8 + 0.2 * rng.nextDouble());
            double a = start + 2 * Math.PI * i / points;
            double x = cx + radius * Math.cos(a);
            double y = cy + radius * Math.sin(a);
            if (i == 0) {
                p.moveTo(x, y);
            } else {
                p.lineTo(x, y);
            }
        }
        p.closePath();
        return p;
    }

    /** A made-up word, sometimes on a plate (the plate is painted here, the word returned). */
    private static Shape word(double cx, double cy, double size, SplittableRandom rng,
            Graphics2D g) {
        Font font = new Font(FAMILIES[rng.nextInt(FAMILIES.length)], rng.nextInt(4), 100);
        Shape text = WordMarks.textOutline(madeUpWord(rng), font);
        Rectangle2D b = text.getBounds2D();
        double scale = size * (0.3 + 0.4 * rng.nextDouble()) / b.getHeight();
        AffineTransform t = new AffineTransform();
        t.translate(cx, cy);
        t.rotate((rng.nextDouble() - 0.5) * 0.6);
        t.scale(scale, scale);
        t.translate(-b.getCenterX(), -b.getCenterY());
        Shape placed = t.createTransformedShape(text);
        if (rng.nextInt(3) == 0) {
            Color ink = g.getColor();
            Rectangle2D pb = placed.getBounds2D();
            double pad = pb.getHeight() * 0.3;
            g.setColor(ProceduralBackgrounds.randomColour(rng));
            g.fill(new RoundRectangle2D.Double(pb.getX() - pad, pb.getY() - pad,
                    pb.getWidth() + 2 * pad, pb.getHeight() + 2 * pad, pad, pad));
            g.setColor(ink);
        }
        return placed;
    }

    /** Random syllables that never spell a FlickrLogos-32 brand. */
    static String madeUpWord(SplittableRandom rng) {
        while (true) {
            StringBuilder s = new StringBuilder();
            int n = 1 + rng.nextInt(3);
            for (int i = 0; i < n; i++) {
                s.append(SYLLABLES[rng.nextInt(SYLLABLES.length)]);
            }
            String word = s.toString();
            String lower = word.toLowerCase(Locale.ROOT);
            boolean brandLike = BrandCatalog.BRANDS.stream()
                    .anyMatch(b -> lower.contains(b.toLowerCase(Locale.ROOT)));
            if (!brandLike) {
                return rng.nextBoolean() ? word.toUpperCase(Locale.ROOT)
                        : Character.toUpperCase(word.charAt(0)) + word.substring(1);
            }
        }
    }
}
