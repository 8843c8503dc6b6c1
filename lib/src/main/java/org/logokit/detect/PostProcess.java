package org.logokit.detect;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.logokit.box.Boxes;
import org.logokit.box.Nms;
import org.logokit.nd.Indices;

/**
 * The last step of every detector, from decoded boxes and per-class scores of one image to its
 * {@link Detections} (torchvision's {@code postprocess_detections}):
 *
 * <ol>
 *   <li>every (box, class) pair is a candidate with that class's score; candidates at or below
 *       {@link Builder#scoreThreshold} are dropped;
 *   <li>the {@link Builder#preNmsTopK} best candidates are kept (0 keeps all);
 *   <li>boxes are clipped to the image and boxes thinner than {@link Builder#minBoxSize} dropped;
 *   <li>non-maximum suppression per class (boxes of different brands never suppress each other),
 *       or over all classes with {@link Builder#classAgnostic};
 *   <li>the {@link Builder#maxDetections} best survivors are returned, by decreasing score.
 * </ol>
 *
 * <p>Boxes come in as XYXY pixels of the input image, either one box per location shared by all
 * classes (N, 4) (SSD, YOLO, RetinaNet) or one per class (N, C, 4) (the R-CNN head). Scores are
 * (N, C) probabilities of the C brands (background column already removed). Everything stays
 * vectorised; only the final, short lists go to the host.
 */
public final class PostProcess {
    private final double scoreThreshold;
    private final double nmsThreshold;
    private final int preNmsTopK;
    private final int maxDetections;
    private final double minBoxSize;
    private final boolean classAgnostic;

    private PostProcess(Builder b) {
        scoreThreshold = b.scoreThreshold;
        nmsThreshold = b.nmsThreshold;
        preNmsTopK = b.preNmsTopK;
        maxDetections = b.maxDetections;
        minBoxSize = b.minBoxSize;
        classAgnostic = b.classAgnostic;
    }

    /** torchvision's Faster R-CNN defaults: score &gt; 0.05, class-wise NMS 0.5, 100 per image. */
    public static Builder builder() {
        return new Builder();
    }

    /** The defaults of {@link #builder()}. */
    public static PostProcess defaults() {
        return builder().build();
    }

    /**
     * Detections of every image of a batch, for detectors whose {@code predict} returns
     * {@code (boxes (B, N, 4) or (B, N, C, 4), scores (B, N, C))} in the pixels of a square input.
     *
     * @param raw the detector's predict output
     * @param imageSize input width and height in pixels
     * @return one Detections per image, in batch order
     */
    public List<Detections> applyToBatch(NDList raw, int imageSize) {
        List<Detections> result = new ArrayList<>();
        for (int i = 0; i < raw.get(0).getShape().get(0); i++) {
            result.add(apply(raw.get(0).get(i), raw.get(1).get(i), imageSize, imageSize));
        }
        return result;
    }

    /**
     * Detections of one image.
     *
     * @param boxes (N, 4) or (N, C, 4) XYXY pixels of the input image
     * @param scores (N, C) per-class scores in [0, 1]
     * @param imageWidth input width in pixels (boxes are clipped to it)
     * @param imageHeight input height in pixels
     * @return the detections, by decreasing score
     */
    public Detections apply(NDArray boxes, NDArray scores, int imageWidth, int imageHeight) {
        Shape ss = scores.getShape();
        Shape bs = boxes.getShape();
        if (ss.dimension() != 2) {
            throw new IllegalArgumentException("scores must be (N, C), got " + ss);
        }
        long n = ss.get(0);
        long c = ss.get(1);
        boolean perClass = bs.dimension() == 3;
        if (bs.get(0) != n || bs.get(bs.dimension() - 1) != 4 || (perClass && bs.get(1) != c)
                || bs.dimension() < 2 || bs.dimension() > 3) {
            throw new IllegalArgumentException("boxes must be (N, 4) or (N, C, 4) for scores " + ss
                    + ", got " + bs);
        }
        if (n == 0 || c == 0) {
            return Detections.none();
        }
        try (NDManager scratch = scores.getManager().newSubManager()) {
            NDArray flat = scores.toType(DataType.FLOAT32, false).reshape(-1);
            flat.attach(scratch);
            NDArray candidates = Nms.aboveScore(flat, scoreThreshold);
            if (candidates.size() == 0) {
                return Detections.none();
            }
            NDArray candidateScores = Indices.rows(flat, candidates);
            if (preNmsTopK > 0 && candidates.size() > preNmsTopK) {
                NDArray top = Nms.topK(candidateScores, preNmsTopK);
                candidates = Indices.rows(candidates, top);
                candidateScores = Indices.rows(candidateScores, top);
            }
            // flat index = box * C + class; float64 division is exact for these integer sizes
            NDArray boxIndex = candidates.toType(DataType.FLOAT64, false).div(c).floor();
            NDArray classIds = candidates.toType(DataType.FLOAT64, false).sub(boxIndex.mul(c));
            NDArray chosen = perClass
                    ? Indices.rows(boxes.toType(DataType.FLOAT32, false).reshape(-1, 4), candidates)
                    : Indices.rows(boxes.toType(DataType.FLOAT32, false), boxIndex.toType(DataType.INT64, false));
            chosen = Boxes.clip(chosen, imageWidth, imageHeight);
            NDArray big = Boxes.removeSmall(chosen, minBoxSize);
            chosen = Indices.rows(chosen, big);
            candidateScores = Indices.rows(candidateScores, big);
            classIds = Indices.rows(classIds, big);
            if (chosen.getShape().get(0) == 0) {
                return Detections.none();
            }
            NDArray keep = classAgnostic
                    ? Nms.nms(chosen, candidateScores, nmsThreshold)
                    : Nms.batched(chosen, candidateScores, classIds, nmsThreshold);
            if (keep.size() > maxDetections) {
                keep = keep.get("0:" + maxDetections);
            }
            return Detections.of(Indices.rows(chosen, keep), Indices.rows(candidateScores, keep),
                    Indices.rows(classIds, keep));
        }
    }

    /** Score threshold (candidates must score strictly more). */
    public double scoreThreshold() {
        return scoreThreshold;
    }

    /** IoU above which NMS suppresses a box. */
    public double nmsThreshold() {
        return nmsThreshold;
    }

    /** Detections kept per image. */
    public int maxDetections() {
        return maxDetections;
    }

    /** A builder starting from this one's settings. */
    public Builder toBuilder() {
        return new Builder().scoreThreshold(scoreThreshold).nmsThreshold(nmsThreshold)
                .preNmsTopK(preNmsTopK).maxDetections(maxDetections).minBoxSize(minBoxSize)
                .classAgnostic(classAgnostic);
    }

    @Override
    public String toString() {
        return String.format(Locale.ROOT, "PostProcess[score > %.3g, %s NMS %.2f, pre-NMS top %d, max %d]",
                scoreThreshold, classAgnostic ? "class-agnostic" : "class-wise", nmsThreshold, preNmsTopK,
                maxDetections);
    }

    /** Settings of a {@link PostProcess}. */
    public static final class Builder {
        private double scoreThreshold = 0.05;
        private double nmsThreshold = 0.5;
        private int preNmsTopK = 1000;
        private int maxDetections = 100;
        private double minBoxSize = 1e-2;
        private boolean classAgnostic;

        private Builder() {}

        /** Candidates must score strictly more than this (default 0.05). */
        public Builder scoreThreshold(double value) {
            if (!(value >= 0 && value < 1)) {
                throw new IllegalArgumentException("scoreThreshold must be in [0, 1), got " + value);
            }
            scoreThreshold = value;
            return this;
        }

        /** NMS suppresses a box whose IoU with a better one of its class exceeds this (default 0.5). */
        public Builder nmsThreshold(double value) {
            if (!(value > 0 && value <= 1)) {
                throw new IllegalArgumentException("nmsThreshold must be in (0, 1], got " + value);
            }
            nmsThreshold = value;
            return this;
        }

        /** Candidates kept before NMS, the best first (default 1000; 0 keeps all). */
        public Builder preNmsTopK(int value) {
            if (value < 0) {
                throw new IllegalArgumentException("preNmsTopK must be >= 0, got " + value);
            }
            preNmsTopK = value;
            return this;
        }

        /** Detections kept per image (default 100, COCO's limit). */
        public Builder maxDetections(int value) {
            if (value < 1) {
                throw new IllegalArgumentException("maxDetections must be >= 1, got " + value);
            }
            maxDetections = value;
            return this;
        }

        /** Boxes with a side below this many pixels are dropped after clipping (default 0.01). */
        public Builder minBoxSize(double value) {
            minBoxSize = value;
            return this;
        }

        /** One NMS over all classes instead of one per class (default false). */
        public Builder classAgnostic(boolean value) {
            classAgnostic = value;
            return this;
        }

        /** The post-processing step. */
        public PostProcess build() {
            return new PostProcess(this);
        }
    }
}
