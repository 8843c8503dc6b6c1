/**
 * Evaluation of detectors and classifiers: pycocotools-compatible mAP and mAR
 * ({@link org.logokit.eval.MeanAveragePrecision}, {@link org.logokit.eval.DetectionMetrics}) with
 * COCO area ranges, 1 / 10 / 100 detections, any class ids and the VOC devkit's matching rule as an
 * option; precision-recall curves; the per-image matching behind a TP / FP picture; the
 * FlickrLogos-32 evaluation script's scores; and a seeded simulated detector for teaching the
 * metrics before any detector is trained.
 *
 * <p><b>Conventions.</b> Boxes are XYXY pixels (no +1), areas (x2 - x1)(y2 - y1); overlaps come
 * from {@link org.logokit.box.IoU}, boxes are validated by {@link org.logokit.box.BoxCheck}. A class
 * without ground truth is absent ({@link org.logokit.eval.DetectionMetrics#ABSENT} = -1, COCO's
 * convention), never NaN, and left out of means.
 *
 * <p><b>Memory rule.</b> Evaluation is plain Java: {@code of(NDArray...)} factories copy what they
 * need to the host at once and keep no NDArray, so inputs may be closed right after.
 */
package org.logokit.eval;
