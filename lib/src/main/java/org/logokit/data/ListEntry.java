package org.logokit.data;

/**
 * One line of a FlickrLogos-32 list file, whatever its variant.
 *
 * @param classId the class id ({@link LogoClasses})
 * @param fileName the image's file name, e.g. {@code 2651478911.jpg}
 * @param line the 1-based line number it came from
 */
public record ListEntry(int classId, String fileName, int line) {

    /** The image's path relative to the dataset root: {@code classes/jpg/<class>/<file>}. */
    public String relativePath() {
        return "classes/jpg/" + LogoClasses.imageFolder(classId) + "/" + fileName;
    }
}
