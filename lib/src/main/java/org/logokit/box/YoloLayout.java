package org.logokit.box;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import org.logokit.nd.Concat;

/**
 * Where YOLO keeps what in its output tensor, and how the numbers become boxes and confidences:
 * {@link V1} for YOLOv1's S x S x (5B + C) volume, {@link V2} for YOLOv2's S x S x B x (5 + C).
 *
 * <p><b>YOLOv1</b> (Redmon et al. 2016): per grid cell B boxes {@code (x, y, w, h, confidence)}
 * followed by C class probabilities shared by the cell's boxes. (x, y) is the box centre inside the
 * cell in cell units [0, 1], (w, h) the size as a fraction of the image; the outputs are used as
 * they are (no activation). The class-specific confidence of box b is
 * {@code Pr(class | object) * confidence_b}, which estimates {@code Pr(class) * IoU}. This is the
 * layout {@link org.logokit.loss.YoloV1Loss} trains.
 *
 * <p><b>YOLOv2</b> (Redmon and Farhadi 2017): a convolution outputs {@code B * (5 + C)} channels per
 * cell, channel {@code b * (5 + C) + k} holding entry k of anchor b (Darknet's order): raw
 * {@code (tx, ty, tw, th)} decoded by {@link YoloBoxCoder}, the objectness logit {@code to} with
 * {@code objectness = sigmoid(to)}, then C class logits; the class confidence is
 * {@code sigmoid(to) * softmax(logits)_c}.
 *
 * <p>Grids are (N, S, S, ...) with row index i (vertical) before column j; boxes in pixels are
 * {@link BoxFormat#XYXY}. Results live on the manager of the input (differentiable, no scratch).
 */
public final class YoloLayout {
    private YoloLayout() {}

    /** YOLOv1's output layout: S x S cells, B boxes per cell, C classes. */
    public static final class V1 {
        private final int gridSize;
        private final int boxesPerCell;
        private final int numClasses;

        /**
         * @param gridSize S (7 in the paper)
         * @param boxesPerCell B (2 in the paper)
         * @param numClasses C (20 for VOC, 32 for FlickrLogos-32)
         */
        public V1(int gridSize, int boxesPerCell, int numClasses) {
            requirePositive(gridSize, "gridSize");
            requirePositive(boxesPerCell, "boxesPerCell");
            requirePositive(numClasses, "numClasses");
            this.gridSize = gridSize;
            this.boxesPerCell = boxesPerCell;
            this.numClasses = numClasses;
        }

        /** Numbers per cell: 5B + C (30 for the paper's S = 7, B = 2, C = 20). */
        public int valuesPerCell() {
            return 5 * boxesPerCell + numClasses;
        }

        /** Numbers per image: S * S * (5B + C) (1,470 for the paper). */
        public long outputSize() {
            return (long) gridSize * gridSize * valuesPerCell();
        }

        /**
         * The output as a grid.
         *
         * @param output (N, S*S*(5B+C)) as a dense layer gives it, or already (N, S, S, 5B+C)
         * @return (N, S, S, 5B + C)
         */
        public NDArray grid(NDArray output) {
            Shape shape = output.getShape();
            if (shape.dimension() == 4 && shape.get(1) == gridSize && shape.get(2) == gridSize
                    && shape.get(3) == valuesPerCell()) {
                return output;
            }
            if (shape.dimension() != 2 || shape.get(1) != outputSize()) {
                throw new IllegalArgumentException("A YOLOv1 output with S = " + gridSize + ", B = "
                        + boxesPerCell + ", C = " + numClasses + " is (N, " + outputSize()
                        + ") or (N, " + gridSize + ", " + gridSize + ", " + valuesPerCell()
                        + "), got " + shape);
            }
            return output.reshape(shape.get(0), gridSize, gridSize, valuesPerCell());
        }

        /** (N, S, S, B, 4): each box's raw (x, y, w, h): centre in its cell, size as image fraction. */
        public NDArray boxes(NDArray output) {
            NDArray g = grid(output);
            return g.get("..., 0:" + 5 * boxesPerCell).reshape(g.getShape().get(0), gridSize,
                    gridSize, boxesPerCell, 5).get("..., 0:4");
        }

        /** (N, S, S, B): each box's confidence (Pr(object) * IoU). */
        public NDArray confidence(NDArray output) {
            NDArray g = grid(output);
            return g.get("..., 0:" + 5 * boxesPerCell).reshape(g.getShape().get(0), gridSize,
                    gridSize, boxesPerCell, 5).get("..., 4");
        }

        /** (N, S, S, C): the cell's class probabilities Pr(class | object). */
        public NDArray classProbabilities(NDArray output) {
            return grid(output).get("..., " + 5 * boxesPerCell + ":");
        }

        /** (N, S, S, B, C): class-specific confidence {@code Pr(class | object) * confidence_b}. */
        public NDArray classConfidence(NDArray output) {
            return confidence(output).expandDims(-1).mul(classProbabilities(output).expandDims(3));
        }

        /**
         * Every box in pixels of the input image.
         *
         * @param output the network output (see {@link #grid})
         * @param imageWidth input width in pixels
         * @param imageHeight input height in pixels
         * @return (N, S, S, B, 4) XYXY pixels:
         *     {@code cx = (j + x) / S * width, w = w * width} and likewise for y
         */
        public NDArray boxesXyxy(NDArray output, double imageWidth, double imageHeight) {
            NDArray raw = boxes(output);
            NDArray offsets = YoloBoxCoder.cellOffsets(raw).reshape(1, gridSize,
                    gridSize, 1, 2).toType(raw.getDataType(), false);
            NDArray cxcy = raw.get("..., 0:2").add(offsets).div(gridSize);
            NDArray cxcywh = Concat.along(java.util.List.of(cxcy, raw.get("..., 2:4")), -1);
            return Boxes.scale(BoxFormat.CXCYWH.toXyxy(cxcywh), imageWidth, imageHeight);
        }

        /** S. */
        public int gridSize() {
            return gridSize;
        }

        /** B. */
        public int boxesPerCell() {
            return boxesPerCell;
        }

        /** C. */
        public int numClasses() {
            return numClasses;
        }
    }

    /** YOLOv2's output layout: S x S cells, B anchors per cell, C classes. */
    public static final class V2 {
        private final int gridSize;
        private final int anchors;
        private final int numClasses;

        /**
         * @param gridSize S (13 for a 416-pixel input)
         * @param anchors B (5 in the paper)
         * @param numClasses C
         */
        public V2(int gridSize, int anchors, int numClasses) {
            requirePositive(gridSize, "gridSize");
            requirePositive(anchors, "anchors");
            requirePositive(numClasses, "numClasses");
            this.gridSize = gridSize;
            this.anchors = anchors;
            this.numClasses = numClasses;
        }

        /** Numbers per anchor: 5 + C. */
        public int valuesPerAnchor() {
            return 5 + numClasses;
        }

        /** Output channels of the last convolution: B * (5 + C) (125 for B = 5, C = 20). */
        public int channels() {
            return anchors * valuesPerAnchor();
        }

        /** Numbers per image: S * S * B * (5 + C) (19 x 19 x 125 = 45,125 for S = 19, B = 5, C = 20). */
        public long outputSize() {
            return (long) gridSize * gridSize * channels();
        }

        /**
         * The convolution output as a grid of anchors.
         *
         * @param nchw (N, B*(5+C), S, S) as the last convolution gives it
         * @return (N, S, S, B, 5 + C), entry k of anchor b of cell (i, j) at [n, i, j, b, k]
         */
        public NDArray grid(NDArray nchw) {
            Shape shape = nchw.getShape();
            if (shape.dimension() != 4 || shape.get(1) != channels() || shape.get(2) != gridSize
                    || shape.get(3) != gridSize) {
                throw new IllegalArgumentException("A YOLOv2 output with S = " + gridSize + ", B = "
                        + anchors + ", C = " + numClasses + " is (N, " + channels() + ", "
                        + gridSize + ", " + gridSize + "), got " + shape);
            }
            return nchw.reshape(shape.get(0), anchors, valuesPerAnchor(), gridSize, gridSize)
                    .transpose(0, 3, 4, 1, 2);
        }

        /** (N, S, S, B, 4): the raw (tx, ty, tw, th) of a {@link #grid}. */
        public NDArray rawBoxes(NDArray grid) {
            return grid.get("..., 0:4");
        }

        /** (N, S, S, B): {@code sigmoid(to)}, the estimate of Pr(object) * IoU. */
        public NDArray objectness(NDArray grid) {
            return Activation.sigmoid(grid.get("..., 4"));
        }

        /** (N, S, S, B, C): softmax of the class logits, Pr(class | object). */
        public NDArray classProbabilities(NDArray grid) {
            return grid.get("..., 5:").softmax(-1);
        }

        /** (N, S, S, B, C): class confidence {@code sigmoid(to) * softmax(logits)_c}. */
        public NDArray classConfidence(NDArray grid) {
            return objectness(grid).expandDims(-1).mul(classProbabilities(grid));
        }

        /**
         * Every anchor's box in pixels.
         *
         * @param grid (N, S, S, B, 5 + C) from {@link #grid}
         * @param anchorSizes (B, 2) anchor priors (width, height) in grid cells
         * @param stride pixels per cell (input size / S)
         * @return (N, S, S, B, 4) XYXY pixels
         */
        public NDArray boxesXyxy(NDArray grid, NDArray anchorSizes, double stride) {
            NDArray cells = YoloBoxCoder.decode(rawBoxes(grid), anchorSizes);
            return Boxes.scale(BoxFormat.CXCYWH.toXyxy(cells), stride, stride);
        }

        /** S. */
        public int gridSize() {
            return gridSize;
        }

        /** B. */
        public int anchors() {
            return anchors;
        }

        /** C. */
        public int numClasses() {
            return numClasses;
        }
    }

    private static void requirePositive(int value, String name) {
        if (value < 1) {
            throw new IllegalArgumentException(name + " must be at least 1, got " + value);
        }
    }
}
