/**
 * Inference on single images with a saved model: preprocessing identical to evaluation, softmax
 * probabilities, top-k predictions (ties ordered by {@link org.logokit.nd.Ranking}) and a picture
 * of the answer.
 *
 * <p><b>Memory rule.</b> Each call works on a sub-manager of the model's manager that is closed
 * before it returns; results are plain Java objects.
 */
package org.logokit.infer;
