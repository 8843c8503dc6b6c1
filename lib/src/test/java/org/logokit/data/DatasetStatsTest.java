package org.logokit.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tech.tablesaw.api.Table;

/** Box profiles at the detectors' input size and the side-by-side histograms. */
class DatasetStatsTest {
    @TempDir
    Path tmp;

    private static void image(Path root, String cls, String file, int w, int h, String boxes)
            throws IOException {
        Path jpg = root.resolve("classes/jpg/" + cls + "/" + file);
        Files.createDirectories(jpg.getParent());
        ImageIO.write(new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB), "jpg", jpg.toFile());
        if (boxes != null) {
            Path box = root.resolve("classes/masks/" + cls.toLowerCase() + "/" + file + ".bboxes.txt");
            Files.createDirectories(box.getParent());
            Files.writeString(box, "x y width height\n" + boxes);
        }
    }

    /** Two logo pictures of different sizes and one without logos. */
    private FlickrLogos32 tree() throws IOException {
        Path root = tmp.resolve("FlickrLogos-v2");
        // 640 x 480: scaled by 0.5 to a longest side of 320.
        image(root, "adidas", "1.jpg", 640, 480, "0 0 20 20\n10 10 200 100\n");
        // 160 x 320 (portrait): scaled by 1.
        image(root, "HP", "2.jpg", 160, 320, "0 0 40 40\n");
        image(root, "no-logo", "3.jpg", 300, 200, null);
        Files.writeString(root.resolve("trainset.txt"), "adidas,1.jpg\nHP,2.jpg\n");
        Files.writeString(root.resolve("valset.txt"), "no-logo,3.jpg\n");
        Files.writeString(root.resolve("testset.txt"), "");
        return FlickrLogos32.open(root);
    }

    @Test
    void boxesAreMeasuredWithThePictureScaledToTheInputSide() throws IOException {
        FlickrLogos32 ds = tree();
        BoxProfile p = BoxProfile.of("test", ds.split(Split.TRAIN), 320);
        // sqrt(20 * 20) * 0.5 = 10; sqrt(200 * 100) * 0.5 = 70.71; sqrt(40 * 40) * 1 = 40.
        assertArrayEquals(new double[] {10, Math.sqrt(20000) / 2, 40}, p.sqrtArea(), 1e-9);
        assertArrayEquals(new double[] {1, 2, 1}, p.aspect(), 1e-9);
        assertArrayEquals(new int[] {2, 1}, p.logosPerImage());
        assertEquals(1 / 3.0, p.smallShare(), 1e-9);
        assertEquals(1.5, p.meanLogosPerImage(), 1e-9);
        assertEquals(0, p.unreadable());
    }

    @Test
    void theHistogramsPutDataSetsSideBySideWithCocoSizeClasses() throws IOException {
        FlickrLogos32 ds = tree();
        BoxProfile a = BoxProfile.of("A", ds.split(Split.TRAIN), 320);
        BoxProfile b = BoxProfile.of("B", ds.split(Split.TRAIN), 640); // everything twice as big
        Table sizes = DatasetStats.sizeHistogram(List.of(a, b));
        assertEquals(List.of("size", "A", "A %", "B", "B %"), sizes.columnNames());
        // Rows: <8, 8-16, 16-24, 24-32, 32-48, 48-64, 64-96, 96-128, 128-192, 192-256, >=256,
        // then small, medium, large.
        assertEquals(List.of(0, 1, 0, 0, 1, 0, 1, 0, 0, 0, 0, 1, 2, 0),
                sizes.intColumn("A").asList());
        assertEquals(List.of(0, 0, 1, 0, 0, 0, 1, 0, 1, 0, 0, 1, 1, 1),
                sizes.intColumn("B").asList());
        assertEquals(33.3, sizes.doubleColumn("A %").get(11), 1e-9);
        assertEquals("small (< 32 x 32)", sizes.stringColumn("size").get(11));
        Table aspects = DatasetStats.aspectHistogram(List.of(a));
        // <0.5, 0.5-0.8, 0.8-1.25, 1.25-2, 2-3, 3-5, >=5
        assertEquals(List.of(0, 0, 2, 0, 1, 0, 0), aspects.intColumn("A").asList());
        Table perImage = DatasetStats.logosPerImage(List.of(a));
        assertEquals(List.of(1, 1, 0, 0, 0), perImage.intColumn("A").asList());
        assertEquals(50.0, perImage.doubleColumn("A %").get(0), 1e-9);
    }

    @Test
    void histogramBinsIncludeTheirLowerEdge() {
        assertArrayEquals(new int[] {1, 2, 1}, DatasetStats.histogram(new double[] {0.5, 1, 1.5, 2},
                new double[] {1, 2}));
    }

    @Test
    void aNonPositiveInputSideIsRefused() {
        assertThrows(IllegalArgumentException.class,
                () -> new BoxProfile("x", 0, new double[0], new double[0], new int[0], 0));
    }
}
