package org.logokit.data.synth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.Rectangle;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The photo catalogue, its import from unpacked packages, and how crops are dealt out. */
class BackgroundPhotosTest {
    @TempDir
    Path temp;

    @Test
    void catalogueListsAtLeastFiftyDistinctPhotosEachWithALicence() {
        List<BackgroundPhotos.Photo> photos = BackgroundPhotos.catalog();
        assertTrue(photos.size() >= BackgroundPhotos.MIN_PHOTOS, "photos: " + photos.size());
        Set<String> files = new HashSet<>();
        Set<String> members = new HashSet<>();
        for (BackgroundPhotos.Photo p : photos) {
            assertTrue(files.add(p.file()), "stored name used twice: " + p.file());
            assertTrue(members.add(p.debianPackage() + "/" + p.member()), "same source twice");
            assertTrue(p.file().matches("[a-z0-9-]+\\.jpg"), p.file());
            assertFalse(p.licence().isBlank(), p.file());
            assertFalse(p.author().isBlank(), p.file());
            assertFalse(p.member().startsWith("/"), p.member());
        }
        assertTrue(BackgroundPhotos.byPackage().size() >= 4, "several packages");
    }

    /** Writes a test picture where the catalogue expects photo {@code p} inside its package. */
    private static void unpack(Path extracted, BackgroundPhotos.Photo p, int w, int h)
            throws IOException {
        Path file = extracted.resolve(p.debianPackage()).resolve(p.member());
        Files.createDirectories(file.getParent());
        BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = img.createGraphics();
        g.setColor(new Color(30, 90, 160));
        g.fillRect(0, 0, w, h);
        g.setColor(Color.ORANGE);
        g.fillOval(w / 4, h / 4, w / 2, h / 2);
        g.dispose();
        ImageIO.write(img, p.member().endsWith(".png") ? "png" : "jpg", file.toFile());
    }

    @Test
    void importScalesPhotosWritesTheirLicencesAndReportsMissingOnes() throws IOException {
        List<BackgroundPhotos.Photo> catalog = BackgroundPhotos.catalog();
        Path extracted = temp.resolve("x");
        BackgroundPhotos.Photo big = catalog.get(0);
        BackgroundPhotos.Photo small = catalog.get(catalog.size() - 1);
        unpack(extracted, big, 2048, 1536);
        unpack(extracted, small, 600, 400);
        Path dest = temp.resolve("backgrounds");
        BackgroundPhotos.ImportReport report = BackgroundPhotos.importFrom(extracted, dest,
                Map.of(big.debianPackage(), "1.2-3"));
        assertEquals(2, report.imported());
        assertEquals(catalog.size() - 2, report.missing().size());
        BufferedImage stored = ImageIO.read(dest.resolve(big.file()).toFile());
        assertEquals(BackgroundPhotos.STORED_SIDE, stored.getWidth(), "longest side capped");
        assertEquals(768, stored.getHeight(), "aspect kept");
        assertEquals(600, ImageIO.read(dest.resolve(small.file()).toFile()).getWidth(),
                "small photos are not enlarged");
        String licence = Files.readString(dest.resolve(big.file() + ".license.txt"));
        assertTrue(licence.contains(big.licence()) && licence.contains(big.author())
                && licence.contains(big.debianPackage() + " 1.2-3"), licence);
        String table = Files.readString(dest.resolve(BackgroundPhotos.LICENSES));
        assertTrue(table.contains(big.file()) && table.contains(small.licence()), table);
        List<BackgroundPhotos.Photo> listed = BackgroundPhotos.listed(dest);
        assertEquals(List.of(big.file(), small.file()).stream().sorted().toList(),
                listed.stream().map(BackgroundPhotos.Photo::file).toList());
        assertTrue(BackgroundPhotos.describe(dest).startsWith("2 background photographs"));
        assertFalse(Files.exists(dest.resolve(big.file() + ".part")), "no partial files left");
    }

    @Test
    void aFolderWithoutPhotosSaysTheGeneratorFallsBackToProceduralBackgrounds() {
        String text = BackgroundPhotos.describe(temp.resolve("nothing-here"));
        assertTrue(text.contains("procedural") && text.contains("fetch-backgrounds"), text);
        assertTrue(BackgroundPhotos.listed(null).isEmpty());
    }

    @Test
    void ownPhotosInAFolderWithoutManifestAreUsedWithAnUnrecordedLicence() throws IOException {
        Path dir = Files.createDirectories(temp.resolve("own"));
        ImageIO.write(new BufferedImage(100, 80, BufferedImage.TYPE_INT_RGB), "png",
                dir.resolve("b.png").toFile());
        ImageIO.write(new BufferedImage(100, 80, BufferedImage.TYPE_INT_RGB), "jpg",
                dir.resolve("a.jpg").toFile());
        Files.writeString(dir.resolve("notes.txt"), "not a photo");
        List<BackgroundPhotos.Photo> listed = BackgroundPhotos.listed(dir);
        assertEquals(List.of("a.jpg", "b.png"), listed.stream().map(BackgroundPhotos.Photo::file)
                .toList());
        assertTrue(listed.get(0).licence().startsWith("not recorded"));
    }

    private PhotoBackgrounds photos(int count, int w, int h) throws IOException {
        Path dir = Files.createDirectories(temp.resolve("p" + count + "-" + w));
        for (int i = 0; i < count; i++) {
            BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
            Graphics2D g = img.createGraphics();
            g.setColor(new Color(i * 40 % 256, 100, 200));
            g.fillRect(0, 0, w, h);
            g.dispose();
            ImageIO.write(img, "png", dir.resolve("photo" + i + ".png").toFile());
        }
        return PhotoBackgrounds.load(dir, 512);
    }

    @Test
    void everyImageGetsItsOwnCropAndPhotosAreDealtOutEvenly() throws IOException {
        PhotoBackgrounds photos = photos(5, 400, 300);
        List<ImagePlan.Entry> plan = ImagePlan.plan(SynthSize.MINI, 3);
        List<BackgroundPlan.Choice> choices = BackgroundPlan.plan(plan, 256, 3, photos);
        assertEquals(plan.size(), choices.size());
        Set<List<Integer>> crops = new HashSet<>();
        Map<Integer, Integer> uses = new HashMap<>();
        for (BackgroundPlan.Choice c : choices) {
            assertTrue(c.isPhoto());
            assertTrue(crops.add(BackgroundPlan.key(c)), "crop dealt twice: " + c);
            uses.merge(c.photo(), 1, Integer::sum);
            Rectangle r = c.crop();
            assertTrue(new Rectangle(0, 0, 400, 300).contains(r), r.toString());
            assertEquals(c.width() / (double) c.height(), r.width / (double) r.height, 0.02,
                    "the crop has the picture's aspect ratio");
            assertTrue(r.width >= Math.min(0.3 * 400, c.width() / BackgroundPlan.MAX_UPSCALE) - 1,
                    "never enlarged too much: " + r);
            assertEquals(256, Math.max(c.width(), c.height()));
        }
        // 288 images over 5 photos in shuffled rounds: 57 or 58 each.
        assertEquals(5, uses.size());
        uses.values().forEach(n -> assertTrue(n == 57 || n == 58, "uses " + uses));
        assertEquals(choices, BackgroundPlan.plan(plan, 256, 3, photos), "same seed, same plan");
        assertNotEquals(choices, BackgroundPlan.plan(plan, 256, 4, photos), "another seed");
    }

    @Test
    void withoutPhotosEveryImageIsPlannedProcedural() {
        List<ImagePlan.Entry> plan = ImagePlan.plan(SynthSize.MINI, 3);
        PhotoBackgrounds none = PhotoBackgrounds.load(temp.resolve("missing"), 512);
        assertEquals(0, none.size());
        BackgroundPlan.plan(plan, 256, 3, none).forEach(c -> assertFalse(c.isPhoto()));
    }

    @Test
    void aTinyPhotoStillGivesAPlanThatTerminates() throws IOException {
        PhotoBackgrounds tiny = photos(1, 64, 64);
        List<BackgroundPlan.Choice> choices = BackgroundPlan.plan(ImagePlan.plan(SynthSize.MINI,
                1), 256, 1, tiny);
        assertEquals(SynthSize.MINI.totalImages(), choices.size());
    }
}
