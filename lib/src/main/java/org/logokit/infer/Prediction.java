package org.logokit.infer;

/**
 * One answer of a classifier.
 *
 * @param className the class (brand) name
 * @param classId its index in the model's output
 * @param probability softmax probability in [0, 1]
 */
public record Prediction(String className, int classId, double probability) {

    @Override
    public String toString() {
        return String.format(java.util.Locale.ROOT, "%s (%.1f%%)", className, 100 * probability);
    }
}
