package org.logokit.loss;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.loss.Loss;
import org.logokit.box.IoU;
import org.logokit.box.IoUKind;
import org.logokit.nd.Select;

/**
 * The YOLO v1 loss (Redmon et al. 2016): a sum of squared errors over an S x S grid with B boxes
 * per cell and C classes.
 *
 * <pre>
 *   lambda_coord * sum 1obj_ij [(x - x̂)² + (y - ŷ)²]
 * + lambda_coord * sum 1obj_ij [(√w - √ŵ)² + (√h - √ĥ)²]
 * +                sum 1obj_ij (C - Ĉ)²
 * + lambda_noobj * sum 1noobj_ij (C - 0)²
 * +                sum 1obj_i sum_c (p(c) - p̂(c))²
 * </pre>
 *
 * <p>{@code 1obj_ij} marks the <em>responsible</em> predictor: of the B boxes of a cell that holds an
 * object, the one with the highest IoU with the true box (ties: the first). Every other predictor
 * is {@code 1noobj}. The confidence target {@code Ĉ} of the responsible box is its IoU with the
 * truth (the paper's definition, treated as a constant); set {@code rescore = false} to use 1.
 * Square roots make an error on a small box cost more than the same error on a large box; the
 * predicted w, h go through {@code sign(w) √(|w| + 1e-9)} so that negative outputs early in
 * training stay finite and keep a gradient. The sum is divided by the batch size N.
 *
 * <p><b>Layout.</b> predictions (N, S, S, B*5 + C): per cell B blocks of {@code (x, y, w, h,
 * confidence)} then C class probabilities; targets (N, S, S, 5 + C): {@code (x, y, w, h,
 * objectness 0/1)} then the one-hot class. (x, y) is the box centre's offset inside its cell, in
 * cell units [0, 1]; (w, h) is the box size as a fraction of the image. Row index i of the grid is
 * the vertical cell, column j the horizontal one; the box in image fractions is XYXY
 * {@code ((j + x)/S - w/2, (i + y)/S - h/2, (j + x)/S + w/2, (i + y)/S + h/2)}.
 */
public final class YoloV1Loss extends Loss {

    /** The five terms of the loss (already weighted and divided by N) and their sum. */
    public record Terms(NDArray center, NDArray size, NDArray objectConfidence,
            NDArray noObjectConfidence, NDArray classes, NDArray total) {}

    private final int gridSize;
    private final int boxesPerCell;
    private final int numClasses;
    private final double lambdaCoord;
    private final double lambdaNoObject;
    private final boolean rescore;

    /**
     * The paper's weights: lambda_coord = 5, lambda_noobj = 0.5, IoU confidence targets.
     *
     * @param gridSize S (7 in the paper)
     * @param boxesPerCell B (2 in the paper)
     * @param numClasses C (20 for VOC, 32 for FlickrLogos-32)
     */
    public YoloV1Loss(int gridSize, int boxesPerCell, int numClasses) {
        this(gridSize, boxesPerCell, numClasses, 5.0, 0.5, true);
    }

    /**
     * @param gridSize S
     * @param boxesPerCell B
     * @param numClasses C
     * @param lambdaCoord weight of the centre and size terms
     * @param lambdaNoObject weight of the confidence of predictors without an object
     * @param rescore confidence target = IoU with the truth (true) or 1 (false)
     */
    public YoloV1Loss(int gridSize, int boxesPerCell, int numClasses, double lambdaCoord,
            double lambdaNoObject, boolean rescore) {
        super("YoloV1Loss");
        if (gridSize <= 0 || boxesPerCell <= 0 || numClasses <= 0) {
            throw new IllegalArgumentException("S, B and C must be positive, got S=" + gridSize
                    + " B=" + boxesPerCell + " C=" + numClasses);
        }
        this.gridSize = gridSize;
        this.boxesPerCell = boxesPerCell;
        this.numClasses = numClasses;
        this.lambdaCoord = lambdaCoord;
        this.lambdaNoObject = lambdaNoObject;
        this.rescore = rescore;
    }

    /**
     * Computes every term of the loss.
     *
     * @param predictions (N, S, S, B*5 + C), layout in the class comment
     * @param targets (N, S, S, 5 + C)
     * @return the weighted terms and their total, each a scalar
     */
    public Terms terms(NDArray predictions, NDArray targets) {
        int s = gridSize;
        int b = boxesPerCell;
        int c = numClasses;
        requireLayout(predictions, targets);
        long n = predictions.getShape().get(0);
        DataType type = predictions.getDataType();
        NDArray t = targets.toType(type, false);
        NDArray boxes = predictions.get(":, :, :, 0:" + (5 * b)).reshape(n, s, s, b, 5);
        NDArray truth = t.get(":, :, :, 0:4").expandDims(3); // (N,S,S,1,4)
        NDArray object = t.get(":, :, :, 4:5"); // (N,S,S,1)

        NDArray predBox = boxes.get(":, :, :, :, 0:4");
        NDArray iou = overlapWithTruth(predBox, truth, n);
        NDArray responsible = responsibleOf(iou, object, type);
        NDArray notResponsible = responsible.neg().add(1.0);

        NDArray dxy = predBox.get(":, :, :, :, 0:2").sub(truth.get(":, :, :, :, 0:2"))
                .square().sum(new int[] {4});
        NDArray predWh = predBox.get(":, :, :, :, 2:4");
        NDArray rootPred = predWh.sign().mul(predWh.abs().add(1e-9).sqrt());
        NDArray dwh = rootPred.sub(truth.get(":, :, :, :, 2:4").maximum(0.0).sqrt())
                .square().sum(new int[] {4});
        NDArray confidence = boxes.get(":, :, :, :, 4");
        NDArray confTarget = rescore ? iou : iou.onesLike();

        double perImage = 1.0 / Math.max(1, n);
        NDArray center = dxy.mul(responsible).sum().mul((float) (lambdaCoord * perImage));
        NDArray size = dwh.mul(responsible).sum().mul((float) (lambdaCoord * perImage));
        NDArray objConf = confidence.sub(confTarget).square().mul(responsible).sum().mul((float) perImage);
        NDArray noObjConf = confidence.square().mul(notResponsible).sum().mul((float) (lambdaNoObject * perImage));
        NDArray classes = predictions.get(":, :, :, " + (5 * b) + ":")
                .sub(t.get(":, :, :, 5:")).square().mul(object).sum().mul((float) perImage);
        NDArray total = center.add(size).add(objConf).add(noObjConf).add(classes);
        return new Terms(center, size, objConf, noObjConf, classes, total);
    }

    /**
     * Which predictor answers for each cell's object: of the B boxes of a cell that holds an
     * object, the one whose predicted box overlaps the true box best (ties: the lower index); no
     * predictor in an empty cell.
     *
     * @param predictions (N, S, S, B*5 + C)
     * @param targets (N, S, S, 5 + C)
     * @return (N, S, S, B) 1 for the responsible predictor, else 0 (no gradient)
     */
    public NDArray responsible(NDArray predictions, NDArray targets) {
        long n = predictions.getShape().get(0);
        requireLayout(predictions, targets);
        DataType type = predictions.getDataType();
        NDArray t = targets.toType(type, false);
        NDArray predBox = predictions.get(":, :, :, 0:" + (5 * boxesPerCell))
                .reshape(n, gridSize, gridSize, boxesPerCell, 5).get(":, :, :, :, 0:4");
        NDArray iou = overlapWithTruth(predBox, t.get(":, :, :, 0:4").expandDims(3), n);
        return responsibleOf(iou, t.get(":, :, :, 4:5"), type);
    }

    /** (N, S, S, B) IoU of each predicted box with its cell's true box; no gradient through it. */
    private NDArray overlapWithTruth(NDArray predBox, NDArray truth, long n) {
        int s = gridSize;
        int b = boxesPerCell;
        return IoU.elementwise(
                toCorners(predBox.stopGradient(), s).reshape(-1, 4),
                toCorners(truth.broadcast(new Shape(n, s, s, b, 4)), s).reshape(-1, 4),
                IoUKind.IOU).reshape(n, s, s, b);
    }

    /** 1 at the best-overlapping predictor of each cell that holds an object (ties: lowest index). */
    private NDArray responsibleOf(NDArray iou, NDArray object, DataType type) {
        long b = boxesPerCell;
        NDArray slot = iou.getManager().arange(0f, (float) b, 1f, type).reshape(1, 1, 1, b);
        // lowest index among the maxima, the same on both engines (argMax's tie rule is not documented)
        NDArray isBest = iou.eq(iou.max(new int[] {3}, true));
        NDArray best = Select.where(isBest, slot.broadcast(iou.getShape()), iou.getManager().full(new Shape(1), (float) b))
                .min(new int[] {3}, true);
        return slot.eq(best).toType(type, false).mul(object);
    }

    private void requireLayout(NDArray predictions, NDArray targets) {
        int s = gridSize;
        Shape want = new Shape(predictions.getShape().get(0), s, s, 5L * boxesPerCell + numClasses);
        if (!predictions.getShape().equals(want)) {
            throw new IllegalArgumentException("predictions must be (N, S, S, B*5 + C) = " + want
                    + ", got " + predictions.getShape());
        }
        long n = want.get(0);
        if (!targets.getShape().equals(new Shape(n, s, s, 5L + numClasses))) {
            throw new IllegalArgumentException("targets must be (N, S, S, 5 + C) = "
                    + new Shape(n, s, s, 5L + numClasses) + ", got " + targets.getShape());
        }
    }

    /** Cell-relative (x, y, w, h) in (..., S, S, B, 4) to XYXY in image fractions. */
    private static NDArray toCorners(NDArray xywh, int s) {
        NDArray idx = xywh.getManager().arange(0f, (float) s, 1f, xywh.getDataType());
        NDArray col = idx.reshape(1, 1, s, 1);
        NDArray row = idx.reshape(1, s, 1, 1);
        NDArray cx = xywh.get(":, :, :, :, 0").add(col).div((double) s);
        NDArray cy = xywh.get(":, :, :, :, 1").add(row).div((double) s);
        NDArray halfW = xywh.get(":, :, :, :, 2").div(2.0);
        NDArray halfH = xywh.get(":, :, :, :, 3").div(2.0);
        return NDArrays.stack(
                new NDList(cx.sub(halfW), cy.sub(halfH), cx.add(halfW), cy.add(halfH)), 4);
    }

    /** {@inheritDoc} */
    @Override
    public NDArray evaluate(NDList labels, NDList predictions) {
        return terms(predictions.singletonOrThrow(), labels.singletonOrThrow()).total();
    }
}
