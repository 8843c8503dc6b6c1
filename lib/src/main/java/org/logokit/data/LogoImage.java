package org.logokit.data;

import java.nio.file.Path;
import java.util.List;

/**
 * One image of a FlickrLogos-32 tree with its annotation, as listed (the pixels are read on demand
 * with {@link FlickrLogos32#read}).
 *
 * @param classId the image's class id ({@link LogoClasses}); every FlickrLogos-32 image shows one
 *     brand, or none ({@code no-logo})
 * @param fileName the file name, e.g. {@code 2651478911.jpg}
 * @param imagePath absolute path of the JPEG
 * @param boxFile absolute path of its {@code .bboxes.txt}, or null for {@code no-logo}
 * @param boxLines the boxes (XYXY float pixels, not yet clipped to the image) and their lines
 */
public record LogoImage(int classId, String fileName, Path imagePath, Path boxFile,
        List<BoxFile.Line> boxLines) {

    /** Copies the box list so the record stays immutable. */
    public LogoImage {
        boxLines = List.copyOf(boxLines);
    }

    /** The class name, e.g. {@code HP} or {@code no-logo}. */
    public String className() {
        return LogoClasses.nameOf(classId);
    }

    /** True for a {@code no-logo} image. */
    public boolean isNoLogo() {
        return classId == LogoClasses.NO_LOGO_ID;
    }

    /** The boxes as read from the box file: XYXY float pixels, not clipped to the image. */
    public List<PixelBox> boxes() {
        return boxLines.stream().map(BoxFile.Line::box).toList();
    }
}
