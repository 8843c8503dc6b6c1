package org.logokit.viz;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;

/**
 * Pictures the feature maps of a convolution layer: each channel of a (C, H, W) array becomes a
 * grey tile (its own minimum black, maximum white), laid out in a grid with a white gap.
 */
public final class FeatureMapGrid {

    private FeatureMapGrid() {}

    /**
     * Renders up to {@code maxMaps} channels.
     *
     * @param maps feature maps (C, H, W) or (1, C, H, W)
     * @param columns tiles per row
     * @param tile side of a tile in pixels (maps are scaled to it)
     */
    public static BufferedImage render(NDArray maps, int maxMaps, int columns, int tile) {
        NDArray chw = maps.getShape().dimension() == 4 ? maps.get(0) : maps;
        if (chw.getShape().dimension() != 3) {
            throw new IllegalArgumentException("expected (C, H, W) feature maps, got " + maps.getShape());
        }
        int channels = (int) Math.min(chw.getShape().get(0), maxMaps);
        int h = (int) chw.getShape().get(1);
        int w = (int) chw.getShape().get(2);
        int rows = (channels + columns - 1) / columns;
        BufferedImage grid = new BufferedImage(columns * (tile + 4), rows * (tile + 4), BufferedImage.TYPE_INT_RGB);
        Graphics2D g = grid.createGraphics();
        try (NDManager scratch = chw.getManager().newSubManager()) {
            g.setColor(Color.WHITE);
            g.fillRect(0, 0, grid.getWidth(), grid.getHeight());
            NDArray first = chw.get("0:" + channels).toType(DataType.FLOAT32, false);
            first.attach(scratch);
            // per-map min-max scaling to 0..255, vectorised over all maps at once
            NDArray flat = first.reshape(channels, -1);
            NDArray low = flat.min(new int[] {1}, true);
            NDArray high = flat.max(new int[] {1}, true);
            NDArray scaled = flat.sub(low).div(high.sub(low).add(1e-6f)).mul(255f);
            float[] pixels = scaled.toFloatArray();
            for (int c = 0; c < channels; c++) {
                BufferedImage map = new BufferedImage(w, h, BufferedImage.TYPE_BYTE_GRAY);
                int[] grey = new int[w * h];
                for (int i = 0; i < grey.length; i++) {
                    grey[i] = Math.round(pixels[c * w * h + i]);
                }
                map.getRaster().setPixels(0, 0, w, h, grey);
                g.drawImage(map, (c % columns) * (tile + 4) + 2, (c / columns) * (tile + 4) + 2, tile, tile, null);
            }
        } finally {
            g.dispose();
        }
        return grid;
    }
}
