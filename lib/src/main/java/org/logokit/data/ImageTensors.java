package org.logokit.data;

import ai.djl.modality.cv.Image;
import ai.djl.modality.cv.ImageFactory;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
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
     * by {@code std}, per channel (vectorised, no per-pixel Java loop).
     *
     * @param image the image
     * @param manager the manager that will own the result
     * @param mean per-channel mean on 0..1 pixels (use {0,0,0} for none)
     * @param std per-channel standard deviation (use {1,1,1} for none)
     */
    public static NDArray toChw(BufferedImage image, NDManager manager, float[] mean, float[] std) {
        Image wrapped = ImageFactory.getInstance().fromImage(image);
        try (NDManager scratch = manager.newSubManager()) {
            NDArray hwc = wrapped.toNDArray(scratch, Image.Flag.COLOR).toType(DataType.FLOAT32, false);
            NDArray normalised = hwc.div(255f).sub(scratch.create(mean)).div(scratch.create(std))
                    .transpose(2, 0, 1);
            normalised.attach(manager);
            return normalised;
        }
    }
}
