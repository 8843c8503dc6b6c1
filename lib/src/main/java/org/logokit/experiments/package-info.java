/**
 * The experiments the detector chapters run, each one library method {@code run(Settings)}
 * returning a result object, called by the notebook and by a command-line {@code main} alike (for
 * long or GPU runs). Settings come per profile ({@code Settings.of(Profile)}); trained models are
 * saved under {@code <data>/models/<name>} and reused ({@link org.logokit.train.TrainedDetectors}).
 *
 * <p>Conventions: boxes XYXY pixels of the S × S input, as everywhere in {@code org.logokit.detect};
 * every model a method opens is closed before it returns, except the one in a result, which the
 * caller closes.
 */
package org.logokit.experiments;
