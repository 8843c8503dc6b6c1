package org.logokit.data.synth;

import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import javax.imageio.ImageIO;

/**
 * Backgrounds cut from real photographs: a random crop (position, scale, aspect fitted to the
 * target, optional mirror) of one of the photos in a folder, scaled to the target size.
 *
 * <p>The folder is filled by {@code data-scripts/fetch-backgrounds} (scikit-image's sample photos
 * from Debian's {@code python3-skimage}, public domain / CC0). Photos are loaded once, in file-name
 * order, so the same folder gives the same backgrounds.
 */
final class PhotoBackgrounds implements BackgroundSource {
    /** The photos the kit uses when present (other image files in the folder are ignored). */
    static final List<String> KNOWN = List.of("astronaut.png", "brick.png", "chelsea.png",
            "coffee.png", "grass.png", "gravel.png", "hubble_deep_field.jpg", "retina.jpg",
            "rocket.jpg");
    private static final int MAX_SIDE = 1024;

    private final List<BufferedImage> photos;
    private final List<String> names;
    private final List<String> sha256;

    private PhotoBackgrounds(List<BufferedImage> photos, List<String> names, List<String> sha256) {
        this.photos = photos;
        this.names = names;
        this.sha256 = sha256;
    }

    /**
     * Loads the known photos found in {@code folder}. Returns an empty source (no photos) when the
     * folder is null or missing; unreadable files are skipped.
     */
    static PhotoBackgrounds load(Path folder) {
        List<BufferedImage> photos = new ArrayList<>();
        List<String> names = new ArrayList<>();
        List<String> hashes = new ArrayList<>();
        if (folder != null && Files.isDirectory(folder)) {
            List<Path> files;
            try (Stream<Path> s = Files.list(folder)) {
                files = s.filter(p -> KNOWN.contains(p.getFileName().toString()
                        .toLowerCase(Locale.ROOT))).sorted().toList();
            } catch (IOException e) {
                files = List.of();
            }
            for (Path file : files) {
                try {
                    byte[] bytes = Files.readAllBytes(file);
                    BufferedImage img;
                    try (InputStream in = new java.io.ByteArrayInputStream(bytes)) {
                        img = ImageIO.read(in);
                    }
                    if (img == null) {
                        continue;
                    }
                    photos.add(toRgb(img));
                    names.add(file.getFileName().toString());
                    hashes.add(HexFormat.of().formatHex(
                            MessageDigest.getInstance("SHA-256").digest(bytes)));
                } catch (IOException | NoSuchAlgorithmException e) {
                    // A broken photo is skipped; the README lists the photos actually used.
                }
            }
        }
        return new PhotoBackgrounds(List.copyOf(photos), List.copyOf(names), List.copyOf(hashes));
    }

    /** Number of photos available. */
    int size() {
        return photos.size();
    }

    /** File names of the photos used, in order. */
    List<String> names() {
        return names;
    }

    /** SHA-256 of each photo file, in the order of {@link #names()}. */
    List<String> sha256() {
        return sha256;
    }

    @Override
    public BufferedImage render(int width, int height, SplittableRandom rng) {
        BufferedImage photo = photos.get(rng.nextInt(photos.size()));
        double targetAspect = width / (double) height;
        // Crop as large as 100% or as small as 30% of the largest crop with the target's aspect.
        double maxW = Math.min(photo.getWidth(), photo.getHeight() * targetAspect);
        double scale = 0.3 + 0.7 * rng.nextDouble();
        int cw = Math.max(1, (int) Math.round(maxW * scale));
        int ch = Math.max(1, (int) Math.round(cw / targetAspect));
        cw = Math.min(cw, photo.getWidth());
        ch = Math.min(ch, photo.getHeight());
        int cx = rng.nextInt(photo.getWidth() - cw + 1);
        int cy = rng.nextInt(photo.getHeight() - ch + 1);
        boolean mirror = rng.nextBoolean();
        BufferedImage out = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = out.createGraphics();
        try {
            g.setRenderingHint(RenderingHints.KEY_INTERPOLATION,
                    RenderingHints.VALUE_INTERPOLATION_BILINEAR);
            if (mirror) {
                g.drawImage(photo, width, 0, 0, height, cx, cy, cx + cw, cy + ch, null);
            } else {
                g.drawImage(photo, 0, 0, width, height, cx, cy, cx + cw, cy + ch, null);
            }
        } finally {
            g.dispose();
        }
        return out;
    }

    /** Converts to RGB (grey textures too) and caps the size so crops stay cheap. */
    private static BufferedImage toRgb(BufferedImage img) {
        double shrink = Math.min(1.0, MAX_SIDE / (double) Math.max(img.getWidth(), img.getHeight()));
        int w = (int) Math.round(img.getWidth() * shrink);
        int h = (int) Math.round(img.getHeight() * shrink);
        BufferedImage rgb = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = rgb.createGraphics();
        try {
            g.setRenderingHint(RenderingHints.KEY_INTERPOLATION,
                    RenderingHints.VALUE_INTERPOLATION_BILINEAR);
            g.drawImage(img, 0, 0, w, h, null);
        } finally {
            g.dispose();
        }
        return rgb;
    }
}
