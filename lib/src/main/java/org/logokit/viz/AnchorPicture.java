package org.logokit.viz;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.DataType;
import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Pictures of anchors: the grid of anchor centres with the anchors of a few locations, which
 * anchors a matcher made positive or ignored, anchor shapes side by side, and the same deltas
 * decoded with two anchor sets.
 *
 * <p>Anchors are XYXY pixels of the network input; the photo is resized to that input (plain
 * resize, as the detection dataset does) before drawing. Painters copy NDArrays to the host at once.
 */
public final class AnchorPicture {
    private static final Color POSITIVE = new Color(0x2CA02C);
    private static final Color IGNORED = new Color(0xFFBF00);
    private static final Color TRUTH = Color.WHITE;

    private AnchorPicture() {}

    /**
     * The anchor centres of a grid (dots) and all anchors of some locations.
     *
     * @param photo the photo, any size (resized to {@code inputSize})
     * @param inputSize the network input side in pixels
     * @param anchors (H * W * A, 4) anchors of one level, location-major
     * @param anchorsPerLocation A
     * @param locations which locations (row-major cell indices) to draw the anchors of
     * @return a new image
     */
    public static BufferedImage grid(BufferedImage photo, int inputSize, NDArray anchors,
            int anchorsPerLocation, int[] locations) {
        float[] flat = floats(anchors);
        int n = flat.length / 4;
        if (anchorsPerLocation < 1 || n % anchorsPerLocation != 0) {
            throw new IllegalArgumentException(n + " anchors cannot be " + anchorsPerLocation
                    + " per location");
        }
        BufferedImage out = Pictures.scaled(photo, inputSize, inputSize);
        Graphics2D g = graphics(out);
        g.setColor(new Color(255, 255, 255, 200));
        for (int loc = 0; loc < n / anchorsPerLocation; loc++) {
            int k = 4 * loc * anchorsPerLocation;
            float cx = (flat[k] + flat[k + 2]) / 2;
            float cy = (flat[k + 1] + flat[k + 3]) / 2;
            g.fillOval(Math.round(cx) - 2, Math.round(cy) - 2, 4, 4);
        }
        g.setStroke(new BasicStroke(2f));
        for (int loc : locations) {
            if (loc < 0 || loc >= n / anchorsPerLocation) {
                throw new IllegalArgumentException("Location " + loc + " is outside the grid of "
                        + n / anchorsPerLocation + " locations");
            }
            for (int a = 0; a < anchorsPerLocation; a++) {
                int k = 4 * (loc * anchorsPerLocation + a);
                g.setColor(Palette.color(a));
                g.drawRect(Math.round(flat[k]), Math.round(flat[k + 1]),
                        Math.round(flat[k + 2] - flat[k]), Math.round(flat[k + 3] - flat[k + 1]));
            }
        }
        g.dispose();
        return out;
    }

    /**
     * What a matcher decided: ground truth in white, positive anchors in green, ignored ones in
     * amber (negatives, the vast majority, are not drawn).
     *
     * @param photo the photo, any size (resized to {@code inputSize})
     * @param inputSize the network input side in pixels
     * @param anchors (A, 4) anchors
     * @param matches (A) matcher labels: gt index &ge; 0 positive, -1 background, -2 ignored
     * @param groundTruth the boxes matched against, XYXY input pixels
     * @return a new image with the counts in the corner
     */
    public static BufferedImage matches(BufferedImage photo, int inputSize, NDArray anchors,
            NDArray matches, List<float[]> groundTruth) {
        float[] flat = floats(anchors);
        long[] labels = matches.toType(DataType.INT64, false).toLongArray();
        if (labels.length * 4 != flat.length) {
            throw new IllegalArgumentException(flat.length / 4 + " anchors but " + labels.length
                    + " match labels");
        }
        BufferedImage out = Pictures.scaled(photo, inputSize, inputSize);
        List<LabeledBox> positive = new ArrayList<>();
        List<LabeledBox> ignored = new ArrayList<>();
        for (int i = 0; i < labels.length; i++) {
            if (labels[i] >= 0 || labels[i] == -2) {
                LabeledBox b = LabeledBox.ofXyxy(flat[4 * i], flat[4 * i + 1], flat[4 * i + 2],
                        flat[4 * i + 3], "");
                (labels[i] >= 0 ? positive : ignored).add(b);
            }
        }
        List<LabeledBox> truth = new ArrayList<>();
        for (float[] b : groundTruth) {
            truth.add(LabeledBox.ofXyxy(b[0], b[1], b[2], b[3], ""));
        }
        out = BoxPainter.draw(out, ignored, IGNORED, true);
        out = BoxPainter.draw(out, positive, POSITIVE, false);
        out = BoxPainter.draw(out, truth, TRUTH, false);
        Graphics2D g = graphics(out);
        String text = String.format(Locale.ROOT, "%d positive, %d ignored, %d negative", positive.size(),
                ignored.size(), labels.length - positive.size() - ignored.size());
        g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 12));
        int w = g.getFontMetrics().stringWidth(text) + 8;
        g.setColor(new Color(0, 0, 0, 170));
        g.fillRect(0, 0, w, 18);
        g.setColor(Color.WHITE);
        g.drawString(text, 4, 13);
        g.dispose();
        return out;
    }

    /**
     * Anchor shapes side by side, each centred in its own square panel drawn to scale (the same
     * scale in every panel, so sizes compare), with its width x height underneath.
     *
     * @param shapes (k, 2) widths and heights in pixels
     * @param title the caption above the picture
     * @param panelSize side of each panel in pixels
     * @return a new image
     */
    public static BufferedImage shapes(float[][] shapes, String title, int panelSize) {
        if (shapes.length == 0) {
            throw new IllegalArgumentException("No anchor shapes to draw");
        }
        float largest = 0;
        for (float[] s : shapes) {
            largest = Math.max(largest, Math.max(s[0], s[1]));
        }
        double scale = (panelSize - 12) / (double) largest;
        BufferedImage out = new BufferedImage(shapes.length * panelSize, panelSize + 44,
                BufferedImage.TYPE_INT_RGB);
        Graphics2D g = graphics(out);
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, out.getWidth(), out.getHeight());
        g.setColor(Color.BLACK);
        g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 13));
        g.drawString(title, 6, 16);
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
        for (int i = 0; i < shapes.length; i++) {
            int w = (int) Math.round(shapes[i][0] * scale);
            int h = (int) Math.round(shapes[i][1] * scale);
            int x0 = i * panelSize;
            g.setColor(new Color(0xF2F2F2));
            g.fillRect(x0 + 2, 22, panelSize - 4, panelSize - 4);
            g.setColor(Palette.color(i));
            g.setStroke(new BasicStroke(2.5f));
            g.drawRect(x0 + (panelSize - w) / 2, 22 + (panelSize - 4 - h) / 2, w, h);
            g.setColor(Color.DARK_GRAY);
            g.drawString(String.format(Locale.ROOT, "%.0f x %.0f", shapes[i][0], shapes[i][1]),
                    x0 + 6, panelSize + 36);
        }
        g.dispose();
        return out;
    }

    /**
     * A box, the anchor it was encoded against, another anchor in the same place and the same
     * deltas decoded with it: why anchors must not change between training and test.
     *
     * @param photo the photo, any size (resized to {@code inputSize})
     * @param inputSize the network input side in pixels
     * @param box the ground-truth box (also what the training anchor decodes to)
     * @param trainAnchor the anchor used in training
     * @param testAnchor the anchor used at test time
     * @param decoded the deltas decoded with {@code testAnchor}
     * @return a new image: box white, anchors dashed (train blue, test orange), decoded box red
     */
    public static BufferedImage mismatch(BufferedImage photo, int inputSize, float[] box,
            float[] trainAnchor, float[] testAnchor, float[] decoded) {
        BufferedImage out = Pictures.scaled(photo, inputSize, inputSize);
        Color decodedColor = new Color(0xD62728);
        out = BoxPainter.draw(out, List.of(labeled(trainAnchor, "")), Palette.color(0), true);
        out = BoxPainter.draw(out, List.of(labeled(testAnchor, "")), Palette.color(1), true);
        out = BoxPainter.draw(out, List.of(labeled(box, "")), TRUTH, false);
        out = BoxPainter.draw(out, List.of(labeled(decoded, "")), decodedColor, false);
        String[] names = {"train anchor (dashed)", "test anchor (dashed)",
            "truth = deltas decoded with the train anchor", "the same deltas decoded with the test anchor"};
        Color[] colors = {Palette.color(0), Palette.color(1), new Color(0x666666), decodedColor};
        int legendHeight = 18 * names.length + 6;
        BufferedImage framed = new BufferedImage(out.getWidth(), out.getHeight() + legendHeight,
                BufferedImage.TYPE_INT_RGB);
        Graphics2D g = graphics(framed);
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, framed.getWidth(), framed.getHeight());
        g.drawImage(out, 0, 0, null);
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
        for (int k = 0; k < names.length; k++) {
            int y = out.getHeight() + 6 + 18 * k;
            g.setColor(colors[k]);
            g.fillRect(6, y + 2, 14, 10);
            g.setColor(Color.DARK_GRAY);
            g.drawString(names[k], 26, y + 12);
        }
        g.dispose();
        return framed;
    }

    private static LabeledBox labeled(float[] b, String label) {
        return LabeledBox.ofXyxy(b[0], b[1], b[2], b[3], label);
    }

    private static Graphics2D graphics(BufferedImage image) {
        Graphics2D g = image.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
        return g;
    }

    private static float[] floats(NDArray array) {
        if (array.getShape().dimension() != 2 || array.getShape().get(1) != 4) {
            throw new IllegalArgumentException("Anchors must be (A, 4) XYXY, got " + array.getShape());
        }
        return array.toType(DataType.FLOAT32, false).toFloatArray();
    }
}
