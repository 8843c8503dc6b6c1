package org.logokit.data.synth;

import java.awt.Rectangle;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.function.Predicate;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.stream.ImageOutputStream;
import javax.imageio.stream.MemoryCacheImageOutputStream;

/**
 * Writes files in FlickrLogos-32 v2's layout under a root folder and returns the SHA-256 of every
 * file written (for the manifest).
 *
 * <pre>
 * classes/jpg/&lt;class&gt;/&lt;id&gt;.jpg
 * classes/masks/&lt;class lower case&gt;/&lt;id&gt;.jpg.bboxes.txt     "x y width height" + one line per logo
 * classes/masks/&lt;class lower case&gt;/&lt;id&gt;.jpg.mask.&lt;k&gt;.png    one binary mask per logo, k = 0, 1, ...
 * classes/masks/&lt;class lower case&gt;/&lt;id&gt;.jpg.mask.merged.png
 * &lt;list&gt;.txt, &lt;list&gt;.relpaths.txt, &lt;list&gt;.spaces.txt
 * </pre>
 */
final class FlickrLogosTreeWriter {
    /** One written file: path relative to the root (with '/') and its SHA-256 in hex. */
    record FileEntry(String path, String sha256) {}

    private final Path root;

    FlickrLogosTreeWriter(Path root) {
        this.root = root;
    }

    /** Writes an image with its boxes and masks (no masks or boxes for no-logo images). */
    List<FileEntry> writeImage(ImagePlan.Entry entry, SceneComposer.Scene scene) {
        List<FileEntry> files = new ArrayList<>();
        String image = "classes/jpg/" + entry.className() + "/" + entry.fileName();
        files.add(write(image, jpeg(scene.image(), scene.jpegQuality())));
        if (!entry.hasLogo()) {
            return files;
        }
        String prefix = "classes/masks/" + BrandCatalog.maskFolder(entry.className()) + "/"
                + entry.fileName();
        StringBuilder boxes = new StringBuilder("x y width height\n");
        for (Rectangle b : scene.boxes()) {
            boxes.append(b.x).append(' ').append(b.y).append(' ').append(b.width).append(' ')
                    .append(b.height).append('\n');
        }
        files.add(write(prefix + ".bboxes.txt", boxes.toString().getBytes(StandardCharsets.UTF_8)));
        BufferedImage merged = new BufferedImage(scene.image().getWidth(),
                scene.image().getHeight(), BufferedImage.TYPE_BYTE_GRAY);
        byte[] mergedData = ((java.awt.image.DataBufferByte) merged.getRaster().getDataBuffer())
                .getData();
        for (int k = 0; k < scene.masks().size(); k++) {
            BufferedImage mask = scene.masks().get(k);
            byte[] data = ((java.awt.image.DataBufferByte) mask.getRaster().getDataBuffer())
                    .getData();
            for (int i = 0; i < data.length; i++) {
                mergedData[i] |= data[i];
            }
            files.add(write(prefix + ".mask." + k + ".png", png(mask)));
        }
        files.add(write(prefix + ".mask.merged.png", png(merged)));
        return files;
    }

    /**
     * Writes the list files: all, trainset, valset, testset, trainvalset; for lists holding both
     * logo and no-logo images also their {@code -logosonly} and {@code -nologos} parts; each as
     * {@code .txt} ({@code class,file}), {@code .relpaths.txt} ({@code classes/jpg/class/file})
     * and {@code .spaces.txt} ({@code class file}). Lines are sorted by class (data set order),
     * then file name.
     */
    List<FileEntry> writeLists(List<ImagePlan.Entry> entries) {
        List<ImagePlan.Entry> sorted = new ArrayList<>(entries);
        sorted.sort(Comparator.comparingInt((ImagePlan.Entry e) -> BrandCatalog.CLASSES
                .indexOf(e.className())).thenComparing(ImagePlan.Entry::fileName));
        List<FileEntry> files = new ArrayList<>();
        writeListFamily(files, "all", sorted, e -> true);
        writeListFamily(files, "trainset", sorted, e -> e.split() == SynthSplit.TRAIN);
        writeListFamily(files, "valset", sorted, e -> e.split() == SynthSplit.VAL);
        writeListFamily(files, "testset", sorted, e -> e.split() == SynthSplit.TEST);
        writeListFamily(files, "trainvalset", sorted, e -> e.split() != SynthSplit.TEST);
        return files;
    }

    private void writeListFamily(List<FileEntry> files, String name, List<ImagePlan.Entry> all,
            Predicate<ImagePlan.Entry> member) {
        List<ImagePlan.Entry> list = all.stream().filter(member).toList();
        writeList(files, name, list);
        List<ImagePlan.Entry> logos = list.stream().filter(ImagePlan.Entry::hasLogo).toList();
        if (!logos.isEmpty() && logos.size() < list.size()) {
            writeList(files, name + "-logosonly", logos);
            writeList(files, name + "-nologos",
                    list.stream().filter(e -> !e.hasLogo()).toList());
        }
    }

    private void writeList(List<FileEntry> files, String name, List<ImagePlan.Entry> list) {
        StringBuilder comma = new StringBuilder();
        StringBuilder rel = new StringBuilder();
        StringBuilder spaces = new StringBuilder();
        for (ImagePlan.Entry e : list) {
            comma.append(e.className()).append(',').append(e.fileName()).append('\n');
            rel.append("classes/jpg/").append(e.className()).append('/').append(e.fileName())
                    .append('\n');
            spaces.append(e.className()).append(' ').append(e.fileName()).append('\n');
        }
        files.add(write(name + ".txt", comma.toString().getBytes(StandardCharsets.UTF_8)));
        files.add(write(name + ".relpaths.txt", rel.toString().getBytes(StandardCharsets.UTF_8)));
        files.add(write(name + ".spaces.txt",
                spaces.toString().getBytes(StandardCharsets.UTF_8)));
    }

    /** Writes bytes to a path relative to the root, creating folders, and hashes them. */
    FileEntry write(String relative, byte[] bytes) {
        Path file = root.resolve(relative);
        try {
            Files.createDirectories(file.getParent());
            Files.write(file, bytes);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot write " + file + ": " + e.getMessage(), e);
        }
        return new FileEntry(relative, sha256(bytes));
    }

    static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JRE", e);
        }
    }

    /** JPEG bytes at a fixed quality (baseline JFIF, no metadata, so no timestamps). */
    static byte[] jpeg(BufferedImage image, float quality) {
        ImageWriter writer = ImageIO.getImageWritersByFormatName("jpeg").next();
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ImageOutputStream out = new MemoryCacheImageOutputStream(bytes)) {
            writer.setOutput(out);
            ImageWriteParam param = writer.getDefaultWriteParam();
            param.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
            param.setCompressionQuality(quality);
            writer.write(null, new IIOImage(image, null, null), param);
        } catch (IOException e) {
            throw new UncheckedIOException("JPEG encoding failed", e);
        } finally {
            writer.dispose();
        }
        return bytes.toByteArray();
    }

    /** PNG bytes (no metadata chunks, so no timestamps). */
    static byte[] png(BufferedImage image) {
        ImageWriter writer = ImageIO.getImageWritersByFormatName("png").next();
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        // An in-memory stream: ImageIO's default may spill to temporary files.
        try (ImageOutputStream out = new MemoryCacheImageOutputStream(bytes)) {
            writer.setOutput(out);
            writer.write(image);
        } catch (IOException e) {
            throw new UncheckedIOException("PNG encoding failed", e);
        } finally {
            writer.dispose();
        }
        return bytes.toByteArray();
    }
}
