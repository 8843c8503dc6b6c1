package org.logokit.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.DataType;
import ai.djl.training.loss.Loss;

/**
 * Softmax cross-entropy where each class has a weight: the fix for a training set dominated by
 * one class (1,500 of FlickrLogos-32's 1,820 training images are no-logo).
 *
 * <p>For logits {@code z}, labels {@code y} and weights {@code w} the batch loss is
 * {@code sum_i w[y_i] * (-log softmax(z_i)[y_i]) / sum_i w[y_i]}, the same reduction as PyTorch's
 * {@code CrossEntropyLoss(weight=w)}. With all weights equal it is the ordinary mean
 * cross-entropy. Vectorised with a one-hot mask; works on every engine.
 */
public class WeightedSoftmaxCrossEntropyLoss extends Loss {

    private final float[] classWeights;

    /**
     * Creates the loss.
     *
     * @param classWeights one non-negative weight per class (e.g. from
     *     {@code LogoClassificationDataset.classWeights()}), not all zero
     */
    public WeightedSoftmaxCrossEntropyLoss(float[] classWeights) {
        super("WeightedSoftmaxCrossEntropyLoss");
        boolean anyPositive = false;
        for (float w : classWeights) {
            if (!(w >= 0) || Float.isInfinite(w)) {
                throw new IllegalArgumentException("class weights must be finite and >= 0, got " + w);
            }
            anyPositive |= w > 0;
        }
        if (!anyPositive) {
            throw new IllegalArgumentException("at least one class weight must be positive");
        }
        this.classWeights = classWeights.clone();
    }

    /** Returns a copy of the class weights. */
    public float[] classWeights() {
        return classWeights.clone();
    }

    @Override
    public NDArray evaluate(NDList labels, NDList predictions) {
        NDArray logits = predictions.singletonOrThrow();
        int numClasses = (int) logits.getShape().get(1);
        if (numClasses != classWeights.length) {
            throw new IllegalArgumentException("The model has " + numClasses + " outputs but "
                    + classWeights.length + " class weights were given");
        }
        NDArray oneHot = labels.singletonOrThrow().reshape(-1).toType(DataType.INT32, false)
                .oneHot(numClasses).toType(DataType.FLOAT32, false);
        NDArray weights = logits.getManager().create(classWeights).toDevice(logits.getDevice(), false);
        NDArray crossEntropy = oneHot.mul(logits.logSoftmax(1)).sum(new int[] {1}).neg();
        NDArray perImageWeight = oneHot.mul(weights).sum(new int[] {1});
        return crossEntropy.mul(perImageWeight).sum().div(perImageWeight.sum());
    }
}
