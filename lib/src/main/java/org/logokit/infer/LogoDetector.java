package org.logokit.infer;

import ai.djl.Model;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.training.ParameterStore;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Random;
import javax.imageio.ImageIO;
import org.logokit.data.AnnotatedImage;
import org.logokit.data.ImageTensors;
import org.logokit.data.augment.Resize;
import org.logokit.detect.Detections;
import org.logokit.detect.Detector;
import org.logokit.detect.DetectorArtifact;
import org.logokit.detect.DetectorSpec;
import org.logokit.detect.catalog.Detectors;
import org.logokit.model.BatchNormFolding;

/**
 * Finds logos in photos with any saved detector (Faster R-CNN, the standalone RPN, YOLO, SSD...):
 * the photo is resized to the detector's S × S input (as the evaluation sets are: stretched, no
 * augmentation), normalised with the spec's mean and std, run in inference mode, post-processed,
 * and the boxes are scaled back to the photo's own pixels.
 *
 * <pre>{@code
 * try (LogoDetector detector = LogoDetector.load(Path.of("data/models/07-faster-rcnn-full"))) {
 *     Detections found = detector.detect(photo);   // boxes in the photo's pixels
 * }
 * }</pre>
 */
public final class LogoDetector implements AutoCloseable {
    private final Model model;
    private final boolean ownsModel;
    private final Detector detector;
    private final Resize resize;

    private LogoDetector(Model model, boolean ownsModel) {
        this.model = Objects.requireNonNull(model, "model");
        this.ownsModel = ownsModel;
        this.detector = DetectorArtifact.detectorOf(model);
        int size = detector.imageSize();
        this.resize = new Resize(size, size);
    }

    /**
     * Loads a saved detector ({@code detector.json} + parameters, as training saves them).
     *
     * @throws IOException when the folder holds no detector or it does not fit its spec
     */
    public static LogoDetector load(Path dir) throws IOException {
        Model model = Detectors.load(dir);
        BatchNormFolding.fold(model.getBlock()); // inference only: conv + batch norm pairs as one convolution
        return new LogoDetector(model, true);
    }

    /** Wraps a model whose block is a {@link Detector}; {@link #close()} leaves it open. */
    public static LogoDetector of(Model model) {
        return new LogoDetector(model, false);
    }

    /** What the detector is (kind, classes, input size). */
    public DetectorSpec spec() {
        return detector.spec();
    }

    /** Brand names by class id. */
    public List<String> classNames() {
        return detector.classNames();
    }

    /**
     * Detects logos in an image file.
     *
     * @throws IOException when the file is missing or not an image Java can decode
     */
    public Detections detect(Path imageFile) throws IOException {
        return detect(read(imageFile));
    }

    /** Detects logos in one photo; boxes in its own pixels, best first. */
    public Detections detect(BufferedImage image) {
        return detect(List.of(image)).get(0);
    }

    /**
     * Detects logos in several photos in one batch (any sizes).
     *
     * @return one result per photo, boxes in that photo's pixels
     */
    public List<Detections> detect(List<BufferedImage> images) {
        if (images.isEmpty()) {
            return List.of();
        }
        DetectorSpec spec = detector.spec();
        int size = spec.imageSize();
        List<Detections> result = new ArrayList<>();
        try (NDManager manager = model.getNDManager().newSubManager()) {
            NDList inputs = new NDList();
            for (BufferedImage image : images) {
                Objects.requireNonNull(image, "image");
                BufferedImage resized = resize.apply(new AnnotatedImage(image, List.of(), List.of()),
                        new Random(0)).image();
                inputs.add(ImageTensors.toChw(resized, manager, spec.mean(), spec.std()));
            }
            NDArray batch = inputs.size() == 1 ? inputs.head().expandDims(0) : NDArrays.stack(inputs);
            List<Detections> found = detector.detect(new ParameterStore(manager, false), batch);
            for (int i = 0; i < images.size(); i++) {
                BufferedImage image = images.get(i);
                result.add(found.get(i).scaled((double) image.getWidth() / size, (double) image.getHeight() / size));
            }
        }
        return result;
    }

    /**
     * Reads an image file.
     *
     * @throws IOException when it is missing, unreadable or not an image format Java can decode
     */
    public static BufferedImage read(Path imageFile) throws IOException {
        if (!Files.isRegularFile(imageFile)) {
            throw new IOException("No image file at " + imageFile.toAbsolutePath());
        }
        BufferedImage image;
        try {
            image = ImageIO.read(imageFile.toFile());
        } catch (IOException | RuntimeException e) {
            throw new IOException(imageFile.getFileName() + " cannot be decoded (" + e.getMessage() + ")", e);
        }
        if (image == null) {
            throw new IOException(imageFile.getFileName() + " is not an image format Java can read (use JPEG or PNG)");
        }
        if (image.getWidth() < 1 || image.getHeight() < 1) {
            throw new IOException(imageFile.getFileName() + " has no pixels");
        }
        return image;
    }

    /** Closes the model when this detector loaded it. */
    @Override
    public void close() {
        if (ownsModel) {
            model.close();
        }
    }
}
