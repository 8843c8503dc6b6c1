package org.logokit.data;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.awt.image.BufferedImage;
import java.awt.image.DataBufferByte;
import java.awt.image.DataBufferInt;

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
     * <p>One pass over the image's own pixel memory (int RGB or byte BGR rasters; any other type
     * through {@code getRGB}) writes the normalised channel planes, and one engine call creates the
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
        java.awt.image.DataBuffer buffer = image.getRaster().getDataBuffer();
        boolean plain = image.getRaster().getMinX() == 0 && image.getRaster().getMinY() == 0
                && image.getRaster().getSampleModelTranslateX() == 0
                && image.getRaster().getSampleModelTranslateY() == 0;
        if (plain && type == BufferedImage.TYPE_INT_RGB && buffer instanceof DataBufferInt ints
                && ints.getNumBanks() == 1 && ints.getData().length == plane) {
            int[] pixels = ints.getData();
            for (int i = 0; i < plane; i++) {
                int rgb = pixels[i];
                chw[i] = ((rgb >> 16) & 0xFF) * scale[0] + shift[0];
                chw[plane + i] = ((rgb >> 8) & 0xFF) * scale[1] + shift[1];
                chw[2 * plane + i] = (rgb & 0xFF) * scale[2] + shift[2];
            }
        } else if (plain && type == BufferedImage.TYPE_3BYTE_BGR && buffer instanceof DataBufferByte bytes
                && bytes.getNumBanks() == 1 && bytes.getData().length == 3 * plane) {
            byte[] pixels = bytes.getData();
            for (int i = 0; i < plane; i++) {
                chw[i] = (pixels[3 * i + 2] & 0xFF) * scale[0] + shift[0];
                chw[plane + i] = (pixels[3 * i + 1] & 0xFF) * scale[1] + shift[1];
                chw[2 * plane + i] = (pixels[3 * i] & 0xFF) * scale[2] + shift[2];
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
