/**
 * SSD: default boxes on several feature maps, matched to the objects, with hard negative mining
 * and a smooth-L1 or IoU-family box loss ({@link org.logokit.detect.ssd.Ssd}).
 *
 * <p><b>Conventions.</b> Default boxes, predictions and detections are XYXY pixels of the S × S
 * input (SSD's normalised coordinates exist only inside {@link org.logokit.anchor.SsdDefaultBoxes});
 * offsets use SSD's coding ({@link org.logokit.box.SsdBoxCoder}, variances 0.1 and 0.2); class
 * index 0 of the heads is background, k + 1 is brand k. Default boxes and every per-box array are
 * ordered map by map (fine to coarse), then row, column, box.
 *
 * <p><b>Memory.</b> Per-batch arrays live on the images' manager; the default boxes are kept on
 * the host and created per batch.
 */
package org.logokit.detect.ssd;
