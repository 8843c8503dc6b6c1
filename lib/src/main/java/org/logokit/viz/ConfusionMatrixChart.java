package org.logokit.viz;

import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.geom.AffineTransform;
import java.awt.image.BufferedImage;
import org.logokit.train.ConfusionMatrix;

/**
 * Draws a confusion matrix as a heat map: rows are true classes, columns predicted classes, each
 * cell shaded by the share of its row (white 0 → dark blue 1), counts written in the cells.
 */
public final class ConfusionMatrixChart {

    private static final int LABEL = 90;

    private ConfusionMatrixChart() {}

    /**
     * Renders the heat map.
     *
     * @param cell side of one cell in pixels (e.g. 20 for 33 classes)
     */
    public static BufferedImage heatMap(ConfusionMatrix matrix, int cell) {
        int n = matrix.classes().size();
        int size = LABEL + n * cell + 10;
        BufferedImage image = new BufferedImage(size, size + 20, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        try {
            g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
            g.setColor(Color.WHITE);
            g.fillRect(0, 0, image.getWidth(), image.getHeight());
            Font small = new Font(Font.SANS_SERIF, Font.PLAIN, Math.max(8, Math.min(12, cell / 2)));
            g.setFont(small);
            for (int i = 0; i < n; i++) {
                long rowTotal = 0;
                for (int j = 0; j < n; j++) {
                    rowTotal += matrix.count(i, j);
                }
                for (int j = 0; j < n; j++) {
                    long c = matrix.count(i, j);
                    double share = rowTotal == 0 ? 0 : (double) c / rowTotal;
                    int x = LABEL + j * cell;
                    int y = LABEL + i * cell;
                    g.setColor(shade(share));
                    g.fillRect(x, y, cell, cell);
                    g.setColor(new Color(230, 230, 230));
                    g.drawRect(x, y, cell, cell);
                    if (c > 0 && cell >= 14) {
                        g.setColor(share > 0.5 ? Color.WHITE : Color.BLACK);
                        String text = Long.toString(c);
                        g.drawString(text, x + (cell - g.getFontMetrics().stringWidth(text)) / 2, y + cell / 2 + 4);
                    }
                }
                g.setColor(Color.BLACK);
                String name = matrix.classes().get(i);
                g.drawString(name, LABEL - 4 - g.getFontMetrics().stringWidth(name), LABEL + i * cell + cell / 2 + 4);
                AffineTransform saved = g.getTransform();
                g.rotate(-Math.PI / 2, LABEL + i * cell + cell / 2 + 4, LABEL - 4);
                g.drawString(name, LABEL + i * cell + cell / 2 + 4, LABEL - 4);
                g.setTransform(saved);
            }
            g.drawString("rows: true class, columns: predicted class", LABEL, LABEL + n * cell + 18);
        } finally {
            g.dispose();
        }
        return image;
    }

    private static Color shade(double share) {
        int r = (int) Math.round(255 - share * (255 - 13));
        int gr = (int) Math.round(255 - share * (255 - 71));
        int b = (int) Math.round(255 - share * (255 - 161));
        return new Color(r, gr, b);
    }
}
