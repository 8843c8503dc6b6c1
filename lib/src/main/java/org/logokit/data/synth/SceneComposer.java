package org.logokit.data.synth;

import java.awt.AlphaComposite;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.Rectangle;
import java.awt.RenderingHints;
import java.awt.Shape;
import java.awt.geom.AffineTransform;
import java.awt.geom.Ellipse2D;
import java.awt.geom.Path2D;
import java.awt.geom.Rectangle2D;
import java.awt.geom.RoundRectangle2D;
import java.awt.image.BufferedImage;
import java.awt.image.ConvolveOp;
import java.awt.image.DataBufferInt;
import java.awt.image.Kernel;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Composes one synthetic photo: background, distractors, then 1-5 logos of one brand, each with
 * its own scale, rotation, perspective, colour, blur, opacity and occlusion, then global lighting,
 * noise and blur.
 *
 * <p>Each logo's mask is its transformed alpha (threshold 50%), minus what an occluding patch
 * hides; its box is the tight bounding box of that mask, so boxes hug the visible logo and always
 * lie inside the image. All randomness comes from the per-image generator passed in.
 */
final class SceneComposer {
    /** Smallest logo size (square root of its area) in pixels. */
    private static final double MIN_LOGO = 16;
    private static final double[] ASPECTS = {4 / 3.0, 4 / 3.0, 3 / 2.0, 1, 3 / 4.0, 2 / 3.0,
        16 / 9.0};

    private final PhotoBackgrounds photos;
    private final ProceduralBackgrounds procedural = new ProceduralBackgrounds();

    SceneComposer(PhotoBackgrounds photos) {
        this.photos = photos;
    }

    /**
     * A composed image with its logos.
     *
     * @param image the RGB picture
     * @param masks one {@code TYPE_BYTE_GRAY} mask per logo, 255 on the logo, 0 elsewhere
     * @param boxes one box per logo: tight pixel bounds of the mask (x, y, width, height; x right,
     *     y down, integer pixels, inclusive of both edge pixels)
     * @param jpegQuality quality to save the picture with, 0..1
     */
    record Scene(BufferedImage image, List<BufferedImage> masks, List<Rectangle> boxes,
            float jpegQuality) {}

    /** Composes an image of {@code brand}, or a logo-free one when {@code brand} is null. */
    Scene compose(String brand, int longestSide, SplittableRandom rng) {
        double aspect = ASPECTS[rng.nextInt(ASPECTS.length)];
        int width = aspect >= 1 ? longestSide : (int) Math.round(longestSide * aspect);
        int height = aspect >= 1 ? (int) Math.round(longestSide / aspect) : longestSide;
        BufferedImage image = background(width, height, rng);
        Graphics2D g = image.createGraphics();
        List<BufferedImage> masks = new ArrayList<>();
        List<Rectangle> boxes = new ArrayList<>();
        try {
            g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
            g.setRenderingHint(RenderingHints.KEY_RENDERING, RenderingHints.VALUE_RENDER_QUALITY);
            int distractors = brand == null ? 1 + rng.nextInt(5) : rng.nextInt(3);
            Distractors.draw(g, width, height, distractors, rng);
            if (brand != null) {
                LogoDesign design = BrandCatalog.design(brand);
                int count = logoCount(rng);
                List<Rectangle2D> taken = new ArrayList<>();
                for (int i = 0; i < count; i++) {
                    boolean[] mask = placeLogo(g, image, design, count, taken, rng);
                    if (mask == null) {
                        continue; // No free room for another logo: fewer logos in this image.
                    }
                    Rectangle box = tightBox(mask, width, height);
                    if (box != null) {
                        masks.add(toMaskImage(mask, width, height));
                        boxes.add(box);
                    }
                }
            }
        } finally {
            g.dispose();
        }
        globalEffects(image, rng);
        float quality = (float) (Math.round((0.55 + 0.4 * rng.nextDouble()) * 100) / 100.0);
        return new Scene(image, masks, boxes, quality);
    }

    /** Mostly one or two logos, sometimes up to five. */
    private static int logoCount(SplittableRandom rng) {
        double u = rng.nextDouble();
        return u < 0.55 ? 1 : u < 0.80 ? 2 : u < 0.90 ? 3 : u < 0.96 ? 4 : 5;
    }

    private BufferedImage background(int width, int height, SplittableRandom rng) {
        boolean photo = photos != null && photos.size() > 0 && rng.nextDouble() < 0.65;
        BufferedImage bg = photo ? photos.render(width, height, rng)
                : procedural.render(width, height, rng);
        if (photo && rng.nextDouble() < 0.2) {
            // Now and then a procedural veil over the photo: more variety from few photos.
            BufferedImage veil = procedural.render(width, height, rng);
            Graphics2D g = bg.createGraphics();
            g.setComposite(AlphaComposite.getInstance(AlphaComposite.SRC_OVER,
                    (float) (0.2 + 0.3 * rng.nextDouble())));
            g.drawImage(veil, 0, 0, null);
            g.dispose();
        }
        return bg;
    }

    /**
     * Draws one logo onto the image and returns its mask over the whole image (row-major), or
     * null when it could not be placed without overlapping earlier logos.
     */
    private boolean[] placeLogo(Graphics2D g, BufferedImage image, LogoDesign design, int count,
            List<Rectangle2D> taken, SplittableRandom rng) {
        int width = image.getWidth();
        int height = image.getHeight();
        double minSide = Math.min(width, height);
        Rectangle2D bounds = design.bounds();
        // Logo size = square root of its area, so wide word-marks are not thinner than icons.
        double lo = count == 1 ? 0.15 : 0.10;
        double hi = count == 1 ? 0.55 : 0.35;
        double size = Math.max(MIN_LOGO, minSide * lo * Math.pow(hi / lo, rng.nextDouble()));
        double rotation = rotation(rng);
        double shear = rng.nextDouble() < 0.25 ? (rng.nextDouble() - 0.5) * 0.4 : 0;
        double perspective = rng.nextDouble() < 0.5 ? 0.12 * rng.nextDouble() : 0;
        double[] jitter = new double[8];
        for (int k = 0; k < 8; k++) {
            jitter[k] = (rng.nextDouble() - 0.5) * 2 * perspective;
        }
        boolean edgeCut = rng.nextDouble() < 0.08;
        for (int attempt = 0; attempt < 40; attempt++) {
            if (attempt > 0 && attempt % 10 == 0) {
                size = Math.max(MIN_LOGO, size * 0.8); // Crowded: try smaller.
            }
            double[] quad = quad(bounds, size, rotation, shear, jitter);
            Rectangle2D qb = quadBounds(quad);
            double margin = Math.max(6, 0.15 * size);
            double cutX = edgeCut ? 0.35 * qb.getWidth() : -1;
            double cutY = edgeCut ? 0.35 * qb.getHeight() : -1;
            double spanX = width - qb.getWidth() + 2 * cutX;
            double spanY = height - qb.getHeight() + 2 * cutY;
            if (spanX <= 0 || spanY <= 0) {
                size *= 0.8;
                continue;
            }
            double dx = -cutX - qb.getX() + rng.nextDouble() * spanX;
            double dy = -cutY - qb.getY() + rng.nextDouble() * spanY;
            Rectangle2D placed = new Rectangle2D.Double(qb.getX() + dx - margin,
                    qb.getY() + dy - margin, qb.getWidth() + 2 * margin,
                    qb.getHeight() + 2 * margin);
            if (taken.stream().anyMatch(placed::intersects)) {
                continue;
            }
            for (int k = 0; k < 8; k += 2) {
                quad[k] += dx;
                quad[k + 1] += dy;
            }
            boolean[] mask = drawLogo(g, image, design, bounds, quad, margin, rng);
            if (mask != null) {
                taken.add(placed);
            }
            return mask;
        }
        return null;
    }

    /** Mostly upright, sometimes tilted, rarely on its side. */
    private static double rotation(SplittableRandom rng) {
        double u = rng.nextDouble();
        double deg = u < 0.7 ? (rng.nextDouble() - 0.5) * 16
                : u < 0.95 ? (rng.nextDouble() - 0.5) * 60 : (rng.nextDouble() - 0.5) * 180;
        return Math.toRadians(deg);
    }

    /**
     * The design's rectangle scaled to area {@code size²}, sheared, rotated, corners jittered by
     * up to the given fractions of {@code size}.
     */
    private static double[] quad(Rectangle2D bounds, double size, double rotation, double shear,
            double[] jitter) {
        double scale = size / Math.sqrt(bounds.getWidth() * bounds.getHeight());
        double hw = bounds.getWidth() * scale / 2;
        double hh = bounds.getHeight() * scale / 2;
        double[] corners = {-hw, -hh, hw, -hh, hw, hh, -hw, hh};
        AffineTransform t = AffineTransform.getRotateInstance(rotation);
        t.concatenate(AffineTransform.getShearInstance(shear, 0));
        double[] quad = new double[8];
        t.transform(corners, 0, quad, 0, 4);
        for (int k = 0; k < 8; k++) {
            quad[k] += jitter[k] * size;
        }
        return quad;
    }

    private static Rectangle2D quadBounds(double[] q) {
        double x0 = Math.min(Math.min(q[0], q[2]), Math.min(q[4], q[6]));
        double x1 = Math.max(Math.max(q[0], q[2]), Math.max(q[4], q[6]));
        double y0 = Math.min(Math.min(q[1], q[3]), Math.min(q[5], q[7]));
        double y1 = Math.max(Math.max(q[1], q[3]), Math.max(q[5], q[7]));
        return new Rectangle2D.Double(x0, y0, x1 - x0, y1 - y0);
    }

    /**
     * Renders the design into the quad on a transparent layer, takes the layer's alpha as the
     * mask, then paints plate, logo and occluder onto the image.
     */
    private boolean[] drawLogo(Graphics2D g, BufferedImage image, LogoDesign design,
            Rectangle2D bounds, double[] quad, double margin, SplittableRandom rng) {
        int width = image.getWidth();
        int height = image.getHeight();
        Rectangle2D qb = quadBounds(quad);
        int pad = 3;
        Rectangle region = new Rectangle((int) Math.floor(qb.getX()) - pad,
                (int) Math.floor(qb.getY()) - pad, (int) Math.ceil(qb.getWidth()) + 2 * pad + 1,
                (int) Math.ceil(qb.getHeight()) + 2 * pad + 1)
                .intersection(new Rectangle(0, 0, width, height));
        if (region.isEmpty()) {
            return null;
        }
        ProjectiveTransform warp = ProjectiveTransform.rectToQuad(bounds, quad);
        double pixelsPerUnit = Math.max(qb.getWidth(), qb.getHeight())
                / Math.max(bounds.getWidth(), bounds.getHeight());
        double flatness = 0.2 / pixelsPerUnit;
        List<Color> colours = colours(design, rng);
        BufferedImage layer = new BufferedImage(region.width, region.height,
                BufferedImage.TYPE_INT_ARGB_PRE);
        Graphics2D lg = layer.createGraphics();
        Path2D.Double union = new Path2D.Double();
        try {
            lg.setRenderingHint(RenderingHints.KEY_ANTIALIASING,
                    RenderingHints.VALUE_ANTIALIAS_ON);
            lg.setRenderingHint(RenderingHints.KEY_STROKE_CONTROL,
                    RenderingHints.VALUE_STROKE_PURE);
            lg.translate(-region.x, -region.y);
            for (int i = 0; i < design.layers().size(); i++) {
                Shape mapped = warp.apply(design.layers().get(i).shape(), flatness);
                lg.setColor(colours.get(i));
                lg.fill(mapped);
                union.append(mapped, false);
            }
        } finally {
            lg.dispose();
        }
        // Mask: where the (sharp) logo covers at least half a pixel.
        int[] argb = ((DataBufferInt) layer.getRaster().getDataBuffer()).getData();
        boolean[] mask = new boolean[width * height];
        int pixels = 0;
        for (int y = 0; y < region.height; y++) {
            for (int x = 0; x < region.width; x++) {
                if ((argb[y * region.width + x] >>> 24) >= 128) {
                    mask[(y + region.y) * width + x + region.x] = true;
                    pixels++;
                }
            }
        }
        if (pixels < 12) {
            return null; // Too little of it inside the image to be a fair label.
        }
        plateIfNeeded(g, image, region, colours.get(colours.size() - 1), qb, margin, rng);
        BufferedImage painted = layer;
        if (rng.nextDouble() < 0.2) {
            painted = blur(layer, 1 + rng.nextInt(2));
        }
        float opacity = rng.nextDouble() < 0.2 ? (float) (0.8 + 0.2 * rng.nextDouble()) : 1f;
        java.awt.Composite old = g.getComposite();
        g.setComposite(AlphaComposite.getInstance(AlphaComposite.SRC_OVER, opacity));
        g.drawImage(painted, region.x, region.y, null);
        g.setComposite(old);
        if (rng.nextDouble() < 0.2) {
            occlude(g, mask, width, height, tightBox(mask, width, height), margin, rng);
        }
        return mask;
    }

    /** Brand colours, jittered; word-marks sometimes swap emblem and ink colours. */
    private static List<Color> colours(LogoDesign design, SplittableRandom rng) {
        List<Color> base = new ArrayList<>();
        design.layers().forEach(l -> base.add(l.color()));
        double u = rng.nextDouble();
        if (base.size() == 1 && u < 0.3) {
            Color only = u < 0.12 ? Color.WHITE : u < 0.24 ? new Color(20, 20, 20)
                    : ProceduralBackgrounds.randomColour(rng);
            base.set(0, only);
        } else if (base.size() > 1 && u < 0.15) {
            Color first = base.get(0);
            base.set(0, base.get(base.size() - 1));
            base.set(base.size() - 1, first);
        }
        List<Color> out = new ArrayList<>();
        double bright = 0.8 + 0.3 * rng.nextDouble();
        double sat = 0.8 + 0.3 * rng.nextDouble();
        for (Color c : base) {
            float[] hsb = Color.RGBtoHSB(c.getRed(), c.getGreen(), c.getBlue(), null);
            out.add(Color.getHSBColor(hsb[0], (float) Math.min(1, hsb[1] * sat),
                    (float) Math.min(1, Math.max(0.05, hsb[2] * bright))));
        }
        return out;
    }

    /**
     * A plate behind the logo when it would barely stand out from the background (or sometimes
     * anyway, like a sign). The plate is not part of the logo: not in its mask or box.
     */
    private static void plateIfNeeded(Graphics2D g, BufferedImage image, Rectangle region,
            Color ink, Rectangle2D qb, double margin, SplittableRandom rng) {
        double bg = meanLuminance(image, region);
        double fg = luminance(ink.getRGB());
        boolean lowContrast = Math.abs(bg - fg) < 0.25;
        if (!lowContrast && rng.nextDouble() >= 0.15) {
            return;
        }
        Color plate = fg > 0.5 ? ProceduralBackgrounds.jitter(new Color(30, 30, 40), rng, 25)
                : ProceduralBackgrounds.jitter(new Color(235, 235, 228), rng, 18);
        // The plate stays inside the logo's reserved margin, so it never hides another logo.
        double m = Math.min(0.08 * Math.max(qb.getWidth(), qb.getHeight()) + 2, margin - 1);
        Shape s = rng.nextBoolean()
                ? new RoundRectangle2D.Double(qb.getX() - m, qb.getY() - m, qb.getWidth() + 2 * m,
                        qb.getHeight() + 2 * m, m * 2, m * 2)
                : new Ellipse2D.Double(qb.getX() - m, qb.getY() - m,
                        qb.getWidth() + 2 * m, qb.getHeight() + 2 * m);
        g.setColor(plate);
        g.fill(s);
    }

    /** A patch over one side of the logo; what it covers leaves the mask. */
    private static void occlude(Graphics2D g, boolean[] mask, int width, int height,
            Rectangle box, double margin, SplittableRandom rng) {
        if (box == null || box.width < 4 || box.height < 4) {
            return;
        }
        double depth = 0.1 + 0.2 * rng.nextDouble();
        int side = rng.nextInt(4);
        double along = 0.4 + 0.6 * rng.nextDouble();
        double w = box.width;
        double h = box.height;
        // It reaches out of the box by at most the reserved margin, so no other logo is hidden.
        double outX = Math.min(0.3 * w, margin - 1);
        double outY = Math.min(0.3 * h, margin - 1);
        double offset = rng.nextDouble();
        Rectangle2D r;
        switch (side) {
            case 0: // from the left
                r = new Rectangle2D.Double(box.x - outX, box.y + (1 - along) * h * offset,
                        outX + depth * w, along * h);
                break;
            case 1: // from the right
                r = new Rectangle2D.Double(box.x + (1 - depth) * w, box.y + (1 - along) * h * offset,
                        outX + depth * w, along * h);
                break;
            case 2: // from the top
                r = new Rectangle2D.Double(box.x + (1 - along) * w * offset, box.y - outY,
                        along * w, outY + depth * h);
                break;
            default: // from the bottom
                r = new Rectangle2D.Double(box.x + (1 - along) * w * offset, box.y + (1 - depth) * h,
                        along * w, outY + depth * h);
                break;
        }
        Shape patch = rng.nextBoolean() ? r
                : new Ellipse2D.Double(r.getX(), r.getY(), r.getWidth(), r.getHeight());
        g.setColor(ProceduralBackgrounds.randomColour(rng));
        g.fill(patch);
        for (int y = box.y; y < box.y + box.height; y++) {
            for (int x = box.x; x < box.x + box.width; x++) {
                if (mask[y * width + x] && patch.contains(x + 0.5, y + 0.5)) {
                    mask[y * width + x] = false;
                }
            }
        }
    }

    /** Tight box of the true pixels, or null when there are none. */
    static Rectangle tightBox(boolean[] mask, int width, int height) {
        int x0 = width;
        int y0 = height;
        int x1 = -1;
        int y1 = -1;
        for (int y = 0; y < height; y++) {
            int row = y * width;
            for (int x = 0; x < width; x++) {
                if (mask[row + x]) {
                    x0 = Math.min(x0, x);
                    x1 = Math.max(x1, x);
                    y0 = Math.min(y0, y);
                    y1 = y;
                }
            }
        }
        return x1 < 0 ? null : new Rectangle(x0, y0, x1 - x0 + 1, y1 - y0 + 1);
    }

    private static BufferedImage toMaskImage(boolean[] mask, int width, int height) {
        BufferedImage img = new BufferedImage(width, height, BufferedImage.TYPE_BYTE_GRAY);
        byte[] data = ((java.awt.image.DataBufferByte) img.getRaster().getDataBuffer()).getData();
        for (int i = 0; i < mask.length; i++) {
            data[i] = mask[i] ? (byte) 255 : 0;
        }
        return img;
    }

    /** Box blur of radius r on a premultiplied layer (so edges blur towards transparent). */
    private static BufferedImage blur(BufferedImage layer, int r) {
        int n = 2 * r + 1;
        float[] k = new float[n * n];
        Arrays.fill(k, 1f / (n * n));
        return new ConvolveOp(new Kernel(n, n, k), ConvolveOp.EDGE_ZERO_FILL, null)
                .filter(layer, null);
    }

    /** Lighting, contrast, sensor noise and defocus over the whole picture. */
    private static void globalEffects(BufferedImage image, SplittableRandom rng) {
        int[] px = ((DataBufferInt) image.getRaster().getDataBuffer()).getData();
        double contrast = rng.nextDouble() < 0.5 ? 0.8 + 0.4 * rng.nextDouble() : 1;
        double brightness = rng.nextDouble() < 0.5 ? (rng.nextDouble() - 0.5) * 40 : 0;
        double noise = rng.nextDouble() < 0.4 ? 2 + 6 * rng.nextDouble() : 0;
        // A linear light fall-off across the picture.
        boolean light = rng.nextDouble() < 0.3;
        double gx = light ? (rng.nextDouble() - 0.5) * 60 / image.getWidth() : 0;
        double gy = light ? (rng.nextDouble() - 0.5) * 60 / image.getHeight() : 0;
        if (contrast != 1 || brightness != 0 || noise > 0 || light) {
            int w = image.getWidth();
            // Noise from a generator seeded by the image's own: the same every run.
            SplittableRandom noiseRng = rng.split();
            for (int i = 0; i < px.length; i++) {
                double shift = brightness + gx * (i % w - w / 2.0) + gy * (i / w - image.getHeight() / 2.0);
                int p = px[i];
                int r = tone((p >> 16) & 255, contrast, shift, noise, noiseRng);
                int gr = tone((p >> 8) & 255, contrast, shift, noise, noiseRng);
                int b = tone(p & 255, contrast, shift, noise, noiseRng);
                px[i] = (r << 16) | (gr << 8) | b;
            }
        }
        if (rng.nextDouble() < 0.12) {
            BufferedImage blurred = new ConvolveOp(new Kernel(3, 3, new float[] {1 / 16f, 2 / 16f,
                1 / 16f, 2 / 16f, 4 / 16f, 2 / 16f, 1 / 16f, 2 / 16f, 1 / 16f}),
                    ConvolveOp.EDGE_NO_OP, null).filter(image, null);
            image.getRaster().setRect(blurred.getRaster());
        }
    }

    private static int tone(int v, double contrast, double shift, double noise,
            SplittableRandom rng) {
        double out = (v - 128) * contrast + 128 + shift;
        if (noise > 0) {
            // Sum of uniforms: cheap, roughly Gaussian, standard deviation about `noise`.
            out += (rng.nextDouble() + rng.nextDouble() + rng.nextDouble() - 1.5) * 2 * noise;
        }
        return out < 0 ? 0 : out > 255 ? 255 : (int) Math.round(out);
    }

    private static double meanLuminance(BufferedImage image, Rectangle region) {
        double sum = 0;
        int n = 0;
        int step = Math.max(1, Math.min(region.width, region.height) / 12);
        for (int y = region.y; y < region.y + region.height; y += step) {
            for (int x = region.x; x < region.x + region.width; x += step) {
                sum += luminance(image.getRGB(x, y));
                n++;
            }
        }
        return n == 0 ? 0.5 : sum / n;
    }

    private static double luminance(int rgb) {
        return (0.299 * ((rgb >> 16) & 255) + 0.587 * ((rgb >> 8) & 255) + 0.114 * (rgb & 255))
                / 255.0;
    }
}
