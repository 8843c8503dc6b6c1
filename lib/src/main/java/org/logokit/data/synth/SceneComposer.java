package org.logokit.data.synth;

import java.awt.AlphaComposite;
import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Composite;
import java.awt.Graphics2D;
import java.awt.Rectangle;
import java.awt.RenderingHints;
import java.awt.Shape;
import java.awt.geom.AffineTransform;
import java.awt.geom.Area;
import java.awt.geom.Ellipse2D;
import java.awt.geom.Line2D;
import java.awt.geom.Rectangle2D;
import java.awt.geom.RoundRectangle2D;
import java.awt.image.BufferedImage;
import java.awt.image.ConvolveOp;
import java.awt.image.DataBufferInt;
import java.awt.image.Kernel;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import javax.imageio.ImageIO;

/**
 * Composes one synthetic photo: its planned background, distractors, then 1-5 logos of one brand,
 * then what a camera and the web do to a photo.
 *
 * <p>Each logo gets its own size, rotation, colour, blur, opacity and surface: flat and facing the
 * camera, on a plane tilted away from it (perspective), or wrapped round a cylinder (a bottle, a
 * can) with its shading. About {@value #SMALL_SHARE} of the logos are drawn small (square root of
 * the design's area 3-9.5 % of the picture's longest side, i.e. 10-30 pixels at a 320-pixel
 * input), as in FlickrLogos-32. Some are partly hidden by an occluder: a patch, a bar (a pole, a
 * strap) or a blob, painted or cut from a photo. Over the whole picture: lighting, motion blur or
 * defocus, sensor noise, lost resolution, and JPEG artefacts (a low-quality earlier save, and a
 * random final quality).
 *
 * <p>Each logo's mask is its transformed shape where it covers at least half a pixel, minus what
 * an occluder hides; its box is the tight bounding box of that mask, so boxes hug the visible
 * logo and always lie inside the image. All randomness comes from the per-image generator passed
 * in.
 */
final class SceneComposer {
    /** Share of logos drawn small (under about 32 × 32 pixels at a 320-pixel input). */
    static final double SMALL_SHARE = 0.33;
    /** Picture size the size rules are written for; other sizes scale with their longest side. */
    private static final double REFERENCE_SIDE = 320;

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
     * @param background what the background is, for the README: a photo crop or a procedural kind
     */
    record Scene(BufferedImage image, List<BufferedImage> masks, List<Rectangle> boxes,
            float jpegQuality, String background) {}

    /** Composes an image of {@code brand}, or a logo-free one when {@code brand} is null. */
    Scene compose(String brand, BackgroundPlan.Choice choice, SplittableRandom rng) {
        int width = choice.width();
        int height = choice.height();
        BufferedImage image;
        String background;
        if (choice.isPhoto()) {
            image = photos.render(choice.photo(), choice.crop(), choice.mirror(), width, height);
            Rectangle c = choice.crop();
            background = photos.photos().get(choice.photo()).photo().file() + " crop " + c.x
                    + "," + c.y + "," + c.width + "x" + c.height
                    + (choice.mirror() ? " mirrored" : "");
        } else {
            ProceduralBackgrounds.Rendered r = procedural.render(width, height, rng);
            image = r.image();
            background = "procedural " + r.kind();
        }
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
                for (int i = 0; i < count || (boxes.isEmpty() && i < count + 5); i++) {
                    // Every logo image shows a logo: after the planned ones failed (too small to
                    // see, no room), a few more tries at an ordinary size and fully inside.
                    boolean[] mask = placeLogo(g, image, design, count, taken, i >= count, rng);
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
        float quality = cameraAndWeb(image, rng);
        return new Scene(image, masks, boxes, quality, background);
    }

    /** Mostly one or two logos, sometimes up to five. */
    private static int logoCount(SplittableRandom rng) {
        double u = rng.nextDouble();
        return u < 0.55 ? 1 : u < 0.80 ? 2 : u < 0.90 ? 3 : u < 0.96 ? 4 : 5;
    }

    /** How one logo sits in the scene: drawn once per logo, the size may shrink when crowded. */
    private record Pose(double rotation, double shear, double tiltAxis, double tilt,
            double distance, double[] jitter, boolean cylinder, double wrap,
            boolean verticalAxis, double elevation, double light, double ambient,
            double highlight) {

        static Pose random(SplittableRandom rng) {
            double rotation = rotation(rng);
            double shear = rng.nextDouble() < 0.2 ? (rng.nextDouble() - 0.5) * 0.4 : 0;
            double u = rng.nextDouble();
            boolean cylinder = u >= 0.78;
            boolean tilted = u >= 0.52 && !cylinder;
            double tiltAxis = rng.nextDouble() * Math.PI;
            // Tilted planes lean 25-65 degrees away; cylinders are seen nearly face on.
            double tilt = tilted ? Math.toRadians(25 + 40 * rng.nextDouble())
                    : cylinder ? Math.toRadians(15 * rng.nextDouble()) : 0;
            double distance = 1.6 + 2.5 * rng.nextDouble();
            double perspective = rng.nextDouble() < 0.4 ? 0.06 * rng.nextDouble() : 0;
            double[] jitter = new double[8];
            for (int k = 0; k < 8; k++) {
                jitter[k] = (rng.nextDouble() - 0.5) * 2 * perspective;
            }
            double wrap = Math.toRadians(50 + 100 * rng.nextDouble());
            boolean vertical = rng.nextDouble() < 0.8;
            double elevation = (rng.nextDouble() - 0.5) * 0.24;
            double light = (rng.nextDouble() - 0.5) * 1.2;
            double ambient = 0.45 + 0.25 * rng.nextDouble();
            double highlight = rng.nextDouble() < 0.4 ? 0.25 + 0.3 * rng.nextDouble() : 0;
            return new Pose(rotation, shear, tiltAxis, tilt, distance, jitter, cylinder, wrap,
                    vertical, elevation, light, ambient, highlight);
        }

        /** Mostly upright, sometimes tilted, rarely on its side. */
        private static double rotation(SplittableRandom rng) {
            double u = rng.nextDouble();
            double deg = u < 0.7 ? (rng.nextDouble() - 0.5) * 16
                    : u < 0.95 ? (rng.nextDouble() - 0.5) * 60 : (rng.nextDouble() - 0.5) * 180;
            return Math.toRadians(deg);
        }

        /** The surface for a logo of the given size, centred on the origin. */
        SurfaceWarp surface(Rectangle2D bounds, double size) {
            double[] quad = quad(bounds, size);
            return cylinder
                    ? SurfaceWarp.cylinder(bounds, quad, wrap, verticalAxis, elevation, light,
                            ambient, highlight)
                    : SurfaceWarp.flat(bounds, quad);
        }

        /**
         * The design's rectangle scaled to area {@code size²}, sheared and rotated in its plane,
         * then the plane turned by {@code tilt} about an axis in it and seen in perspective from
         * {@code distance × size} away; corners jittered by up to the given fractions of size.
         */
        double[] quad(Rectangle2D bounds, double size) {
            double scale = size / Math.sqrt(bounds.getWidth() * bounds.getHeight());
            double hw = bounds.getWidth() * scale / 2;
            double hh = bounds.getHeight() * scale / 2;
            double[] corners = {-hw, -hh, hw, -hh, hw, hh, -hw, hh};
            AffineTransform t = AffineTransform.getRotateInstance(rotation);
            t.concatenate(AffineTransform.getShearInstance(shear, 0));
            double[] flat = new double[8];
            t.transform(corners, 0, flat, 0, 4);
            double ax = Math.cos(tiltAxis);
            double ay = Math.sin(tiltAxis);
            double cos = Math.cos(tilt);
            double sin = Math.sin(tilt);
            double eye = distance * Math.max(size, Math.max(hw, hh) * 2);
            double[] quad = new double[8];
            for (int k = 0; k < 8; k += 2) {
                double x = flat[k];
                double y = flat[k + 1];
                // Rodrigues' rotation of (x, y, 0) about the unit axis (ax, ay, 0).
                double along = ax * x + ay * y;
                double rx = x * cos + ax * along * (1 - cos);
                double ry = y * cos + ay * along * (1 - cos);
                double rz = (ax * y - ay * x) * sin;
                double w = eye / (eye + rz);
                quad[k] = rx * w + jitter[k] * size;
                quad[k + 1] = ry * w + jitter[k + 1] * size;
            }
            return quad;
        }
    }

    /**
     * Draws one logo onto the image and returns its mask over the whole image (row-major), or
     * null when it could not be placed without overlapping earlier logos.
     */
    private boolean[] placeLogo(Graphics2D g, BufferedImage image, LogoDesign design, int count,
            List<Rectangle2D> taken, boolean ordinary, SplittableRandom rng) {
        int width = image.getWidth();
        int height = image.getHeight();
        double side = Math.max(width, height);
        double minSide = Math.min(width, height);
        double minLogo = Math.max(8, 0.028 * side);
        Rectangle2D bounds = design.bounds();
        // Logo size = square root of its area, so wide word-marks are not thinner than icons.
        boolean small = rng.nextDouble() < SMALL_SHARE && !ordinary;
        double lo = small ? 0.03 : 0.095;
        double hi = small ? 0.095 : count == 1 ? 0.42 : 0.28;
        double size = Math.min(0.62 * minSide,
                Math.max(minLogo, side * lo * Math.pow(hi / lo, rng.nextDouble())));
        Pose pose = Pose.random(rng);
        boolean edgeCut = rng.nextDouble() < 0.08 && !ordinary;
        SurfaceWarp surface = null;
        List<Shape> shapes = null;
        Rectangle2D qb = null;
        for (int attempt = 0; attempt < 40; attempt++) {
            if (surface == null || (attempt > 0 && attempt % 10 == 0)) {
                if (surface != null) {
                    size = Math.max(minLogo, size * 0.8); // Crowded: try smaller.
                }
                surface = pose.surface(bounds, size);
                shapes = mapped(design, bounds, surface, size);
                qb = union(shapes);
            }
            double margin = Math.max(4, 0.15 * size);
            double cutX = edgeCut ? 0.35 * qb.getWidth() : -1;
            double cutY = edgeCut ? 0.35 * qb.getHeight() : -1;
            double spanX = width - qb.getWidth() + 2 * cutX;
            double spanY = height - qb.getHeight() + 2 * cutY;
            if (spanX <= 0 || spanY <= 0) {
                size *= 0.8;
                surface = null;
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
            AffineTransform move = AffineTransform.getTranslateInstance(dx, dy);
            List<Shape> moved = new ArrayList<>();
            shapes.forEach(s -> moved.add(move.createTransformedShape(s)));
            boolean[] mask = drawLogo(g, image, design, moved, surface.translated(dx, dy), placed,
                    size, small, rng);
            if (mask != null) {
                taken.add(placed);
            }
            return mask;
        }
        return null;
    }

    /** The design's layers mapped onto the surface (centred on the origin). */
    private static List<Shape> mapped(LogoDesign design, Rectangle2D bounds, SurfaceWarp surface,
            double size) {
        double unitsPerPixel = Math.max(bounds.getWidth(), bounds.getHeight())
                / Math.max(1, size * 1.8);
        List<Shape> shapes = new ArrayList<>();
        for (LogoDesign.Layer layer : design.layers()) {
            shapes.add(surface.apply(layer.shape(), 0.2 * unitsPerPixel, 2 * unitsPerPixel));
        }
        return shapes;
    }

    private static Rectangle2D union(List<Shape> shapes) {
        Rectangle2D box = null;
        for (Shape s : shapes) {
            Rectangle2D b = s.getBounds2D();
            box = box == null ? b : box.createUnion(b);
        }
        return box;
    }

    /**
     * Renders the mapped layers on a transparent layer, takes the layer's alpha as the mask,
     * then paints plate, logo (shaded on a cylinder) and occluder onto the image.
     */
    private boolean[] drawLogo(Graphics2D g, BufferedImage image, LogoDesign design,
            List<Shape> shapes, SurfaceWarp surface, Rectangle2D placed, double size,
            boolean small, SplittableRandom rng) {
        int width = image.getWidth();
        int height = image.getHeight();
        Rectangle2D qb = union(shapes);
        int pad = 3;
        Rectangle region = new Rectangle((int) Math.floor(qb.getX()) - pad,
                (int) Math.floor(qb.getY()) - pad, (int) Math.ceil(qb.getWidth()) + 2 * pad + 1,
                (int) Math.ceil(qb.getHeight()) + 2 * pad + 1)
                .intersection(new Rectangle(0, 0, width, height));
        if (region.isEmpty()) {
            return null;
        }
        List<Color> colours = colours(design, rng);
        BufferedImage layer = new BufferedImage(region.width, region.height,
                BufferedImage.TYPE_INT_ARGB_PRE);
        Graphics2D lg = layer.createGraphics();
        try {
            lg.setRenderingHint(RenderingHints.KEY_ANTIALIASING,
                    RenderingHints.VALUE_ANTIALIAS_ON);
            lg.setRenderingHint(RenderingHints.KEY_STROKE_CONTROL,
                    RenderingHints.VALUE_STROKE_PURE);
            lg.translate(-region.x, -region.y);
            for (int i = 0; i < shapes.size(); i++) {
                lg.setColor(colours.get(i));
                lg.fill(shapes.get(i));
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
        if (!surface.curved()) {
            plateIfNeeded(g, image, region, colours.get(colours.size() - 1), qb, placed, rng);
        } else {
            shade(argb, region, surface);
        }
        BufferedImage painted = layer;
        if (rng.nextDouble() < 0.2) {
            painted = blur(layer, small ? 1 : 1 + rng.nextInt(2));
        }
        float opacity = rng.nextDouble() < 0.2 ? (float) (0.75 + 0.25 * rng.nextDouble()) : 1f;
        Composite old = g.getComposite();
        g.setComposite(AlphaComposite.getInstance(AlphaComposite.SRC_OVER, opacity));
        g.drawImage(painted, region.x, region.y, null);
        g.setComposite(old);
        if (rng.nextDouble() < (small ? 0.12 : 0.3)) {
            occlude(g, mask, width, height, tightBox(mask, width, height), placed, rng);
        }
        return mask;
    }

    /** Cylinder shading of the (premultiplied) logo layer: light, shadow side, highlight. */
    private static void shade(int[] argb, Rectangle region, SurfaceWarp surface) {
        for (int y = 0; y < region.height; y++) {
            for (int x = 0; x < region.width; x++) {
                int i = y * region.width + x;
                int p = argb[i];
                int a = p >>> 24;
                if (a == 0) {
                    continue;
                }
                double px = region.x + x + 0.5;
                double py = region.y + y + 0.5;
                double f = surface.shade(px, py);
                double s = surface.specular(px, py) * a;
                int r = (int) Math.min(a, ((p >> 16) & 255) * f + s);
                int gr = (int) Math.min(a, ((p >> 8) & 255) * f + s);
                int b = (int) Math.min(a, (p & 255) * f + s);
                argb[i] = (a << 24) | (r << 16) | (gr << 8) | b;
            }
        }
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
     * anyway, like a sign). The plate is not part of the logo: not in its mask or box. It stays
     * inside the logo's reserved rectangle, so it never hides another logo.
     */
    private static void plateIfNeeded(Graphics2D g, BufferedImage image, Rectangle region,
            Color ink, Rectangle2D qb, Rectangle2D placed, SplittableRandom rng) {
        double bg = meanLuminance(image, region);
        double fg = luminance(ink.getRGB());
        boolean lowContrast = Math.abs(bg - fg) < 0.25;
        if (!lowContrast && rng.nextDouble() >= 0.15) {
            return;
        }
        Color plate = fg > 0.5 ? ProceduralBackgrounds.jitter(new Color(30, 30, 40), rng, 25)
                : ProceduralBackgrounds.jitter(new Color(235, 235, 228), rng, 18);
        double m = 0.08 * Math.max(qb.getWidth(), qb.getHeight()) + 2;
        Shape s = rng.nextBoolean()
                ? new RoundRectangle2D.Double(qb.getX() - m, qb.getY() - m, qb.getWidth() + 2 * m,
                        qb.getHeight() + 2 * m, m * 2, m * 2)
                : new Ellipse2D.Double(qb.getX() - m, qb.getY() - m,
                        qb.getWidth() + 2 * m, qb.getHeight() + 2 * m);
        Shape oldClip = g.getClip();
        g.clip(placed);
        g.setColor(plate);
        g.fill(s);
        g.setClip(oldClip);
    }

    /**
     * Something in front of the logo: a patch from one side, a bar across it (a pole, a strap) or
     * a blob, painted or cut from a photo. It never hides more than 45 % of the logo (else it is
     * left out) and stays inside the logo's reserved rectangle; what it covers leaves the mask.
     */
    private void occlude(Graphics2D g, boolean[] mask, int width, int height, Rectangle box,
            Rectangle2D placed, SplittableRandom rng) {
        if (box == null || box.width < 4 || box.height < 4) {
            return;
        }
        double w = box.width;
        double h = box.height;
        Shape patch;
        switch (rng.nextInt(3)) {
            case 0: { // a patch from one side
                double depth = 0.1 + 0.3 * rng.nextDouble();
                double along = 0.4 + 0.6 * rng.nextDouble();
                double offset = rng.nextDouble();
                double outX = 0.3 * w;
                double outY = 0.3 * h;
                Rectangle2D r;
                switch (rng.nextInt(4)) {
                    case 0:
                        r = new Rectangle2D.Double(box.x - outX, box.y + (1 - along) * h * offset,
                                outX + depth * w, along * h);
                        break;
                    case 1:
                        r = new Rectangle2D.Double(box.x + (1 - depth) * w,
                                box.y + (1 - along) * h * offset, outX + depth * w, along * h);
                        break;
                    case 2:
                        r = new Rectangle2D.Double(box.x + (1 - along) * w * offset, box.y - outY,
                                along * w, outY + depth * h);
                        break;
                    default:
                        r = new Rectangle2D.Double(box.x + (1 - along) * w * offset,
                                box.y + (1 - depth) * h, along * w, outY + depth * h);
                        break;
                }
                patch = rng.nextBoolean() ? r
                        : new RoundRectangle2D.Double(r.getX(), r.getY(), r.getWidth(),
                                r.getHeight(), 0.5 * r.getWidth(), 0.5 * r.getHeight());
                break;
            }
            case 1: { // a bar across: a pole, a cable, a strap
                double thickness = (0.08 + 0.14 * rng.nextDouble()) * Math.min(w, h) + 1;
                double angle = rng.nextDouble() * Math.PI;
                double cx = box.x + w * (0.2 + 0.6 * rng.nextDouble());
                double cy = box.y + h * (0.2 + 0.6 * rng.nextDouble());
                double reach = w + h;
                patch = new BasicStroke((float) thickness).createStrokedShape(new Line2D.Double(
                        cx - reach * Math.cos(angle), cy - reach * Math.sin(angle),
                        cx + reach * Math.cos(angle), cy + reach * Math.sin(angle)));
                break;
            }
            default: { // a blob over a corner or an edge
                double rx = (0.2 + 0.25 * rng.nextDouble()) * w;
                double ry = (0.2 + 0.35 * rng.nextDouble()) * h;
                double cx = box.x + (rng.nextBoolean() ? 0 : w) + (rng.nextDouble() - 0.5) * 0.4 * w;
                double cy = box.y + h * rng.nextDouble();
                patch = new Ellipse2D.Double(cx - rx, cy - ry, 2 * rx, 2 * ry);
                break;
            }
        }
        Area hidden = new Area(patch);
        hidden.intersect(new Area(placed));
        int visible = 0;
        int covered = 0;
        for (int y = box.y; y < box.y + box.height; y++) {
            for (int x = box.x; x < box.x + box.width; x++) {
                if (mask[y * width + x]) {
                    visible++;
                    if (hidden.contains(x + 0.5, y + 0.5)) {
                        covered++;
                    }
                }
            }
        }
        if (covered > 0.45 * visible) {
            return; // It would hide too much of the logo to leave a fair label.
        }
        boolean textured = photos.size() > 0 && rng.nextBoolean();
        Shape oldClip = g.getClip();
        g.clip(hidden);
        if (textured) {
            // A piece of another photo: looks like a real object in front of the logo.
            int index = rng.nextInt(photos.size());
            int pw = photos.width(index);
            int ph = photos.height(index);
            Rectangle2D hb = hidden.getBounds2D();
            int cw = Math.max(1, Math.min(pw, (int) Math.ceil(hb.getWidth() * (1 + rng.nextDouble()))));
            int ch = Math.max(1, Math.min(ph, (int) Math.ceil(hb.getHeight() * (1 + rng.nextDouble()))));
            Rectangle crop = new Rectangle(rng.nextInt(pw - cw + 1), rng.nextInt(ph - ch + 1), cw,
                    ch);
            BufferedImage piece = photos.render(index, crop, false,
                    Math.max(1, (int) Math.ceil(hb.getWidth())),
                    Math.max(1, (int) Math.ceil(hb.getHeight())));
            g.drawImage(piece, (int) Math.floor(hb.getX()), (int) Math.floor(hb.getY()), null);
        } else {
            g.setColor(ProceduralBackgrounds.randomColour(rng));
            g.fill(hidden);
        }
        g.setClip(oldClip);
        for (int y = box.y; y < box.y + box.height; y++) {
            for (int x = box.x; x < box.x + box.width; x++) {
                if (mask[y * width + x] && hidden.contains(x + 0.5, y + 0.5)) {
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

    /**
     * What the camera and the web do to the picture, in order: lighting and contrast, motion blur
     * (camera shake) or defocus, sensor noise, lost resolution (a photo scaled down and up again),
     * an earlier low-quality JPEG save; returns the quality of the final save.
     */
    private static float cameraAndWeb(BufferedImage image, SplittableRandom rng) {
        int w = image.getWidth();
        int h = image.getHeight();
        double scale = Math.max(w, h) / REFERENCE_SIDE;
        int[] px = ((DataBufferInt) image.getRaster().getDataBuffer()).getData();
        double contrast = rng.nextDouble() < 0.5 ? 0.75 + 0.45 * rng.nextDouble() : 1;
        double brightness = rng.nextDouble() < 0.5 ? (rng.nextDouble() - 0.5) * 50 : 0;
        // A linear light fall-off across the picture.
        boolean light = rng.nextDouble() < 0.3;
        double gx = light ? (rng.nextDouble() - 0.5) * 70 / w : 0;
        double gy = light ? (rng.nextDouble() - 0.5) * 70 / h : 0;
        if (contrast != 1 || brightness != 0 || light) {
            for (int i = 0; i < px.length; i++) {
                double shift = brightness + gx * (i % w - w / 2.0) + gy * (i / w - h / 2.0);
                int p = px[i];
                px[i] = (tone((p >> 16) & 255, contrast, shift) << 16)
                        | (tone((p >> 8) & 255, contrast, shift) << 8)
                        | tone(p & 255, contrast, shift);
            }
        }
        double u = rng.nextDouble();
        if (u < 0.14) {
            double length = (3 + 6 * rng.nextDouble()) * scale;
            filter(image, motionKernel(length, rng.nextDouble() * Math.PI));
        } else if (u < 0.24) {
            filter(image, new Kernel(3, 3, new float[] {1 / 16f, 2 / 16f, 1 / 16f, 2 / 16f,
                4 / 16f, 2 / 16f, 1 / 16f, 2 / 16f, 1 / 16f}));
        }
        if (rng.nextDouble() < 0.4) {
            double noise = 2 + 7 * rng.nextDouble();
            // Noise from a generator split off the image's own: the same every run.
            SplittableRandom noiseRng = rng.split();
            for (int i = 0; i < px.length; i++) {
                int p = px[i];
                px[i] = (noisy((p >> 16) & 255, noise, noiseRng) << 16)
                        | (noisy((p >> 8) & 255, noise, noiseRng) << 8)
                        | noisy(p & 255, noise, noiseRng);
            }
        }
        if (rng.nextDouble() < 0.1) {
            double factor = 0.45 + 0.3 * rng.nextDouble();
            int sw = Math.max(1, (int) Math.round(w * factor));
            int sh = Math.max(1, (int) Math.round(h * factor));
            BufferedImage down = resized(image, sw, sh);
            copyInto(image, resized(down, w, h));
        }
        if (rng.nextDouble() < 0.22) {
            // Saved once at a low quality before (re-uploaded, screenshotted): blocking, ringing.
            float earlier = (float) (0.15 + 0.3 * rng.nextDouble());
            copyInto(image, decode(FlickrLogosTreeWriter.jpeg(image, earlier)));
        }
        double q = rng.nextDouble() < 0.25 ? 0.35 + 0.35 * rng.nextDouble()
                : 0.7 + 0.25 * rng.nextDouble();
        return (float) (Math.round(q * 100) / 100.0);
    }

    /** A normalised line kernel of the given length (pixels) and direction: camera shake. */
    static Kernel motionKernel(double length, double angle) {
        int n = 2 * (int) Math.ceil(length / 2) + 1;
        float[] k = new float[n * n];
        int c = n / 2;
        int steps = Math.max(2, (int) Math.ceil(length * 4));
        double sum = 0;
        for (int s = 0; s <= steps; s++) {
            double t = (s / (double) steps - 0.5) * length;
            double x = c + t * Math.cos(angle);
            double y = c + t * Math.sin(angle);
            // Bilinear splat, so any direction gives a smooth line.
            int x0 = (int) Math.floor(x);
            int y0 = (int) Math.floor(y);
            double fx = x - x0;
            double fy = y - y0;
            for (int dy = 0; dy <= 1; dy++) {
                for (int dx = 0; dx <= 1; dx++) {
                    int xx = Math.min(n - 1, Math.max(0, x0 + dx));
                    int yy = Math.min(n - 1, Math.max(0, y0 + dy));
                    double wgt = (dx == 0 ? 1 - fx : fx) * (dy == 0 ? 1 - fy : fy);
                    k[yy * n + xx] += (float) wgt;
                    sum += wgt;
                }
            }
        }
        for (int i = 0; i < k.length; i++) {
            k[i] = (float) (k[i] / sum);
        }
        return new Kernel(n, n, k);
    }

    private static void filter(BufferedImage image, Kernel kernel) {
        // Edge pixels are repeated outwards first, so the border is blurred like the rest.
        int m = kernel.getWidth() / 2;
        int w = image.getWidth();
        int h = image.getHeight();
        int[] src = ((DataBufferInt) image.getRaster().getDataBuffer()).getData();
        BufferedImage padded = new BufferedImage(w + 2 * m, h + 2 * m,
                BufferedImage.TYPE_INT_RGB);
        int[] dst = ((DataBufferInt) padded.getRaster().getDataBuffer()).getData();
        int pw = w + 2 * m;
        for (int y = 0; y < h + 2 * m; y++) {
            int sy = Math.min(h - 1, Math.max(0, y - m));
            for (int x = 0; x < pw; x++) {
                dst[y * pw + x] = src[sy * w + Math.min(w - 1, Math.max(0, x - m))];
            }
        }
        BufferedImage out = new ConvolveOp(kernel, ConvolveOp.EDGE_NO_OP, null)
                .filter(padded, null);
        image.getRaster().setRect(-m, -m, out.getRaster());
    }

    private static BufferedImage resized(BufferedImage image, int w, int h) {
        BufferedImage out = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = out.createGraphics();
        try {
            g.setRenderingHint(RenderingHints.KEY_INTERPOLATION,
                    RenderingHints.VALUE_INTERPOLATION_BILINEAR);
            g.drawImage(image, 0, 0, w, h, null);
        } finally {
            g.dispose();
        }
        return out;
    }

    private static BufferedImage decode(byte[] jpeg) {
        try {
            return ImageIO.read(new ByteArrayInputStream(jpeg));
        } catch (IOException e) {
            throw new UncheckedIOException("JPEG decoding failed", e);
        }
    }

    /** Copies {@code source} (same size) into {@code target}, whatever the source's type. */
    private static void copyInto(BufferedImage target, BufferedImage source) {
        Graphics2D g = target.createGraphics();
        try {
            g.setComposite(AlphaComposite.Src);
            g.drawImage(source, 0, 0, null);
        } finally {
            g.dispose();
        }
    }

    private static int tone(int v, double contrast, double shift) {
        double out = (v - 128) * contrast + 128 + shift;
        return out < 0 ? 0 : out > 255 ? 255 : (int) Math.round(out);
    }

    private static int noisy(int v, double noise, SplittableRandom rng) {
        // Sum of uniforms: cheap, roughly Gaussian, standard deviation about `noise`.
        double out = v + (rng.nextDouble() + rng.nextDouble() + rng.nextDouble() - 1.5) * 2 * noise;
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
