/**
 * Logo scanning at scale on Apache Spark: {@link org.logokit.spark.SparkLogoScan} runs a saved
 * detector of the kit over a folder (or a list, or any Hadoop-compatible path) of images, in local
 * mode or on a cluster through {@code spark-submit}, unchanged.
 *
 * <p>Conventions: boxes are XYXY in the photo's own pixels, as {@link org.logokit.infer.LogoDetector}
 * returns them; each executor loads the detector once per concurrent task and reuses it for every
 * partition it runs ({@link org.logokit.spark.ExecutorDetectors}); NDArrays live in the detector's
 * per-batch sub-manager and are closed with it, so native memory stays flat. Unreadable images are
 * rows with an {@code error}, never a failed job. This module is built only with {@code -Pspark};
 * the course library has no Spark dependency.
 */
package org.logokit.spark;
