/**
 * Network architectures and model bookkeeping: the real ResNet-18 and its quarter-width variant,
 * the seed CNN, a batch norm that becomes a fixed affine map while frozen ({@link
 * org.logokit.model.FreezableBatchNorm}), named sequential blocks (freeze or replace blocks by
 * name), parameter counts,
 * convolution arithmetic, and {@link org.logokit.model.ModelArtifact} (a saved model with its
 * {@link org.logokit.model.ModelSpec}: classes, input size, normalisation).
 *
 * <p><b>Conventions.</b> Images are NCHW float32, normalised with the spec's mean and std.
 *
 * <p><b>Memory rule.</b> Parameters belong to the model's manager; a {@code ModelArtifact} owns its
 * model and must be closed (try-with-resources). Helpers that only read shapes create no arrays.
 * The kit's chains ({@link org.logokit.model.NamedSequentialBlock}, {@link
 * org.logokit.model.ReleasingSequentialBlock}, {@link org.logokit.model.BasicBlock}) free each
 * link's arrays during inference once the next link has used them ({@link
 * org.logokit.model.ReleasingForward}), so an inference pass holds a few activations, not all of them.
 * The kit's inference entry points (LogoClassifier, LogoDetector, the detection evaluator) also run
 * each convolution + batch norm pair as one folded convolution ({@link
 * org.logokit.model.BatchNormFolding}); training passes and loading parameters drop the fold.
 */
package org.logokit.model;
