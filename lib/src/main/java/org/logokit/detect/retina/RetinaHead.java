package org.logokit.detect.retina;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Activation;
import ai.djl.nn.Parameter;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.training.ParameterStore;
import ai.djl.training.initializer.ConstantInitializer;
import ai.djl.training.initializer.NormalInitializer;
import ai.djl.util.PairList;

/**
 * RetinaNet's two subnets, shared by every pyramid level (Lin et al., ICCV 2017, section 4):
 *
 * <ul>
 *   <li><b>class subnet:</b> {@code towerDepth} × (3×3 conv, width channels, ReLU), then a 3×3
 *       conv with A × C outputs: one sigmoid logit per anchor and class (no background column);
 *   <li><b>box subnet:</b> the same tower with its own weights, then A × 4 box deltas.
 * </ul>
 *
 * <p>Initialisation. The two output convolutions as in the paper: weights ~ N(0, 0.01²), the box
 * biases 0, the class logits' bias b = -log((1 - π) / π), so that every anchor starts with
 * probability π of being any brand ({@link #priorBias(double)}). With π = 0.01 the ~10⁴ background
 * anchors of an image start almost correctly classified and their loss does not swamp the first
 * iterations. The tower convolutions deviate from the paper (which draws them from N(0, 0.01²) too,
 * for 256-channel towers trained 90k iterations): a 3×3 conv with std σ over w channels scales its
 * input by about σ·3·√w, and ReLU halves the variance, so at w = 64 each tower layer shrinks the
 * features about 6× and four of them about 1000× (measured: P3 std 1.6 in, 0.0013 out); the
 * output convolutions then see a constant and their gradients are 1000× too small, and the
 * detector does not learn in a few hundred iterations. So the tower convs use He initialisation,
 * N(0, 2 / fan_in) with fan_in = 9w, which keeps the features' scale through conv + ReLU
 * ({@link #towerStd(int)}), biases 0.
 *
 * <p>Input: the P-levels, each (B, width, H_l, W_l). Output: {@code NDList(logits (B, N, C),
 * deltas (B, N, 4))} with N = Σ_l H_l W_l A, ordered level by level, then row, column, anchor:
 * the order of {@link org.logokit.anchor.AnchorGenerator}'s anchors.
 */
public final class RetinaHead extends AbstractBlock {
    private static final byte VERSION = 1;
    /** Standard deviation of the output convolutions' weights (the paper's 0.01). */
    public static final float OUTPUT_STD = 0.01f;

    private final int numClasses;
    private final int anchorsPerLocation;
    private final double priorProbability;
    private final SequentialBlock classTower;
    private final Conv2d classLogits;
    private final SequentialBlock boxTower;
    private final Conv2d boxDeltas;

    /**
     * @param numClasses C brands (no background)
     * @param anchorsPerLocation A anchors per feature-map cell
     * @param width channels of the tower convolutions (the pyramid's width)
     * @param towerDepth 3×3 conv + ReLU layers before each output conv (4 in the paper)
     * @param priorProbability π in (0, 1), the starting foreground probability (0.01)
     */
    public RetinaHead(int numClasses, int anchorsPerLocation, int width, int towerDepth, double priorProbability) {
        super(VERSION);
        if (numClasses < 1 || anchorsPerLocation < 1 || width < 1 || towerDepth < 0) {
            throw new IllegalArgumentException("RetinaHead needs classes, anchors and width >= 1 and depth >= 0; got "
                    + numClasses + ", " + anchorsPerLocation + ", " + width + ", " + towerDepth);
        }
        if (!(priorProbability > 0 && priorProbability < 1)) {
            throw new IllegalArgumentException("The prior probability pi is in (0, 1) (the paper uses 0.01), got "
                    + priorProbability);
        }
        this.numClasses = numClasses;
        this.anchorsPerLocation = anchorsPerLocation;
        this.priorProbability = priorProbability;
        classTower = addChildBlock("classTower", tower(width, towerDepth));
        classLogits = addChildBlock("classLogits", conv(anchorsPerLocation * numClasses, (float) priorBias(priorProbability)));
        boxTower = addChildBlock("boxTower", tower(width, towerDepth));
        boxDeltas = addChildBlock("boxDeltas", conv(anchorsPerLocation * 4, 0f));
    }

    /** The class-logit bias that makes sigmoid(bias) = π: {@code -log((1 - π) / π)}. */
    public static double priorBias(double priorProbability) {
        return -Math.log((1 - priorProbability) / priorProbability);
    }

    /**
     * The standard deviation of the tower convolutions' weights: He's √(2 / fan_in) for a 3×3
     * convolution over {@code width} channels, which keeps the features' scale through conv + ReLU.
     */
    public static double towerStd(int width) {
        return Math.sqrt(2.0 / (9.0 * width));
    }

    private static SequentialBlock tower(int width, int depth) {
        SequentialBlock tower = new SequentialBlock();
        for (int i = 0; i < depth; i++) {
            tower.add(conv(width, (float) towerStd(width), 0f)).add(Activation::relu);
        }
        return tower;
    }

    private static Conv2d conv(int filters, float bias) {
        return conv(filters, OUTPUT_STD, bias);
    }

    private static Conv2d conv(int filters, float std, float bias) {
        Conv2d conv = Conv2d.builder().setFilters(filters).setKernelShape(new Shape(3, 3)).optPadding(new Shape(1, 1))
                .build();
        conv.setInitializer(new NormalInitializer(std), Parameter.Type.WEIGHT);
        conv.setInitializer(new ConstantInitializer(bias), Parameter.Type.BIAS);
        return conv;
    }

    /** The π the class logits' bias was initialised for. */
    public double priorProbability() {
        return priorProbability;
    }

    /** A, anchors per location. */
    public int anchorsPerLocation() {
        return anchorsPerLocation;
    }

    @Override
    protected NDList forwardInternal(ParameterStore ps, NDList levels, boolean training,
            PairList<String, Object> params) {
        NDList logits = new NDList();
        NDList deltas = new NDList();
        for (NDArray level : levels) {
            NDArray cls = classLogits.forward(ps, classTower.forward(ps, new NDList(level), training, params), training,
                    params).head();
            NDArray box = boxDeltas.forward(ps, boxTower.forward(ps, new NDList(level), training, params), training,
                    params).head();
            logits.add(perAnchor(cls, numClasses));
            deltas.add(perAnchor(box, 4));
        }
        return new NDList(concat(logits), concat(deltas));
    }

    /** (B, A·K, H, W) → (B, H·W·A, K): location-major, then anchor, like the anchors. */
    private NDArray perAnchor(NDArray map, int k) {
        long b = map.getShape().get(0);
        return map.transpose(0, 2, 3, 1).reshape(b, -1, k);
    }

    private static NDArray concat(NDList parts) {
        return parts.size() == 1 ? parts.get(0) : NDArrays.concat(parts, 1);
    }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
        Shape level = inputShapes[0];
        classTower.initialize(manager, dataType, level);
        classLogits.initialize(manager, dataType, classTower.getOutputShapes(new Shape[] {level}));
        boxTower.initialize(manager, dataType, level);
        boxDeltas.initialize(manager, dataType, boxTower.getOutputShapes(new Shape[] {level}));
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        long b = inputShapes[0].get(0);
        long n = 0;
        for (Shape s : inputShapes) {
            n += s.get(2) * s.get(3) * anchorsPerLocation;
        }
        return new Shape[] {new Shape(b, n, numClasses), new Shape(b, n, 4)};
    }
}
