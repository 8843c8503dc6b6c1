package org.logokit.viz;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.awt.Color;
import java.awt.image.BufferedImage;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.logokit.data.AnnotatedImage;
import org.logokit.data.PixelBox;

class ImageGridTest {
    private static AnnotatedImage blank(int w, int h, List<PixelBox> boxes, List<Integer> ids) {
        BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        return new AnnotatedImage(img, boxes, ids);
    }

    @Test
    void laysOutCellsInRowsOfTheGivenWidth() {
        ImageGrid grid = ImageGrid.builder().columns(3).cellSize(50).captionHeight(10).build();
        List<AnnotatedImage> five = java.util.Collections.nCopies(5, blank(100, 50, List.of(), List.of()));
        BufferedImage out = grid.render(five);
        assertEquals(3 * (50 + 4) + 4, out.getWidth());
        assertEquals(2 * (60 + 4) + 4, out.getHeight());
    }

    @Test
    void drawsTheBoxOutlineScaledIntoTheCellInTheClassColour() {
        // 200x200 image into a 100-pixel cell at (4, 4): box (40, 100)-(140, 180) -> x 24..74, y 54..94
        ImageGrid grid = ImageGrid.builder().columns(1).cellSize(100).captionHeight(0).build();
        BufferedImage out = grid.render(List.of(blank(200, 200,
                List.of(new PixelBox(40, 100, 140, 180)), List.of(3))));
        // BoxPainter draws the outline with a line at least 2 pixels wide centred on the edge
        Color c = new Color(out.getRGB(4 + 20, 4 + 70)); // left edge of the box
        assertEquals(Palette.forLabel("3"), c);
        assertEquals(Color.BLACK, new Color(out.getRGB(4 + 45, 4 + 75))); // inside: the image
    }

    @Test
    void needsOneCaptionPerImage() {
        ImageGrid grid = ImageGrid.builder().build();
        assertThrows(IllegalArgumentException.class, () -> grid.render(
                List.of(blank(10, 10, List.of(), List.of())), List.of("a", "b")));
        assertThrows(IllegalArgumentException.class, () -> grid.render(List.of()));
    }
}
