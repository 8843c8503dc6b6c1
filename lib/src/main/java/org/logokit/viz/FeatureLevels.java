package org.logokit.viz;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * One image's feature maps level by level: the photo, then for every level (C2..C5 or P2..P7) the
 * mean absolute activation over its channels as a heat map, all drawn at the same display size
 * with visible cells, so the halving resolution and what each level responds to can be compared
 * at a glance. Each map is scaled to its own minimum (dark) and maximum (bright).
 */
public final class FeatureLevels {
    private static final int GAP = 10;
    private static final int CAPTION = 34;

    private FeatureLevels() {}

    /**
     * Renders the image and its levels in one row.
     *
     * @param image the input photo (drawn at {@code tile} pixels)
     * @param levels one map per level, (1, C, H, W) or (C, H, W); only the first image of a batch
     * @param names the levels' names, e.g. {@code [P3, P4, P5, P6, P7]}
     * @param tile side of every tile in pixels
     * @return the picture
     */
    public static BufferedImage render(BufferedImage image, NDList levels, List<String> names, int tile) {
        Objects.requireNonNull(image, "image");
        if (levels == null || levels.isEmpty() || names.size() != levels.size()) {
            throw new IllegalArgumentException("Need one name per level map; got " + (levels == null ? 0 : levels.size())
                    + " maps and " + names.size() + " names");
        }
        if (tile < 16) {
            throw new IllegalArgumentException("Tiles must be at least 16 pixels, got " + tile);
        }
        int n = levels.size() + 1;
        BufferedImage picture = new BufferedImage(n * (tile + GAP) + GAP, tile + CAPTION + 2 * GAP,
                BufferedImage.TYPE_INT_RGB);
        Graphics2D g = picture.createGraphics();
        try {
            g.setColor(Color.WHITE);
            g.fillRect(0, 0, picture.getWidth(), picture.getHeight());
            g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
            g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
            g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
            g.drawImage(image, GAP, GAP, tile, tile, null);
            caption(g, "input " + image.getWidth() + "x" + image.getHeight(), GAP, tile);
            // nearest-neighbour: every feature-map cell stays a visible square
            g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_NEAREST_NEIGHBOR);
            for (int i = 0; i < levels.size(); i++) {
                NDArray map = levels.get(i);
                BufferedImage heat = heatMap(map);
                int x = GAP + (i + 1) * (tile + GAP);
                g.drawImage(heat, x, GAP, tile, tile, null);
                caption(g, String.format(Locale.ROOT, "%s  %dx%d", names.get(i), heat.getHeight(), heat.getWidth()), x,
                        tile);
            }
        } finally {
            g.dispose();
        }
        return picture;
    }

    private static void caption(Graphics2D g, String text, int x, int tile) {
        g.setColor(new Color(0x333333));
        FontMetrics m = g.getFontMetrics();
        g.drawString(text, x + (tile - m.stringWidth(text)) / 2, GAP + tile + 18);
    }

    /** Mean |activation| over channels, min-max scaled, through a dark-blue to yellow colour ramp. */
    static BufferedImage heatMap(NDArray map) {
        NDArray chw = map.getShape().dimension() == 4 ? map.get(0) : map;
        if (chw.getShape().dimension() != 3) {
            throw new IllegalArgumentException("A level map is (C, H, W) or (1, C, H, W), got " + map.getShape());
        }
        int h = Math.toIntExact(chw.getShape().get(1));
        int w = Math.toIntExact(chw.getShape().get(2));
        float[] values;
        try (NDManager scratch = chw.getManager().newSubManager()) {
            NDArray energy = chw.toType(DataType.FLOAT32, false).abs().mean(new int[] {0});
            energy.attach(scratch);
            NDArray low = energy.min();
            NDArray scaled = energy.sub(low).div(energy.max().sub(low).add(1e-6f));
            values = scaled.toFloatArray();
        }
        BufferedImage heat = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        int[] rgb = new int[w * h];
        for (int i = 0; i < rgb.length; i++) {
            rgb[i] = ramp(values[i]);
        }
        heat.setRGB(0, 0, w, h, rgb, 0, w);
        return heat;
    }

    /** 0 → dark blue, 0.5 → teal, 1 → yellow (a viridis-like ramp in three segments). */
    private static int ramp(float v) {
        float t = Math.max(0f, Math.min(1f, v));
        float[][] stops = {{0.27f, 0.00f, 0.33f}, {0.13f, 0.57f, 0.55f}, {0.99f, 0.91f, 0.14f}};
        float s = t * 2;
        int k = Math.min(1, (int) s);
        float f = s - k;
        int r = Math.round(255 * (stops[k][0] + f * (stops[k + 1][0] - stops[k][0])));
        int gr = Math.round(255 * (stops[k][1] + f * (stops[k + 1][1] - stops[k][1])));
        int b = Math.round(255 * (stops[k][2] + f * (stops[k + 1][2] - stops[k][2])));
        return (r << 16) | (gr << 8) | b;
    }
}
