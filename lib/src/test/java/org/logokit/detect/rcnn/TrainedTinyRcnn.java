package org.logokit.detect.rcnn;

import ai.djl.Model;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.training.ParameterStore;
import ai.djl.training.dataset.ArrayDataset;
import ai.djl.training.dataset.Batch;
import ai.djl.translate.TranslateException;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.logokit.data.ImageTensors;
import org.logokit.detect.DetectorArtifact;
import org.logokit.detect.Detections;
import org.logokit.detect.TinyScenes;
import org.logokit.detect.catalog.Detectors;
import org.logokit.train.Seeds;

/**
 * One tiny Faster R-CNN trained on one TinyScenes image, shared by the tests of a JVM (training it
 * takes a few seconds): the saved model, the image as pixels and its ground truth.
 */
public final class TrainedTinyRcnn {
    /** Steps of training. */
    public static final int STEPS = 40;

    private static TrainedTinyRcnn instance;

    /** Folder of the saved detector. */
    public final Path dir;
    /** The loss of every step. */
    public final List<Float> losses;
    /** The training image as a photo (ImageNet normalisation undone). */
    public final BufferedImage photo;
    /** Its logo, XYXY pixels of the 64 × 64 image. */
    public final float[] box;
    /** Its brand id. */
    public final int classId;

    /** The training image as the network saw it, (1, 3, S, S) values. */
    public final float[] input;
    /** What the model found in {@link #input} before it was saved. */
    public final Detections beforeSaving;

    private TrainedTinyRcnn(Path dir, List<Float> losses, BufferedImage photo, float[] box, int classId,
            float[] input, Detections beforeSaving) {
        this.input = input;
        this.beforeSaving = beforeSaving;
        this.dir = dir;
        this.losses = losses;
        this.photo = photo;
        this.box = box;
        this.classId = classId;
    }

    /** Trains (once per JVM) and returns the shared model. */
    public static synchronized TrainedTinyRcnn get() {
        if (instance == null) {
            try {
                instance = train();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            } catch (TranslateException e) {
                throw new IllegalStateException(e);
            }
        }
        return instance;
    }

    private static TrainedTinyRcnn train() throws IOException, TranslateException {
        Seeds.fix(3);
        Path dir = Files.createTempDirectory("tiny-rcnn");
        dir.toFile().deleteOnExit();
        try (NDManager manager = NDManager.newBaseManager();
                Model model = Detectors.newModel(TinyRcnn.fasterRcnnSpec(PoolerKind.ROI_ALIGN))) {
            ArrayDataset one = TinyScenes.dataset(manager, 1, TinyRcnn.SIZE, 18, 26, 5, 1, false);
            List<Float> losses = TinyRcnn.train(model, one, STEPS, 0.003f);
            Batch batch = one.getData(manager).iterator().next();
            NDArray images = batch.getData().head();
            Detections before = DetectorArtifact.detectorOf(model).detect(new ParameterStore(manager, false), images)
                    .get(0);
            DetectorArtifact.save(model, dir);
            NDArray image = images.get(0);
            float[] boxes = batch.getLabels().get(0).toFloatArray();
            float[] classes = batch.getLabels().get(1).toFloatArray();
            return new TrainedTinyRcnn(dir, List.copyOf(losses), toPhoto(image),
                    java.util.Arrays.copyOfRange(boxes, 0, 4), (int) classes[0], images.toFloatArray(), before);
        }
    }

    /** A (3, S, S) ImageNet-normalised tensor back to RGB pixels. */
    static BufferedImage toPhoto(NDArray chw) {
        int s = (int) chw.getShape().get(1);
        float[] v = chw.toFloatArray();
        BufferedImage image = new BufferedImage(s, s, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < s; y++) {
            for (int x = 0; x < s; x++) {
                int rgb = 0;
                for (int c = 0; c < 3; c++) {
                    float value = (v[(c * s + y) * s + x] * ImageTensors.IMAGENET_STD[c] + ImageTensors.IMAGENET_MEAN[c])
                            * 255f;
                    rgb = (rgb << 8) | Math.max(0, Math.min(255, Math.round(value)));
                }
                image.setRGB(x, y, rgb);
            }
        }
        return image;
    }
}
