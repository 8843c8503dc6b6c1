package org.logokit.loss;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;

/**
 * The YOLOv2 loss (Redmon and Farhadi 2017, as its region layer computes it) over an S × S grid
 * with A anchors per cell, on raw outputs {@code (tx, ty, tw, th, to, class logits)} per anchor:
 *
 * <pre>
 *   box       = λcoord  Σ_resp (2 - w h) [(σ(tx) - x̂)² + (σ(ty) - ŷ)² + (tw - t̂w)² + (th - t̂h)²]
 *   object    = λobj    Σ_resp (σ(to) - ô)²          ô = 1, or the IoU of the predicted box
 *   no_object = λnoobj  Σ_rest (σ(to))²              except predictions overlapping an object by &gt; 0.6
 *   class     = λclass  Σ_resp CE(class logits, class)
 * </pre>
 * each summed over the grid and divided by the batch size N. "resp" are the slots an object is
 * assigned to (its centre's cell, its best anchor). The classification term is a softmax
 * cross-entropy, where YOLOv2's region layer uses squared errors of the softmax probabilities:
 * with 32 brands the cross-entropy's gradient does not fade as the probabilities spread out.
 *
 * <p><b>Layout.</b> Every array is (N, K, ...) with K = S·S·A slots in the same order: raw
 * predictions (N, K, 5 + C); targets as {@link Targets} describes.
 */
public final class YoloV2Loss {

    /**
     * What each slot is trained towards.
     *
     * @param offsets (N, K, 4) (x̂, ŷ) in-cell centre offsets in [0, 1] and (t̂w, t̂h) log size
     *     ratios to the anchor; read only at responsible slots
     * @param responsible (N, K) 1 where an object is assigned
     * @param classes (N, K) integer class at responsible slots, -1 elsewhere
     * @param boxWeight (N, K) weight of the box term, e.g. {@code 2 - w h}
     * @param objectTarget (N, K) confidence target at responsible slots (1 or an IoU)
     * @param ignore (N, K) 1 where a non-responsible prediction already overlaps an object well and
     *     is not pushed towards "no object"
     */
    public record Targets(NDArray offsets, NDArray responsible, NDArray classes, NDArray boxWeight,
            NDArray objectTarget, NDArray ignore) {}

    /** The four weighted terms, each a scalar divided by N. */
    public record Terms(NDArray box, NDArray object, NDArray noObject, NDArray classes) {
        /** Their sum. */
        public NDArray total() {
            return box.add(object).add(noObject).add(classes);
        }
    }

    private final double lambdaCoord;
    private final double lambdaObject;
    private final double lambdaNoObject;
    private final double lambdaClass;

    /** YOLOv2's region-layer weights: coordinates 1, object 5, no object 1, class 1. */
    public YoloV2Loss() {
        this(1, 5, 1, 1);
    }

    /**
     * @param lambdaCoord weight of the box term
     * @param lambdaObject weight of the confidence of responsible predictions
     * @param lambdaNoObject weight of the confidence of the others
     * @param lambdaClass weight of the class term
     */
    public YoloV2Loss(double lambdaCoord, double lambdaObject, double lambdaNoObject, double lambdaClass) {
        if (lambdaCoord < 0 || lambdaObject < 0 || lambdaNoObject < 0 || lambdaClass < 0) {
            throw new IllegalArgumentException("loss weights must be >= 0");
        }
        this.lambdaCoord = lambdaCoord;
        this.lambdaObject = lambdaObject;
        this.lambdaNoObject = lambdaNoObject;
        this.lambdaClass = lambdaClass;
    }

    /**
     * The loss terms.
     *
     * @param raw (N, K, 5 + C) raw outputs (tx, ty, tw, th, to, class logits)
     * @param targets the slots' targets
     * @return the four terms
     */
    public Terms terms(NDArray raw, Targets targets) {
        Shape shape = raw.getShape();
        if (shape.dimension() != 3 || shape.get(2) < 6) {
            throw new IllegalArgumentException("raw YOLOv2 outputs must be (N, K, 5 + C), got " + shape);
        }
        long n = shape.get(0);
        long k = shape.get(1);
        if (!targets.responsible().getShape().equals(new Shape(n, k))
                || !targets.offsets().getShape().equals(new Shape(n, k, 4))) {
            throw new IllegalArgumentException("targets must be (N, K) and (N, K, 4) for outputs " + shape
                    + "; got " + targets.responsible().getShape() + " and " + targets.offsets().getShape());
        }
        DataType type = raw.getDataType();
        float perImage = 1f / Math.max(1, n);
        NDArray resp = targets.responsible().toType(type, false);
        NDArray offsets = targets.offsets().toType(type, false);
        NDArray xy = Activation.sigmoid(raw.get(":, :, 0:2"));
        NDArray wh = raw.get(":, :, 2:4");
        NDArray squared = xy.sub(offsets.get(":, :, 0:2")).square().sum(new int[] {2})
                .add(wh.sub(offsets.get(":, :, 2:4")).square().sum(new int[] {2}));
        NDArray box = squared.mul(targets.boxWeight().toType(type, false)).mul(resp).sum()
                .mul((float) (lambdaCoord * perImage));
        NDArray confidence = Activation.sigmoid(raw.get(":, :, 4"));
        NDArray object = confidence.sub(targets.objectTarget().toType(type, false)).square().mul(resp).sum()
                .mul((float) (lambdaObject * perImage));
        NDArray background = resp.neg().add(1f).mul(targets.ignore().toType(type, false).neg().add(1f));
        NDArray noObject = confidence.square().mul(background).sum().mul((float) (lambdaNoObject * perImage));
        long c = shape.get(2) - 5;
        NDArray ce = CrossEntropyLoss.perRow(raw.get(":, :, 5:").reshape(n * k, c),
                targets.classes().reshape(n * k), null, -1).get(0);
        NDArray classes = ce.sum().mul((float) (lambdaClass * perImage));
        return new Terms(box, object, noObject, classes);
    }
}
