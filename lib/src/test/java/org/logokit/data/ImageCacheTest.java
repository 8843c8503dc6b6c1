package org.logokit.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;

import java.awt.image.BufferedImage;
import java.util.List;
import org.junit.jupiter.api.Test;

class ImageCacheTest {

    private static AnnotatedImage image(int w, int h) {
        return new AnnotatedImage(new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB), List.of(), List.of());
    }

    @Test
    void theDatasetsOfAJvmShareOneBudgetAndACollectedDatasetGivesItsShareBack() throws Exception {
        ImageCache.Budget jvm = new ImageCache.Budget(3 * 10 * 10 * 3); // three 10x10 images
        ImageCache first = new ImageCache(1 << 20, jvm);
        for (int i = 0; i < 2; i++) {
            first.get(i, () -> image(10, 10));
        }
        ImageCache second = new ImageCache(1 << 20, jvm);
        for (int i = 0; i < 2; i++) {
            second.get(i, () -> image(10, 10));
        }
        assertEquals(2, first.size());
        assertEquals(1, second.size(), "only one more image fits the JVM's budget");
        assertEquals(900, jvm.used());
        AnnotatedImage cached = second.get(0, () -> image(10, 10));
        assertSame(cached, second.get(0, () -> image(10, 10)), "a hit returns the cached image");
        assertEquals(BufferedImage.TYPE_3BYTE_BGR, cached.image().getType());
        AnnotatedImage uncached = second.get(1, () -> image(10, 10));
        assertNotSame(uncached, second.get(1, () -> image(10, 10)), "over budget: decoded at every visit");

        first = null;
        for (int attempt = 0; attempt < 50 && jvm.used() > 300; attempt++) {
            System.gc();
            Thread.sleep(20);
        }
        assertEquals(300, jvm.used(), "the collected cache released its 600 bytes");
    }

    @Test
    void aDatasetsOwnBudgetAndZeroAreRespected() {
        ImageCache.Budget jvm = new ImageCache.Budget(1 << 20);
        ImageCache small = new ImageCache(2 * 4 * 4 * 3, jvm);
        for (int i = 0; i < 5; i++) {
            small.get(i, () -> image(4, 4));
        }
        assertEquals(2, small.size());
        ImageCache off = new ImageCache(0, jvm);
        off.get(0, () -> image(4, 4));
        assertEquals(0, off.size());
        assertEquals(96, jvm.used());
    }
}
