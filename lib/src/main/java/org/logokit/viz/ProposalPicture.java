package org.logokit.viz;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.DataType;
import java.awt.Color;
import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.List;

/**
 * Region proposals on an image, best first: the first {@code shown} boxes, the best ones drawn
 * last (on top) and in a stronger colour, with the logos dashed in white. Drawing the same image
 * before and after non-maximum suppression shows NMS at work: before, the best boxes crowd on one
 * logo; after, the same number of boxes spreads over the image.
 */
public final class ProposalPicture {
    /** Colour of the ten best proposals. */
    public static final Color BEST = new Color(0xFFD600);
    /** Colour of the others. */
    public static final Color OTHER = new Color(0x1F77B4);

    private ProposalPicture() {}

    /**
     * Draws proposals.
     *
     * @param image the input image
     * @param proposals (K, 4) XYXY pixels, best first
     * @param shown how many to draw (the first ones)
     * @param logos the ground-truth boxes, XYXY pixels
     */
    public static BufferedImage render(BufferedImage image, NDArray proposals, int shown, float[][] logos) {
        float[] flat = proposals.size() == 0 ? new float[0] : proposals.toType(DataType.FLOAT32, false).toFloatArray();
        int k = Math.min(shown, flat.length / 4);
        List<LabeledBox> boxes = new ArrayList<>();
        List<BoxPainter.Style> styles = new ArrayList<>();
        for (float[] b : logos) {
            boxes.add(LabeledBox.ofXyxy(b[0], b[1], b[2], b[3], ""));
            styles.add(new BoxPainter.Style(Color.WHITE, true));
        }
        for (int i = k - 1; i >= 0; i--) {
            boxes.add(LabeledBox.ofXyxy(flat[4 * i], flat[4 * i + 1], flat[4 * i + 2], flat[4 * i + 3], ""));
            styles.add(new BoxPainter.Style(i < 10 ? BEST : OTHER, false));
        }
        return BoxPainter.draw(image, boxes, styles);
    }
}
