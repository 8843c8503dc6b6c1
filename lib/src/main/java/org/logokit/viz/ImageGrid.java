package org.logokit.viz;

import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.List;
import java.util.function.IntFunction;
import org.logokit.data.AnnotatedImage;
import org.logokit.data.PixelBox;

/**
 * A grid of images, each scaled into a square cell with its labelled boxes and a caption underneath:
 * the "look at the data" picture of chapter 01.
 *
 * <p>Boxes are XYXY pixels of each image ({@link PixelBox}); they are scaled with the image and
 * drawn by {@link BoxPainter} on the scaled photo (colour per label from {@link Palette}).
 *
 * <pre>{@code
 * BufferedImage grid = ImageGrid.builder().columns(4).cellSize(200)
 *         .labels(LogoClasses::nameOf).build().render(images, captions);
 * }</pre>
 */
public final class ImageGrid {
    private final int columns;
    private final int cellSize;
    private final int captionHeight;
    private final IntFunction<String> labels;

    private ImageGrid(Builder b) {
        this.columns = b.columns;
        this.cellSize = b.cellSize;
        this.captionHeight = b.captionHeight;
        this.labels = b.labels;
    }

    /** Starts a builder: 4 columns, 200-pixel cells, boxes labelled with their class id. */
    public static Builder builder() {
        return new Builder();
    }


    /**
     * Draws the grid.
     *
     * @param images the images with their boxes
     * @param captions one caption per image (may be empty strings), or null for none
     * @return a new RGB image, {@code columns} cells wide
     */
    public BufferedImage render(List<AnnotatedImage> images, List<String> captions) {
        if (images.isEmpty()) {
            throw new IllegalArgumentException("ImageGrid needs at least one image");
        }
        if (captions != null && captions.size() != images.size()) {
            throw new IllegalArgumentException("need one caption per image: " + images.size()
                    + " images, " + captions.size() + " captions");
        }
        int cols = Math.min(columns, images.size());
        int rows = (images.size() + cols - 1) / cols;
        int cellHeight = cellSize + captionHeight;
        int gap = 4;
        BufferedImage out = new BufferedImage(cols * (cellSize + gap) + gap,
                rows * (cellHeight + gap) + gap, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = out.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, out.getWidth(), out.getHeight());
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
        for (int i = 0; i < images.size(); i++) {
            int x0 = gap + (i % cols) * (cellSize + gap);
            int y0 = gap + (i / cols) * (cellHeight + gap);
            drawCell(g, images.get(i), x0, y0);
            if (captions != null && !captions.get(i).isEmpty()) {
                g.setColor(Color.DARK_GRAY);
                FontMetrics fm = g.getFontMetrics();
                String text = fit(captions.get(i), fm, cellSize);
                g.drawString(text, x0 + (cellSize - fm.stringWidth(text)) / 2,
                        y0 + cellSize + fm.getAscent() + 2);
            }
        }
        g.dispose();
        return out;
    }

    /**
     * Pictures side by side on a white background, each with a caption underneath, top-aligned
     * (e.g. the same photo with two anchor sets, or one picture per feature-map level).
     *
     * @param pictures the pictures (any sizes)
     * @param captions one caption per picture (may be empty strings), or null for none
     * @return a new RGB image
     */
    public static BufferedImage row(List<BufferedImage> pictures, List<String> captions) {
        if (pictures.isEmpty()) {
            throw new IllegalArgumentException("ImageGrid.row needs at least one picture");
        }
        if (captions != null && captions.size() != pictures.size()) {
            throw new IllegalArgumentException("need one caption per picture: " + pictures.size()
                    + " pictures, " + captions.size() + " captions");
        }
        int gap = 8;
        int captionHeight = captions == null ? 0 : 20;
        int width = gap;
        int height = 0;
        for (BufferedImage p : pictures) {
            width += p.getWidth() + gap;
            height = Math.max(height, p.getHeight());
        }
        BufferedImage out = new BufferedImage(width, height + captionHeight + 2 * gap,
                BufferedImage.TYPE_INT_RGB);
        Graphics2D g = out.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, out.getWidth(), out.getHeight());
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
        int x = gap;
        for (int i = 0; i < pictures.size(); i++) {
            BufferedImage p = pictures.get(i);
            g.drawImage(p, x, gap, null);
            if (captions != null && !captions.get(i).isEmpty()) {
                g.setColor(Color.DARK_GRAY);
                FontMetrics fm = g.getFontMetrics();
                String text = fit(captions.get(i), fm, p.getWidth());
                g.drawString(text, x + (p.getWidth() - fm.stringWidth(text)) / 2,
                        gap + height + fm.getAscent() + 3);
            }
            x += p.getWidth() + gap;
        }
        g.dispose();
        return out;
    }

    /**
     * Finished pictures (e.g. from {@link DetectionPanel} or {@link RoiPoolingPicture}) at their own
     * size, left to right in rows of {@code columns}, on white with a small gap. Unlike
     * {@link #render} nothing is scaled or drawn on them.
     *
     * @param pictures the pictures, in order
     * @param columns pictures per row
     */
    public static BufferedImage tile(List<BufferedImage> pictures, int columns) {
        if (pictures.isEmpty() || columns < 1) {
            throw new IllegalArgumentException("Need at least one picture and one column");
        }
        int gap = 6;
        int cellW = pictures.stream().mapToInt(BufferedImage::getWidth).max().orElse(1);
        int cellH = pictures.stream().mapToInt(BufferedImage::getHeight).max().orElse(1);
        int cols = Math.min(columns, pictures.size());
        int rows = (pictures.size() + cols - 1) / cols;
        BufferedImage out = new BufferedImage(cols * cellW + (cols - 1) * gap, rows * cellH + (rows - 1) * gap,
                BufferedImage.TYPE_INT_RGB);
        Graphics2D g = out.createGraphics();
        try {
            g.setColor(Color.WHITE);
            g.fillRect(0, 0, out.getWidth(), out.getHeight());
            for (int i = 0; i < pictures.size(); i++) {
                g.drawImage(pictures.get(i), (i % cols) * (cellW + gap), (i / cols) * (cellH + gap), null);
            }
        } finally {
            g.dispose();
        }
        return out;
    }

    /** Draws the grid without captions. */
    public BufferedImage render(List<AnnotatedImage> images) {
        return render(images, null);
    }

    private void drawCell(Graphics2D g, AnnotatedImage item, int x0, int y0) {
        double scale = (double) cellSize / Math.max(item.width(), item.height());
        int w = Math.max(1, (int) Math.round(item.width() * scale));
        int h = Math.max(1, (int) Math.round(item.height() * scale));
        // Scale the photo into the cell first, then let BoxPainter draw the scaled boxes, so labels
        // keep a readable size whatever the photo's resolution.
        BufferedImage cell = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        Graphics2D cg = cell.createGraphics();
        cg.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
        cg.drawImage(item.image(), 0, 0, w, h, null);
        cg.dispose();
        List<LabeledBox> boxes = new ArrayList<>();
        for (int k = 0; k < item.boxes().size(); k++) {
            PixelBox b = item.boxes().get(k);
            boxes.add(LabeledBox.ofXyxy(b.x1() * scale, b.y1() * scale, b.x2() * scale,
                    b.y2() * scale, labels.apply(item.classIds().get(k))));
        }
        g.setColor(new Color(235, 235, 235));
        g.fillRect(x0, y0, cellSize, cellSize);
        g.drawImage(BoxPainter.draw(cell, boxes), x0 + (cellSize - w) / 2, y0 + (cellSize - h) / 2, null);
    }

    private static String fit(String text, FontMetrics fm, int width) {
        if (fm.stringWidth(text) <= width) {
            return text;
        }
        String s = text;
        while (s.length() > 1 && fm.stringWidth(s + "…") > width) {
            s = s.substring(0, s.length() - 1);
        }
        return s + "…";
    }

    /** Builder for {@link ImageGrid}. */
    public static final class Builder {
        private int columns = 4;
        private int cellSize = 200;
        private int captionHeight = 18;
        private IntFunction<String> labels = String::valueOf;

        private Builder() {}

        /** Images per row (default 4). */
        public Builder columns(int columns) {
            if (columns < 1) {
                throw new IllegalArgumentException("columns must be at least 1");
            }
            this.columns = columns;
            return this;
        }

        /** Side of each square cell in pixels (default 200). */
        public Builder cellSize(int cellSize) {
            if (cellSize < 16) {
                throw new IllegalArgumentException("cellSize must be at least 16");
            }
            this.cellSize = cellSize;
            return this;
        }

        /** Height of the caption strip under each cell in pixels (default 18; 0 for none). */
        public Builder captionHeight(int captionHeight) {
            this.captionHeight = Math.max(0, captionHeight);
            return this;
        }

        /** How a box's class id becomes its label, e.g. {@code LogoClasses::nameOf}. */
        public Builder labels(IntFunction<String> labels) {
            this.labels = labels;
            return this;
        }

        /** Builds the grid painter. */
        public ImageGrid build() {
            return new ImageGrid(this);
        }
    }
}
