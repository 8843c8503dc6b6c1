/**
 * The experiments of the one-stage chapters (08 YOLO, 09 SSD): each is one library method,
 * {@code run(Settings)}, that the notebook and a command-line {@code main} both call, returning a
 * result object with the trained detectors' histories and test reports.
 *
 * <p>Every detector is trained on {@link org.logokit.data.DetectionSplits} (the course's one
 * detection protocol) by {@link org.logokit.train.DetectorTrainer}, saved under
 * {@code <data>/models/<name>} and reused on later runs ({@link org.logokit.train.TrainedDetectors});
 * test numbers come from {@link org.logokit.eval.DetectionEvaluator}. Boxes are XYXY pixels of the
 * S × S network input throughout.
 */
package org.logokit.onestage;
