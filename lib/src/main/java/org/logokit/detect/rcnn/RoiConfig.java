package org.logokit.detect.rcnn;

import java.util.Objects;
import org.logokit.detect.PostProcess;

/**
 * Settings of the {@link RoiHeads} (saved in the detector's spec).
 *
 * @param pooler how RoIs are pooled (RoIPool, crop-and-resize or RoIAlign)
 * @param poolSize side of the pooled map (7)
 * @param representationSize width of the two fully connected layers (torchvision: 1024)
 * @param foregroundIoU a proposal with IoU at least this with a logo is foreground (0.5)
 * @param backgroundIoU a proposal whose best IoU is below this is background (0.5: background is
 *     [0, 0.5), nothing is ignored)
 * @param batchSizePerImage RoIs sampled per image for the loss (512)
 * @param positiveFraction largest share of foreground RoIs in that sample (0.25)
 * @param scoreThreshold detections must score more than this (0.05)
 * @param nmsThreshold class-wise NMS IoU threshold of the detections (0.5)
 * @param detectionsPerImage detections kept per image (100)
 * @param boxBeta smooth L1 threshold of the box loss (1/9)
 * @param seed seed of the RoI sampler
 */
public record RoiConfig(PoolerKind pooler, int poolSize, int representationSize, double foregroundIoU,
        double backgroundIoU, int batchSizePerImage, double positiveFraction, double scoreThreshold,
        double nmsThreshold, int detectionsPerImage, double boxBeta, long seed) {

    /** Checks the settings. */
    public RoiConfig {
        Objects.requireNonNull(pooler, "pooler");
        if (poolSize < 1 || representationSize < 1) {
            throw new IllegalArgumentException("poolSize and representationSize must be positive");
        }
        if (backgroundIoU > foregroundIoU) {
            throw new IllegalArgumentException("backgroundIoU must not exceed foregroundIoU");
        }
        if (batchSizePerImage < 1 || positiveFraction <= 0 || positiveFraction > 1) {
            throw new IllegalArgumentException("Need batchSizePerImage >= 1 and 0 < positiveFraction <= 1");
        }
        if (!(boxBeta > 0)) {
            throw new IllegalArgumentException("boxBeta must be positive, got " + boxBeta);
        }
    }

    /** torchvision's settings (512 RoIs, 25 % foreground, 7 × 7, 1024-wide MLP) with the given pooler. */
    public static RoiConfig defaults(PoolerKind pooler) {
        return new RoiConfig(pooler, 7, 1024, 0.5, 0.5, 512, 0.25, 0.05, 0.5, 100, 1.0 / 9, 2L);
    }

    /** This config with another pooler. */
    public RoiConfig withPooler(PoolerKind kind) {
        return new RoiConfig(kind, poolSize, representationSize, foregroundIoU, backgroundIoU, batchSizePerImage,
                positiveFraction, scoreThreshold, nmsThreshold, detectionsPerImage, boxBeta, seed);
    }

    /** This config with another MLP width. */
    public RoiConfig withRepresentationSize(int size) {
        return new RoiConfig(pooler, poolSize, size, foregroundIoU, backgroundIoU, batchSizePerImage,
                positiveFraction, scoreThreshold, nmsThreshold, detectionsPerImage, boxBeta, seed);
    }

    /** This config with another RoI sample per image. */
    public RoiConfig withSample(int perImage, double fraction) {
        return new RoiConfig(pooler, poolSize, representationSize, foregroundIoU, backgroundIoU, perImage, fraction,
                scoreThreshold, nmsThreshold, detectionsPerImage, boxBeta, seed);
    }

    /** This config with another score threshold for the detections. */
    public RoiConfig withScoreThreshold(double threshold) {
        return new RoiConfig(pooler, poolSize, representationSize, foregroundIoU, backgroundIoU, batchSizePerImage,
                positiveFraction, threshold, nmsThreshold, detectionsPerImage, boxBeta, seed);
    }

    /** The detection post-processing of these settings (class-wise NMS). */
    public PostProcess postProcess() {
        return PostProcess.builder().scoreThreshold(scoreThreshold).nmsThreshold(nmsThreshold)
                .maxDetections(detectionsPerImage).preNmsTopK(0).minBoxSize(1e-2).build();
    }
}
