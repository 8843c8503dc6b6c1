package org.logokit.viz;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import java.awt.Color;
import java.awt.image.BufferedImage;
import java.util.List;
import org.junit.jupiter.api.Test;

class BoxPainterTest {
    private static final int GREY = new Color(128, 128, 128).getRGB();

    private static BufferedImage grey(int width, int height) {
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                image.setRGB(x, y, GREY);
            }
        }
        return image;
    }

    @Test
    void drawsTheRectangleEdgesInTheClassColourAndLeavesTheInsideAlone() {
        BufferedImage image = grey(200, 200);
        BufferedImage drawn = BoxPainter.draw(image,
                List.of(LabeledBox.ofXyxy(50, 60, 150, 160, "adidas")));
        int classColour = Palette.forLabel("adidas").getRGB();
        // Middle of each edge carries the class colour (line width is 2 px on a 200 px image).
        assertEquals(classColour, drawn.getRGB(100, 160), "bottom edge");
        assertEquals(classColour, drawn.getRGB(50, 110), "left edge");
        assertEquals(classColour, drawn.getRGB(150, 110), "right edge");
        // The inside and far outside of the box keep the image's pixels.
        assertEquals(GREY, drawn.getRGB(100, 110), "inside");
        assertEquals(GREY, drawn.getRGB(10, 190), "outside");
        // The caption tag sits above the top edge, filled with the class colour.
        assertEquals(classColour, drawn.getRGB(51, 57), "tag above the box");
    }

    @Test
    void captionOfABoxAtTheRightEdgeIsShiftedLeftToStayWhole() {
        BufferedImage drawn = BoxPainter.draw(grey(200, 200),
                List.of(LabeledBox.ofXyxy(185, 60, 199, 100, "stellaartois")));
        int classColour = Palette.forLabel("stellaartois").getRGB();
        // The tag is wider than the 15 px left of x = 185, so it must start further left and reach
        // the image's last column rather than being cut off there.
        int leftmostTagPixel = -1;
        for (int x = 0; x < 200 && leftmostTagPixel < 0; x++) {
            if (drawn.getRGB(x, 55) == classColour) {
                leftmostTagPixel = x;
            }
        }
        assertTrue(leftmostTagPixel >= 0 && leftmostTagPixel < 180, "tag starts at " + leftmostTagPixel);
        assertEquals(classColour, drawn.getRGB(199, 55), "tag reaches the right edge");
    }

    @Test
    void returnsACopyAndNeverChangesTheInput() {
        BufferedImage image = grey(64, 48);
        BufferedImage drawn = BoxPainter.draw(image, List.of(LabeledBox.ofXyxy(5, 5, 40, 40, "x")));
        assertNotSame(image, drawn);
        assertEquals(64, drawn.getWidth());
        assertEquals(48, drawn.getHeight());
        for (int y = 0; y < 48; y++) {
            for (int x = 0; x < 64; x++) {
                assertEquals(GREY, image.getRGB(x, y));
            }
        }
    }

    @Test
    void xywhOverloadDrawsTheSameAsTheEquivalentXyxyBox() {
        BufferedImage image = grey(120, 90);
        BufferedImage fromXywh = BoxPainter.drawXywh(image, new double[][] {{10, 20, 50, 30}},
                List.of("ford"));
        BufferedImage fromXyxy = BoxPainter.draw(image,
                List.of(LabeledBox.ofXyxy(10, 20, 60, 50, "ford")));
        for (int y = 0; y < 90; y++) {
            for (int x = 0; x < 120; x++) {
                assertEquals(fromXyxy.getRGB(x, y), fromXywh.getRGB(x, y), "pixel " + x + "," + y);
            }
        }
    }

    @Test
    void differentClassesGetDifferentColoursAndEqualClassesEqualColours() {
        assertEquals(Palette.forLabel("dhl"), Palette.forLabel(new String("dhl")));
        long distinct = List.of("adidas", "apple", "bmw", "dhl", "fedex", "ups").stream()
                .map(Palette::forLabel).distinct().count();
        assertTrue(distinct >= 4, "six brands should not share only a few colours: " + distinct);
    }

    @Test
    void boxesPartlyOutsideTheImageAreClippedWithoutError() {
        BufferedImage drawn = BoxPainter.draw(grey(50, 50),
                List.of(LabeledBox.ofXyxy(-20, -20, 500, 30, "big", 0.5)));
        assertEquals(Palette.forLabel("big").getRGB(), drawn.getRGB(25, 30));
    }

    @Test
    void captionShowsTheScoreWithTwoDecimalsOnlyForPredictions() {
        assertEquals("bmw 0.88", new LabeledBox(0, 0, 1, 1, "bmw", 0.876).caption());
        assertEquals("bmw", LabeledBox.ofXyxy(0, 0, 1, 1, "bmw").caption());
    }

    @Test
    void rejectsBoxesThatAreNotXyxy() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> LabeledBox.ofXyxy(10, 10, 5, 20, "shell"));
        assertTrue(e.getMessage().contains("XYXY"), e.getMessage());
        assertThrows(IllegalArgumentException.class,
                () -> LabeledBox.ofXyxy(0, 0, Double.NaN, 1, "nan"));
        assertThrows(IllegalArgumentException.class,
                () -> LabeledBox.ofXywh(0, 0, -3, 1, "negative"));
        assertThrows(IllegalArgumentException.class,
                () -> BoxPainter.drawXywh(grey(10, 10), new double[][] {{1, 2, 3}}, List.of("a")));
        assertThrows(IllegalArgumentException.class,
                () -> BoxPainter.drawXywh(grey(10, 10), new double[][] {{1, 2, 3, 4}}, List.of()));
    }

    @Test
    void convertsDetectorOutputFromNdArrays() {
        try (NDManager manager = NDManager.newBaseManager()) {
            NDArray boxes = manager.create(new float[] {1, 2, 30, 40, 5, 6, 7, 8}, new ai.djl.ndarray
                    .types.Shape(2, 4));
            NDArray scores = manager.create(new float[] {0.9f, 0.25f});
            List<LabeledBox> list = LabeledBox.of(boxes, List.of("a", "b"), scores);
            assertEquals(new LabeledBox(1, 2, 30, 40, "a", 0.9f), list.get(0));
            assertEquals("b 0.25", list.get(1).caption());
            assertThrows(IllegalArgumentException.class,
                    () -> LabeledBox.of(boxes.reshape(8), List.of("a", "b"), null));
            assertThrows(IllegalArgumentException.class,
                    () -> LabeledBox.of(boxes, List.of("a"), null));
        }
    }

    @Test
    void theShippedSamplePhotoLoads() {
        BufferedImage cat = SampleImages.cat();
        assertEquals(451, cat.getWidth());
        assertEquals(300, cat.getHeight());
    }
}
