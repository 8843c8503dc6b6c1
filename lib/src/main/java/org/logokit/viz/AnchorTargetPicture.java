package org.logokit.viz;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.DataType;
import java.awt.Color;
import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Anchors coloured by their training target, the picture of "which anchors teach the RPN what":
 * positives (green, every one), a random few negatives (red) and ignored anchors (grey, dashed),
 * with the logos (white, dashed) on top. Drawing every negative would paint the image red: there
 * are thousands.
 *
 * <p>Labels follow the detector layer's convention: 1 positive, 0 negative, -1 ignored. Anchors and
 * logos are XYXY pixels of {@code image} (the network's S × S input).
 */
public final class AnchorTargetPicture {
    /** Colour of positive anchors. */
    public static final Color POSITIVE = new Color(0x2E7D32);
    /** Colour of negative anchors. */
    public static final Color NEGATIVE = new Color(0xC62828);
    /** Colour of ignored anchors. */
    public static final Color IGNORED = new Color(0x9E9E9E);

    private AnchorTargetPicture() {}

    /**
     * Draws the anchors.
     *
     * @param image the input image
     * @param anchors (A, 4) XYXY pixels
     * @param labels (A) 1 / 0 / -1
     * @param logos the ground-truth boxes, XYXY pixels
     * @param negativesShown how many negatives (and ignored anchors) to draw at most, chosen at random
     * @param seed seed of that choice
     */
    public static BufferedImage render(BufferedImage image, NDArray anchors, NDArray labels, float[][] logos,
            int negativesShown, long seed) {
        float[] flat = anchors.toType(DataType.FLOAT32, false).toFloatArray();
        int[] label = labels.toType(DataType.INT32, false).toIntArray();
        if (flat.length != 4 * label.length) {
            throw new IllegalArgumentException("Need one label per anchor: " + flat.length / 4 + " anchors, "
                    + label.length + " labels");
        }
        List<Integer> negatives = new ArrayList<>();
        List<Integer> ignored = new ArrayList<>();
        List<Integer> positives = new ArrayList<>();
        for (int i = 0; i < label.length; i++) {
            (label[i] == 1 ? positives : label[i] == 0 ? negatives : ignored).add(i);
        }
        Random random = new Random(seed);
        java.util.Collections.shuffle(negatives, random);
        java.util.Collections.shuffle(ignored, random);
        List<LabeledBox> boxes = new ArrayList<>();
        List<BoxPainter.Style> styles = new ArrayList<>();
        add(boxes, styles, flat, ignored.subList(0, Math.min(negativesShown, ignored.size())),
                new BoxPainter.Style(IGNORED, true));
        add(boxes, styles, flat, negatives.subList(0, Math.min(negativesShown, negatives.size())),
                new BoxPainter.Style(NEGATIVE, false));
        add(boxes, styles, flat, positives, new BoxPainter.Style(POSITIVE, false));
        for (float[] b : logos) {
            boxes.add(LabeledBox.ofXyxy(b[0], b[1], b[2], b[3], ""));
            styles.add(new BoxPainter.Style(Color.WHITE, true));
        }
        return BoxPainter.draw(image, boxes, styles);
    }

    private static void add(List<LabeledBox> boxes, List<BoxPainter.Style> styles, float[] flat, List<Integer> rows,
            BoxPainter.Style style) {
        for (int i : rows) {
            // anchors stick out of the image; the drawing clips them
            boxes.add(LabeledBox.ofXyxy(flat[4 * i], flat[4 * i + 1], flat[4 * i + 2], flat[4 * i + 3], ""));
            styles.add(style);
        }
    }
}
