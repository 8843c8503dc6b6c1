/**
 * Training loops on DJL's {@code EasyTrain}: the classifier trainer with per-epoch reports,
 * best-epoch checkpoints and resume, divergence guard, confusion matrix, learning histories.
 *
 * <p><b>Conventions.</b> Progress goes to standard output (never stderr); checkpoints are written
 * atomically; seeds are fixed with {@link org.logokit.train.Seeds}.
 *
 * <p><b>Memory rule.</b> Each batch runs under DJL's per-batch manager, closed after the step;
 * the confusion matrix evaluates under a sub-manager of the model's manager that it closes.
 */
package org.logokit.train;
