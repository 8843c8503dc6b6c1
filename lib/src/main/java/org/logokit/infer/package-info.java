/**
 * Using trained models on photos: {@link org.logokit.infer.LogoClassifier} (which brand is this?
 * softmax probabilities, top-k predictions with ties ordered by {@link org.logokit.nd.Ranking}, a
 * picture of the answer), {@link org.logokit.infer.LogoDetector} (where are the logos? any saved
 * detector) and the {@code detect} command ({@link org.logokit.infer.DetectCommand},
 * {@code lib/detect}).
 *
 * <p><b>Conventions.</b> Photos are prepared as the evaluation sets are (no augmentation);
 * results are in the photo's own pixels (XYXY boxes), plain Java values without native memory.
 * Models a class loads itself it also closes; models passed in stay open.
 *
 * <p><b>Memory rule.</b> Each call works on a sub-manager of the model's manager that is closed
 * before it returns.
 */
package org.logokit.infer;
