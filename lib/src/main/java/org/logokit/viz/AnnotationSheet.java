package org.logokit.viz;

import java.awt.Color;
import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.logokit.annotate.Proposal;
import org.logokit.data.PixelBox;

/**
 * Pictures of an auto-annotator's proposals for a person to accept or reject: accepted proposals
 * solid green with their score, proposals below the acceptance threshold dashed orange, and (when
 * known) the true boxes dashed white.
 */
public final class AnnotationSheet {
    /** Accepted proposals. */
    public static final Color ACCEPTED = new Color(0x2CA02C);
    /** Proposals below the acceptance threshold. */
    public static final Color BELOW = new Color(0xFF7F0E);
    /** True boxes. */
    public static final Color TRUTH = Color.WHITE;

    private AnnotationSheet() {}

    /**
     * One image with its proposals.
     *
     * @param image the searched image
     * @param proposals its proposals (all are drawn; the first {@code shownBelow} rejected ones too)
     * @param truth the true boxes, or an empty list when unknown
     * @param shownBelow how many proposals below the threshold to draw (best first)
     * @param zoom enlargement, at least 1
     */
    public static BufferedImage render(BufferedImage image, List<Proposal> proposals, List<PixelBox> truth,
            int shownBelow, double zoom) {
        List<LabeledBox> boxes = new ArrayList<>();
        List<BoxPainter.Style> styles = new ArrayList<>();
        for (PixelBox t : truth) {
            boxes.add(LabeledBox.ofXyxy(t.x1(), t.y1(), t.x2(), t.y2(), ""));
            styles.add(new BoxPainter.Style(TRUTH, true));
        }
        int below = 0;
        for (Proposal p : proposals) {
            if (!p.accepted() && below++ >= shownBelow) {
                continue;
            }
            PixelBox b = p.box();
            boxes.add(LabeledBox.ofXyxy(b.x1(), b.y1(), b.x2(), b.y2(), String.format(Locale.ROOT, "%.2f", p.score())));
            styles.add(new BoxPainter.Style(p.accepted() ? ACCEPTED : BELOW, !p.accepted()));
        }
        return BoxPainter.draw(image, boxes, styles, zoom);
    }

    /**
     * Several images side by side with captions (e.g. the file names).
     *
     * @param pictures pictures from {@link #render}
     * @param captions one caption per picture
     */
    public static BufferedImage row(List<BufferedImage> pictures, List<String> captions) {
        return ImageGrid.row(pictures, captions);
    }
}
