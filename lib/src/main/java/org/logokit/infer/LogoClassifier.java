package org.logokit.infer;

import org.logokit.nd.Ranking;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
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
import org.logokit.data.augment.CenterCrop;
import org.logokit.data.augment.ResizeShorterSide;
import org.logokit.data.augment.TransformChain;
import org.logokit.model.BatchNormFolding;
import org.logokit.model.ModelArtifact;
import org.logokit.model.ModelSpec;

/**
 * Classifies an image with a trained model: the top-k classes with their softmax probabilities,
 * e.g. {@code [bmw (98.3%), no-logo (0.9%), ...]}.
 *
 * <p>Images are prepared exactly as the evaluation sets are
 * ({@code LogoClassificationDataset} without augmentation): shorter side scaled to 8/7 of the
 * model's input size, centre crop, pixels / 255, normalised with the spec's mean and std. The
 * forward pass runs in inference mode (batch norm uses its running statistics) on any engine.
 */
public final class LogoClassifier {

    private final ModelArtifact artifact;
    private final TransformChain preprocessing;

    /**
     * Wraps a trained model; the classifier does not close it. Its convolution + batch norm pairs
     * run folded in inference from now on ({@link BatchNormFolding}; training the model again
     * drops the fold).
     */
    public LogoClassifier(ModelArtifact artifact) {
        this.artifact = Objects.requireNonNull(artifact);
        BatchNormFolding.fold(artifact.model().getBlock());
        int size = artifact.spec().imageSize();
        preprocessing = TransformChain.of(new ResizeShorterSide(Math.round(size * 8f / 7f)), new CenterCrop(size, size));
    }

    /** Returns the model's description. */
    public ModelSpec spec() {
        return artifact.spec();
    }

    /**
     * Classifies an image file.
     *
     * @throws IOException when the file is missing or not an image the JDK can decode
     */
    public List<Prediction> classify(Path imageFile, int k) throws IOException {
        if (!Files.isRegularFile(imageFile)) {
            throw new IOException("No image file at " + imageFile.toAbsolutePath());
        }
        BufferedImage image = ImageIO.read(imageFile.toFile());
        if (image == null) {
            throw new IOException(imageFile + " is not an image format Java can read (use JPEG or PNG)");
        }
        return classify(image, k);
    }

    /**
     * Classifies an image.
     *
     * @param k how many classes to return (capped at the class count)
     * @return the k most probable classes, most probable first
     */
    public List<Prediction> classify(BufferedImage image, int k) {
        if (k <= 0) {
            throw new IllegalArgumentException("k must be positive, got " + k);
        }
        ModelSpec spec = artifact.spec();
        BufferedImage prepared = preprocessing.apply(
                new AnnotatedImage(image, List.of(), List.of()), new Random(0)).image();
        try (NDManager manager = artifact.model().getNDManager().newSubManager()) {
            NDArray input = ImageTensors.toChw(prepared, manager, spec.mean(), spec.std()).expandDims(0);
            NDArray scores = artifact.model().getBlock()
                    .forward(new ParameterStore(manager, false), new NDList(input), false)
                    .singletonOrThrow();
            float[] probabilities = scores.softmax(1).reshape(-1).toType(DataType.FLOAT32, false).toFloatArray();
            // Ranking: the same order on every engine when two classes tie
            long[] order = Ranking.descending(probabilities);
            List<Prediction> top = new ArrayList<>();
            for (int i = 0; i < Math.min(k, order.length); i++) {
                int id = (int) order[i];
                top.add(new Prediction(spec.classes().get(id), id, probabilities[id]));
            }
            return top;
        }
    }
}
