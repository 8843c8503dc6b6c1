package org.logokit.viz;

import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;

/** Cropping and scaling shared by the detection pictures. */
final class Pictures {
    private Pictures() {}

    /** The union of the boxes plus a margin of half its size, inside the image. */
    static int[] window(BufferedImage image, float[][] boxes) {
        if (boxes.length == 0) {
            return new int[] {0, 0, image.getWidth(), image.getHeight()};
        }
        double x1 = Double.MAX_VALUE;
        double y1 = Double.MAX_VALUE;
        double x2 = -Double.MAX_VALUE;
        double y2 = -Double.MAX_VALUE;
        for (float[] b : boxes) {
            x1 = Math.min(x1, b[0]);
            y1 = Math.min(y1, b[1]);
            x2 = Math.max(x2, b[2]);
            y2 = Math.max(y2, b[3]);
        }
        double margin = Math.max(16, 0.5 * Math.max(x2 - x1, y2 - y1));
        int wx1 = (int) Math.max(0, Math.floor(x1 - margin));
        int wy1 = (int) Math.max(0, Math.floor(y1 - margin));
        int wx2 = (int) Math.min(image.getWidth(), Math.ceil(x2 + margin));
        int wy2 = (int) Math.min(image.getHeight(), Math.ceil(y2 + margin));
        if (wx2 - wx1 < 2 || wy2 - wy1 < 2) {
            return new int[] {0, 0, image.getWidth(), image.getHeight()};
        }
        return new int[] {wx1, wy1, wx2, wy2};
    }

    static BufferedImage scaled(BufferedImage image, int width, int height) {
        BufferedImage out = new BufferedImage(Math.max(1, width), Math.max(1, height),
                BufferedImage.TYPE_INT_RGB);
        Graphics2D g = out.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
        g.drawImage(image, 0, 0, out.getWidth(), out.getHeight(), null);
        g.dispose();
        return out;
    }
}
