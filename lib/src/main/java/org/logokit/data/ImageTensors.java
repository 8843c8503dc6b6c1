package org.logokit.data;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.awt.image.BufferedImage;

/** Turns images into the tensors models eat: CHW float32, normalised per channel. */
public final class ImageTensors {
    private ImageTensors() {}

    /** ImageNet's per-channel mean (RGB, on 0..1 pixels), used by pretrained backbones. */
    public static final float[] IMAGENET_MEAN = {0.485f, 0.456f, 0.406f};
    /** ImageNet's per-channel standard deviation (RGB, on 0..1 pixels). */
    public static final float[] IMAGENET_STD = {0.229f, 0.224f, 0.225f};

    /**
     * Converts an RGB image to a (3, H, W) float32 array: pixels / 255, minus {@code mean}, divided
     * by {@code std}, per channel.
     *
     * <p>One pass over the image's own pixels (int RGB or byte BGR rasters, row by row, crops that
     * share a raster included; any other type through {@code getRGB}) writes the normalised
     * channel planes, and one engine call creates the
     * array: loader threads then make a single, thread-safe engine call per image instead of a
     * chain of small array operations.
     *
     * @param image the image
     * @param manager the manager that will own the result
     * @param mean per-channel mean on 0..1 pixels (use {0,0,0} for none)
     * @param std per-channel standard deviation (use {1,1,1} for none)
     */
    public static NDArray toChw(BufferedImage image, NDManager manager, float[] mean, float[] std) {
        int w = image.getWidth();
        int h = image.getHeight();
        int plane = w * h;
        float[] chw = new float[3 * plane];
        // (value / 255 - mean) / std as one multiply-add per channel
        float[] scale = new float[3];
        float[] shift = new float[3];
        for (int c = 0; c < 3; c++) {
            scale[c] = 1f / (255f * std[c]);
            shift[c] = -mean[c] / std[c];
        }
        int type = image.getType();
        java.awt.image.Raster raster = image.getRaster();
        if (type == BufferedImage.TYPE_INT_RGB) {
            int[] row = new int[w];
            for (int y = 0; y < h; y++) {
                raster.getDataElements(0, y, w, 1, row); // also right for crops sharing a raster
                for (int x = 0, i = y * w; x < w; x++, i++) {
                    int rgb = row[x];
                    chw[i] = ((rgb >> 16) & 0xFF) * scale[0] + shift[0];
                    chw[plane + i] = ((rgb >> 8) & 0xFF) * scale[1] + shift[1];
                    chw[2 * plane + i] = (rgb & 0xFF) * scale[2] + shift[2];
                }
            }
        } else if (type == BufferedImage.TYPE_3BYTE_BGR) {
            byte[] row = new byte[3 * w];
            for (int y = 0; y < h; y++) {
                raster.getDataElements(0, y, w, 1, row); // band order: R, G, B (memory holds B, G, R)
                for (int x = 0, i = y * w; x < w; x++, i++) {
                    chw[i] = (row[3 * x] & 0xFF) * scale[0] + shift[0];
                    chw[plane + i] = (row[3 * x + 1] & 0xFF) * scale[1] + shift[1];
                    chw[2 * plane + i] = (row[3 * x + 2] & 0xFF) * scale[2] + shift[2];
                }
            }
        } else {
            int[] pixels = image.getRGB(0, 0, w, h, null, 0, w);
            for (int i = 0; i < plane; i++) {
                int rgb = pixels[i];
                chw[i] = ((rgb >> 16) & 0xFF) * scale[0] + shift[0];
                chw[plane + i] = ((rgb >> 8) & 0xFF) * scale[1] + shift[1];
                chw[2 * plane + i] = (rgb & 0xFF) * scale[2] + shift[2];
            }
        }
        return manager.create(chw, new Shape(3, h, w));
    }
}
