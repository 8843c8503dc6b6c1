package org.logokit.detect;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import java.util.List;

/**
 * What every detector of the course is: a DJL block with two forward passes.
 *
 * <ul>
 *   <li><b>Training</b> ({@code forward(parameterStore, images, labels, params)}, which DJL's
 *       {@code EasyTrain.trainBatch} calls): the images and their padded ground truth go in, the
 *       detector assigns targets itself and returns its <em>loss terms</em>, one scalar per name in
 *       {@link #lossNames()} (e.g. {@code rpn_objectness, rpn_box, roi_class, roi_box}). A
 *       {@link DetectionLoss} adds them up, so the trainer needs no detector-specific code. This is
 *       torchvision's "dict of losses in training" in DJL's terms.
 *   <li><b>Inference</b> ({@code forward(parameterStore, images, training, params)}): raw outputs
 *       (scores and box deltas, proposals...), which {@link #postProcess(NDList)} turns into one
 *       {@link Detections} per image.
 * </ul>
 *
 * <p>Images are (B, 3, S, S) float32, normalised as {@link #spec()} says; boxes everywhere are XYXY
 * pixels of that S × S input. Subclasses implement {@link #computeLosses}, {@link #predict},
 * {@link #postProcess}, {@link #lossNames()}, {@link #spec()}, and DJL's
 * {@code initializeChildBlocks} / {@code getOutputShapes}.
 */
public abstract class Detector extends AbstractBlock {

    /** @param version the block's parameter-format version (DJL's block versioning) */
    protected Detector(byte version) {
        super(version);
    }

    /** What this detector is: kind, classes, input size and settings (saved with its weights). */
    public abstract DetectorSpec spec();

    /** The names of the loss terms {@link #computeLosses} returns, in order. */
    public abstract List<String> lossNames();

    /**
     * The training forward pass: targets are assigned inside, loss terms come out.
     *
     * @param parameterStore DJL's parameter store (of the trainer)
     * @param images (B, 3, S, S) normalised images
     * @param targets their ground truth
     * @param params DJL's optional parameters (usually null)
     * @return one scalar loss per entry of {@link #lossNames()}, in that order
     */
    protected abstract NDList computeLosses(ParameterStore parameterStore, NDArray images,
            DetectionBatch targets, PairList<String, Object> params);

    /**
     * The inference forward pass.
     *
     * @param parameterStore DJL's parameter store
     * @param images (B, 3, S, S) normalised images
     * @param training whether DJL asked for a training-mode pass (batch-norm statistics)
     * @param params DJL's optional parameters (usually null)
     * @return the raw outputs {@link #postProcess} understands
     */
    protected abstract NDList predict(ParameterStore parameterStore, NDArray images, boolean training,
            PairList<String, Object> params);

    /**
     * Turns raw outputs of {@link #predict} into detections.
     *
     * @param rawOutputs what {@link #predict} returned for a batch of B images
     * @return B detections, boxes in input-image pixels, by decreasing score
     */
    public abstract List<Detections> postProcess(NDList rawOutputs);

    /** The classes (brand names by id). */
    public final List<String> classNames() {
        return spec().classes();
    }

    /** Number of classes, without background. */
    public final int numClasses() {
        return spec().numClasses();
    }

    /** Side of the square input image in pixels. */
    public final int imageSize() {
        return spec().imageSize();
    }

    /** The shape to initialise the block with: one image (1, 3, S, S). */
    public final Shape inputShape() {
        return new Shape(1, 3, imageSize(), imageSize());
    }

    /**
     * Runs inference on a batch and post-processes it.
     *
     * @param parameterStore e.g. {@code new ParameterStore(manager, false)} outside training
     * @param images (B, 3, S, S) normalised images
     * @return B detections
     */
    public List<Detections> detect(ParameterStore parameterStore, NDArray images) {
        NDList raw = forward(parameterStore, new NDList(images), false, null);
        return postProcess(raw);
    }

    @Override
    protected final NDList forwardInternal(ParameterStore parameterStore, NDList data, NDList labels,
            PairList<String, Object> params) {
        NDList losses = computeLosses(parameterStore, data.head(), DetectionBatch.of(labels), params);
        List<String> names = lossNames();
        if (losses.size() != names.size()) {
            throw new IllegalStateException(getClass().getSimpleName() + " returned " + losses.size()
                    + " loss terms but names " + names.size() + ": " + names);
        }
        for (int i = 0; i < names.size(); i++) {
            losses.get(i).setName(names.get(i));
        }
        return losses;
    }

    @Override
    protected final NDList forwardInternal(ParameterStore parameterStore, NDList inputs,
            boolean training, PairList<String, Object> params) {
        return predict(parameterStore, inputs.head(), training, params);
    }
}
