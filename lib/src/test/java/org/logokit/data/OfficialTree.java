package org.logokit.data;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Builds FlickrLogos-v2 trees at the official counts for tests (lists, empty images, boxes). */
public final class OfficialTree {
    private OfficialTree() {}

    /**
     * A tree at FlickrLogos-32's official counts with list files and placeholder (empty) image and
     * box files only: enough for the list arithmetic, no pixels.
     */
    public static Path listsOnly(Path dir) {
        try {
            Path root = dir.resolve("FlickrLogos-v2");
            List<String> train = new ArrayList<>();
            List<String> val = new ArrayList<>();
            List<String> test = new ArrayList<>();
            int id = 1;
            for (String brand : LogoClasses.BRANDS) {
                for (int k = 0; k < 70; k++) {
                    String file = (id++) + ".jpg";
                    (k < 10 ? train : k < 40 ? val : test).add(brand + "," + file);
                    touch(root.resolve("classes/jpg/" + brand + "/" + file));
                    Files.createDirectories(root.resolve("classes/masks/" + brand.toLowerCase()));
                    Files.writeString(root.resolve("classes/masks/" + brand.toLowerCase() + "/" + file
                            + ".bboxes.txt"), "x y width height\n1 1 5 5\n");
                }
            }
            for (int k = 0; k < 6000; k++) {
                String file = (id++) + ".jpg";
                (k < 3000 ? val : test).add("no-logo," + file);
                touch(root.resolve("classes/jpg/no-logo/" + file));
            }
            Files.write(root.resolve("trainset.txt"), train);
            Files.write(root.resolve("valset.txt"), val);
            Files.write(root.resolve("testset.txt"), test);
            return root;
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static void touch(Path p) throws IOException {
        Files.createDirectories(p.getParent());
        Files.createFile(p);
    }
}
