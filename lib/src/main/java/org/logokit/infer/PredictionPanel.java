package org.logokit.infer;

import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.util.List;
import java.util.Locale;

/**
 * Draws an image with its top-k predictions beside it as a small horizontal bar chart (class name,
 * bar proportional to the probability, percentage), for {@code Show.image(...)} in notebooks.
 */
public final class PredictionPanel {

    private static final int SIDE = 224;
    private static final int CHART_WIDTH = 300;
    private static final int ROW = 26;

    private PredictionPanel() {}

    /** Returns a new image: the input scaled to 224 px high on the left, the bars on the right. */
    public static BufferedImage render(BufferedImage image, List<Prediction> predictions) {
        int imageWidth = Math.max(1, image.getWidth() * SIDE / Math.max(1, image.getHeight()));
        int height = Math.max(SIDE, 30 + ROW * predictions.size());
        BufferedImage panel = new BufferedImage(imageWidth + CHART_WIDTH + 20, height, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = panel.createGraphics();
        try {
            g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
            g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
            g.setColor(Color.WHITE);
            g.fillRect(0, 0, panel.getWidth(), panel.getHeight());
            g.drawImage(image, 0, 0, imageWidth, SIDE, null);
            int x0 = imageWidth + 10;
            g.setColor(Color.DARK_GRAY);
            g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 13));
            g.drawString("top " + predictions.size() + " predictions", x0, 18);
            g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
            int labelWidth = 110;
            int barMax = CHART_WIDTH - labelWidth - 50;
            for (int i = 0; i < predictions.size(); i++) {
                Prediction p = predictions.get(i);
                int y = 30 + i * ROW;
                g.setColor(Color.BLACK);
                g.drawString(p.className(), x0, y + 15);
                g.setColor(i == 0 ? new Color(0x2E7D32) : new Color(0x90A4AE));
                g.fillRect(x0 + labelWidth, y + 3, (int) Math.round(barMax * p.probability()), ROW - 8);
                g.setColor(Color.BLACK);
                g.drawString(String.format(Locale.ROOT, "%.1f%%", 100 * p.probability()),
                        x0 + labelWidth + (int) Math.round(barMax * p.probability()) + 4, y + 15);
            }
        } finally {
            g.dispose();
        }
        return panel;
    }
}
