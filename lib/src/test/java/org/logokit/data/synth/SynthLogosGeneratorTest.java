package org.logokit.data.synth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.Rectangle;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Generates the mini size once (procedural backgrounds) and checks the tree it wrote. */
class SynthLogosGeneratorTest {
    @TempDir
    static Path temp;
    static SynthSummary summary;
    static Path root;

    @BeforeAll
    static void generateMini() {
        summary = SynthLogosGenerator.builder().size(SynthSize.MINI).seed(7)
                .output(temp.resolve("a")).threads(2).backgrounds(temp.resolve("no-photos"))
                .progress(false).build().generate();
        root = summary.root();
    }

    private static List<String> lines(String file) throws IOException {
        return Files.readAllLines(root.resolve(file));
    }

    @Test
    void countsPerSplitFollowTheMiniSize() throws IOException {
        SynthSize mini = SynthSize.MINI;
        assertEquals(mini.totalImages(), summary.images());
        assertEquals(mini.totalImages(), lines("all.txt").size());
        assertEquals(32 * mini.trainPerBrand(), lines("trainset.txt").size());
        assertEquals(32 * mini.valPerBrand() + mini.noLogoPerEvalSplit(),
                lines("valset.txt").size());
        assertEquals(32 * mini.testPerBrand() + mini.noLogoPerEvalSplit(),
                lines("testset.txt").size());
        assertEquals(lines("trainset.txt").size() + lines("valset.txt").size(),
                lines("trainvalset.txt").size());
        assertEquals(mini.noLogoPerEvalSplit(), lines("valset-nologos.txt").size());
        assertEquals(32 * mini.valPerBrand(), lines("valset-logosonly.txt").size());
        // Every class appears in every split it should: all brands in train, val and test.
        for (String split : List.of("trainset.txt", "valset.txt", "testset.txt")) {
            Set<String> classes = lines(split).stream().map(l -> l.split(",")[0])
                    .collect(Collectors.toSet());
            assertTrue(classes.containsAll(BrandCatalog.BRANDS), split);
        }
    }

    @Test
    void standardSizeHasFlickrLogos32sExactCounts() {
        SynthSize s = SynthSize.STANDARD;
        assertEquals(8240, s.totalImages());
        assertEquals(320, 32 * s.trainPerBrand());
        assertEquals(3960, 32 * s.valPerBrand() + s.noLogoPerEvalSplit());
        assertEquals(3960, 32 * s.testPerBrand() + s.noLogoPerEvalSplit());
        assertEquals(s.totalImages(), SynthSize.FULL.totalImages());
    }

    @Test
    void listVariantsAgreeLineByLine() throws IOException {
        for (String base : List.of("all", "trainset", "valset", "testset", "trainvalset",
                "valset-logosonly", "testset-nologos")) {
            List<String> comma = lines(base + ".txt");
            List<String> rel = lines(base + ".relpaths.txt");
            List<String> spaces = lines(base + ".spaces.txt");
            assertEquals(comma.size(), rel.size(), base);
            for (int i = 0; i < comma.size(); i++) {
                String[] p = comma.get(i).split(",");
                assertEquals("classes/jpg/" + p[0] + "/" + p[1], rel.get(i));
                assertEquals(p[0] + " " + p[1], spaces.get(i));
                assertTrue(Files.isRegularFile(root.resolve(rel.get(i))), rel.get(i));
            }
        }
        assertFalse(Files.exists(root.resolve("trainset-nologos.txt")),
                "train has no no-logo images, so no split variants");
    }

    @Test
    void idsAreNumericAndUniqueAcrossClasses() throws IOException {
        Set<String> files = new HashSet<>();
        for (String line : lines("all.txt")) {
            String file = line.split(",")[1];
            assertTrue(file.matches("\\d{10}\\.jpg"), file);
            assertTrue(files.add(file), "duplicate " + file);
        }
    }

    @Test
    void hpImagesAreUnderHpButItsMasksUnderLowerCase() throws IOException {
        assertTrue(Files.isDirectory(root.resolve("classes/jpg/HP")));
        assertTrue(Files.isDirectory(root.resolve("classes/masks/hp")));
        try (Stream<Path> s = Files.list(root.resolve("classes/masks"))) {
            Set<String> names = s.map(p -> p.getFileName().toString()).collect(Collectors.toSet());
            assertFalse(names.contains("HP"));
            assertFalse(names.contains("no-logo"), "no-logo has no masks");
            assertEquals(32, names.size());
        }
    }

    @Test
    void boxesAreTheTightBoundsOfTheirMasksInsideTheImage() throws IOException {
        int logos = 0;
        for (String line : lines("all-logosonly.txt")) {
            String[] p = line.split(",");
            BufferedImage image = ImageIO.read(root.resolve("classes/jpg/" + p[0] + "/" + p[1])
                    .toFile());
            Path masks = root.resolve("classes/masks/" + BrandCatalog.maskFolder(p[0]));
            List<String> boxLines = Files.readAllLines(masks.resolve(p[1] + ".bboxes.txt"));
            assertEquals("x y width height", boxLines.get(0));
            assertTrue(boxLines.size() >= 2 && boxLines.size() <= 6, line + ": 1-5 logos");
            BufferedImage merged = ImageIO.read(masks.resolve(p[1] + ".mask.merged.png").toFile());
            boolean[] union = new boolean[image.getWidth() * image.getHeight()];
            for (int k = 0; k < boxLines.size() - 1; k++) {
                String[] v = boxLines.get(k + 1).split(" ");
                Rectangle box = new Rectangle(Integer.parseInt(v[0]), Integer.parseInt(v[1]),
                        Integer.parseInt(v[2]), Integer.parseInt(v[3]));
                assertTrue(new Rectangle(0, 0, image.getWidth(), image.getHeight()).contains(box),
                        line + " box " + box + " inside the image");
                BufferedImage mask = ImageIO.read(masks.resolve(p[1] + ".mask." + k + ".png")
                        .toFile());
                assertEquals(image.getWidth(), mask.getWidth());
                assertEquals(image.getHeight(), mask.getHeight());
                assertEquals(box, maskBounds(mask, union), line + " mask " + k);
                logos++;
            }
            for (int y = 0; y < image.getHeight(); y++) {
                for (int x = 0; x < image.getWidth(); x++) {
                    assertEquals(union[y * image.getWidth() + x],
                            (merged.getRaster().getSample(x, y, 0)) == 255, "merged mask");
                }
            }
            assertFalse(Files.exists(masks.resolve(p[1] + ".mask." + (boxLines.size() - 1)
                    + ".png")), "one mask per box");
        }
        assertEquals(summary.logos(), logos);
    }

    /** Tight bounds of a binary mask (values only 0 or 255); marks its pixels in {@code union}. */
    private static Rectangle maskBounds(BufferedImage mask, boolean[] union) {
        int x0 = Integer.MAX_VALUE, y0 = Integer.MAX_VALUE, x1 = -1, y1 = -1;
        for (int y = 0; y < mask.getHeight(); y++) {
            for (int x = 0; x < mask.getWidth(); x++) {
                int v = mask.getRaster().getSample(x, y, 0);
                assertTrue(v == 0 || v == 255, "binary mask");
                if (v == 255) {
                    x0 = Math.min(x0, x);
                    y0 = Math.min(y0, y);
                    x1 = Math.max(x1, x);
                    y1 = Math.max(y1, y);
                    union[y * mask.getWidth() + x] = true;
                }
            }
        }
        return new Rectangle(x0, y0, x1 - x0 + 1, y1 - y0 + 1);
    }

    @Test
    void manifestHashesEveryFileButItselfAndTheRunInfo() throws IOException {
        Map<String, String> manifest = manifest(root);
        Set<String> onDisk;
        try (Stream<Path> s = Files.walk(root)) {
            onDisk = s.filter(Files::isRegularFile).map(p -> root.relativize(p).toString()
                    .replace('\\', '/')).collect(Collectors.toSet());
        }
        onDisk.remove(SynthLogosGenerator.MANIFEST_FILE);
        onDisk.remove(GenerationRun.INFO_FILE);
        assertEquals(onDisk, manifest.keySet());
        for (String file : List.of("all.txt", "README.md", manifest.keySet().iterator().next())) {
            assertEquals(FlickrLogosTreeWriter.sha256(Files.readAllBytes(root.resolve(file))),
                    manifest.get(file), file);
        }
    }

    @Test
    void readmeSaysItIsSyntheticAndHowToRegenerate() throws IOException {
        String readme = Files.readString(root.resolve("README.md"));
        assertTrue(readme.contains("not FlickrLogos-32"));
        assertTrue(readme.contains("--size mini --seed 7"));
        assertTrue(readme.contains("procedural only"));
        assertTrue(readme.contains("CC0"));
        assertFalse(readme.contains(temp.toString()), "no machine-specific paths");
    }

    @Test
    void sameSeedGivesIdenticalFilesWhateverTheThreadCount() throws IOException {
        SynthSummary again = SynthLogosGenerator.builder().size(SynthSize.MINI).seed(7)
                .output(temp.resolve("b")).threads(1).backgrounds(temp.resolve("no-photos"))
                .progress(false).build().generate();
        assertEquals(Files.readString(root.resolve(SynthLogosGenerator.MANIFEST_FILE)),
                Files.readString(again.root().resolve(SynthLogosGenerator.MANIFEST_FILE)));
        assertEquals(summary.logos(), again.logos());
    }

    @Test
    void completeTreeIsReusedAndNoPartialFolderRemains() throws IOException {
        assertTrue(SynthLogosGenerator.isComplete(temp.resolve("a")));
        try (Stream<Path> s = Files.list(temp.resolve("a"))) {
            assertEquals(List.of(SynthLogosGenerator.DATASET_FOLDER),
                    s.map(p -> p.getFileName().toString()).toList());
        }
        SynthSummary second = SynthLogosGenerator.builder().size(SynthSize.MINI).seed(7)
                .output(temp.resolve("a")).backgrounds(temp.resolve("no-photos")).progress(false)
                .build().generate();
        assertTrue(second.reused());
        assertEquals(summary.images(), second.images());
        assertEquals(summary.logos(), second.logos());
    }

    @Test
    void photoBackgroundsAreUsedWhenPresentAndLeftoversOfDeadRunsAreRemoved()
            throws IOException {
        Path photos = Files.createDirectories(temp.resolve("photos"));
        BufferedImage photo = new BufferedImage(300, 200, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = photo.createGraphics();
        g.setColor(new Color(40, 120, 200));
        g.fillRect(0, 0, 300, 200);
        g.setColor(Color.ORANGE);
        g.fillOval(50, 50, 100, 80);
        g.dispose();
        ImageIO.write(photo, "png", photos.resolve("chelsea.png").toFile());
        Files.writeString(photos.resolve("ignored.txt"), "not a photo");
        Path out = temp.resolve("c");
        // A leftover of an interrupted run by a process that no longer exists.
        Path stale = Files.createDirectories(out.resolve(".FlickrLogos-v2.partial-999999999"));
        Files.writeString(stale.resolve("junk.txt"), "half a tree");
        SynthSummary withPhotos = SynthLogosGenerator.builder().size(SynthSize.MINI).seed(7)
                .output(out).backgrounds(photos).progress(false).build().generate();
        assertTrue(withPhotos.backgrounds().startsWith("photos (1"), withPhotos.backgrounds());
        String readme = Files.readString(withPhotos.root().resolve("README.md"));
        assertTrue(readme.contains("`chelsea.png`"), readme);
        assertTrue(readme.contains("(no two images share a crop)"), readme);
        assertTrue(readme.contains(" chelsea.png crop "), "per-image background lines");
        // A tree made without photos is made again once photos are there.
        SynthLogosGenerator.Builder later = SynthLogosGenerator.builder().size(SynthSize.MINI)
                .seed(9).output(temp.resolve("d")).progress(false);
        assertFalse(later.backgrounds(temp.resolve("no-photos")).build().generate().reused());
        assertTrue(later.build().generate().reused(), "still no photos: reused");
        assertFalse(later.backgrounds(photos).build().generate().reused(),
                "procedural tree made again with the photos");
        assertFalse(Files.exists(stale), "stale partial tree removed");
        assertFalse(manifest(withPhotos.root()).equals(manifest(root)),
                "photos change the images");
    }

    @Test
    void aSubstantialShareOfTheLogosIsSmallAtTheDetectorsInputSize() throws IOException {
        int boxes = 0;
        int small = 0;
        for (String line : lines("all-logosonly.txt")) {
            String[] p = line.split(",");
            BufferedImage image = ImageIO.read(root.resolve("classes/jpg/" + p[0] + "/" + p[1])
                    .toFile());
            // Box area after scaling the picture to a longest side of 320 pixels.
            double s = 320.0 / Math.max(image.getWidth(), image.getHeight());
            Path file = root.resolve("classes/masks/" + BrandCatalog.maskFolder(p[0]) + "/" + p[1]
                    + ".bboxes.txt");
            for (String box : Files.readAllLines(file).subList(1, Files.readAllLines(file).size())) {
                String[] v = box.split(" ");
                boxes++;
                if (Integer.parseInt(v[2]) * s * Integer.parseInt(v[3]) * s < 32 * 32) {
                    small++;
                }
            }
        }
        double share = small / (double) boxes;
        assertTrue(share > 0.2 && share < 0.5, "small share " + share);
        String readme = Files.readString(root.resolve("README.md"));
        assertTrue(readme.contains("Small logos: " + small + " of the " + boxes + " boxes"),
                "the README states the share it has");
    }

    @Test
    void readmeRecordsTheBackgroundOfEveryImage() throws IOException {
        String readme = Files.readString(root.resolve("README.md"));
        String block = readme.substring(readme.indexOf("## Background of every image"));
        List<String> all = lines("all.txt");
        for (String line : all) {
            String[] p = line.split(",");
            assertTrue(block.contains("\n" + p[0] + "/" + p[1] + " procedural "), line);
        }
        long described = block.lines().filter(l -> l.matches("[A-Za-z-]+/\\d{10}\\.jpg .+"))
                .count();
        assertEquals(all.size(), described);
    }

    @Test
    void aTreeOfAnOlderGeneratorVersionIsGeneratedAgain() throws IOException {
        Path out = temp.resolve("old");
        SynthLogosGenerator.Builder b = SynthLogosGenerator.builder().size(SynthSize.MINI).seed(7)
                .output(out).threads(2).backgrounds(temp.resolve("no-photos")).progress(false);
        b.build().generate();
        Path info = out.resolve(SynthLogosGenerator.DATASET_FOLDER).resolve(GenerationRun.INFO_FILE);
        Files.writeString(info, Files.readString(info).replace(
                "\"generatorVersion\": \"" + SynthLogosGenerator.VERSION + "\"",
                "\"generatorVersion\": \"1.0\""));
        SynthSummary again = b.build().generate();
        assertFalse(again.reused(), "made again");
        assertTrue(Files.readString(info).contains("\"generatorVersion\": \""
                + SynthLogosGenerator.VERSION + "\""));
        assertTrue(b.build().generate().reused(), "and reused once current");
    }

    @Test
    void unwritableOutputGivesAClearMessage() throws IOException {
        Path file = Files.writeString(temp.resolve("a-file"), "x");
        UncheckedIOException e = assertThrows(UncheckedIOException.class,
                () -> SynthLogosGenerator.builder().output(file.resolve("sub")).progress(false)
                        .build().generate());
        assertTrue(e.getMessage().contains(file.resolve("sub").toString()), e.getMessage());
    }

    @Test
    void sizeNamesParseAndBadOnesSayWhatIsAllowed() {
        assertEquals(SynthSize.STANDARD, SynthSize.parse(" Standard "));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> SynthSize.parse("huge"));
        assertTrue(e.getMessage().contains("mini, standard or full"));
    }

    @Test
    void commandLineRejectsBadArgumentsWithExitCode2AndReusesACompleteTree() {
        assertEquals(2, SynthLogosGenerator.run(new String[] {"--size", "huge"}));
        assertEquals(2, SynthLogosGenerator.run(new String[] {"--seed", "x"}));
        assertEquals(2, SynthLogosGenerator.run(new String[] {"--threads"}));
        assertEquals(2, SynthLogosGenerator.run(new String[] {"--colour", "red"}));
        assertEquals(0, SynthLogosGenerator.run(new String[] {"--help"}));
        assertEquals(0, SynthLogosGenerator.run(new String[] {"--size", "mini", "--seed", "7",
            "--out", temp.resolve("a").toString(), "--backgrounds",
            temp.resolve("no-photos").toString(), "--quiet"}));
    }

    private static Map<String, String> manifest(Path tree) throws IOException {
        Map<String, String> m = new TreeMap<>();
        for (String line : Files.readAllLines(tree.resolve(SynthLogosGenerator.MANIFEST_FILE))) {
            m.put(line.substring(66), line.substring(0, 64));
        }
        return m;
    }
}
