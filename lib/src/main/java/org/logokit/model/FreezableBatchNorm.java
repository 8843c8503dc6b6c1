package org.logokit.model;

import ai.djl.Device;
import ai.djl.MalformedModelException;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Parameter;
import ai.djl.nn.norm.BatchNorm;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.Arrays;

/**
 * A batch norm over the channels of NCHW feature maps that becomes torchvision's
 * {@code FrozenBatchNorm2d} while its scale and shift are frozen ({@link
 * ai.djl.nn.Block#freezeParameters(boolean)}, {@code org.logokit.transfer.BlockFreezer}).
 *
 * <p>Trainable, it is DJL's {@link BatchNorm} with its defaults (momentum 0.9, epsilon 1e-5): the
 * same engine operator, so training and inference give the same numbers as a {@code BatchNorm}.
 * Frozen, a training pass applies the fixed per-channel affine map of the saved statistics
 * <pre>
 *   y = x * gamma / sqrt(runningVar + eps) + (beta - runningMean * gamma / sqrt(runningVar + eps))
 * </pre>
 * with plain NDArray operations on every engine: no batch statistics, no update of the running
 * statistics, no gradient for gamma and beta (the input still gets one). That is what inference
 * computes, so a frozen block gives the same output in training and in inference. Why a block of
 * its own: DJL's {@code BatchNorm} uses batch statistics in every training pass; PyTorch then also
 * updates the running statistics in the forward pass, MXNet only in the backward pass (which never
 * runs for a frozen first stage), so the same frozen network trained differently on the two
 * engines, and DJL's MXNet engine refuses a {@code BatchNorm} in inference mode inside a
 * {@code GradientCollector}.
 *
 * <p>Saved form: the parameters are named and ordered as {@code BatchNorm}'s ({@code gamma},
 * {@code beta}, {@code runningMean}, {@code runningVar}) and the metadata has its layout and
 * version, so a {@code .params} file written with either block loads into the other.
 */
public final class FreezableBatchNorm extends AbstractBlock {

    /** {@link BatchNorm}'s encoding version, so saved files are interchangeable. */
    private static final byte VERSION = 2;
    /** DJL's {@code BatchNorm.builder()} defaults, which every batch norm of the kit uses. */
    public static final float EPSILON = 1e-5f;
    private static final float MOMENTUM = 0.9f;
    private static final int CHANNEL_AXIS = 1;

    private final Parameter gamma;
    private final Parameter beta;
    private final Parameter runningMean;
    private final Parameter runningVar;
    private long channels;

    /** Creates a trainable batch norm; its channel count comes from the first input shape. */
    public FreezableBatchNorm() {
        super(VERSION);
        gamma = addParameter(Parameter.builder().setName("gamma").setType(Parameter.Type.GAMMA)
                .optRequiresGrad(true).build());
        beta = addParameter(Parameter.builder().setName("beta").setType(Parameter.Type.BETA)
                .optRequiresGrad(true).build());
        runningMean = addParameter(Parameter.builder().setName("runningMean").setType(Parameter.Type.RUNNING_MEAN)
                .optRequiresGrad(false).build());
        runningVar = addParameter(Parameter.builder().setName("runningVar").setType(Parameter.Type.RUNNING_VAR)
                .optRequiresGrad(false).build());
    }

    /** True while gamma and beta are frozen: training passes then use the fixed affine map. */
    public boolean isFrozen() {
        return !gamma.requiresGradient() && !beta.requiresGradient();
    }

    @Override
    protected NDList forwardInternal(ParameterStore parameterStore, NDList inputs, boolean training,
            PairList<String, Object> params) {
        NDArray input = inputs.singletonOrThrow();
        Device device = input.getDevice();
        NDArray gammaArr = parameterStore.getValue(gamma, device, training);
        NDArray betaArr = parameterStore.getValue(beta, device, training);
        NDArray meanArr = parameterStore.getValue(runningMean, device, training);
        NDArray varArr = parameterStore.getValue(runningVar, device, training);
        if (training && isFrozen()) {
            return new NDList(affine(input, gammaArr, betaArr, meanArr, varArr));
        }
        return BatchNorm.batchNorm(input, meanArr, varArr, gammaArr, betaArr, CHANNEL_AXIS, MOMENTUM, EPSILON,
                training);
    }

    /**
     * The frozen map {@code x * scale + shift} per channel of an NCHW (or NC...) input.
     * Statistics and parameters are detached: nothing here trains, only the input gets a gradient.
     */
    static NDArray affine(NDArray input, NDArray gamma, NDArray beta, NDArray mean, NDArray var) {
        NDArray[] map = scaleAndShift(gamma.stopGradient(), beta.stopGradient(), mean.stopGradient(),
                var.stopGradient(), EPSILON);
        NDArray scale = map[0];
        NDArray shift = map[1];
        long[] broadcast = new long[input.getShape().dimension()];
        Arrays.fill(broadcast, 1);
        broadcast[CHANNEL_AXIS] = -1;
        Shape perChannel = new Shape(broadcast);
        return input.mul(scale.reshape(perChannel)).add(shift.reshape(perChannel));
    }

    /**
     * The per-channel scale {@code gamma / sqrt(var + epsilon)} and shift {@code beta - mean * scale}
     * of a batch norm's inference map {@code y = x * scale + shift} (also what {@link
     * BatchNormFolding} folds into a convolution).
     */
    static NDArray[] scaleAndShift(NDArray gamma, NDArray beta, NDArray mean, NDArray var, float epsilon) {
        NDArray scale = gamma.div(var.add(epsilon).sqrt());
        return new NDArray[] {scale, beta.sub(mean.mul(scale))};
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        return new Shape[] {inputShapes[0]};
    }

    @Override
    protected void beforeInitialize(Shape... inputShapes) {
        super.beforeInitialize(inputShapes);
        channels = inputShapes[0].get(CHANNEL_AXIS);
    }

    @Override
    public void prepare(Shape[] inputShapes) {
        Shape shape = new Shape(channels);
        gamma.setShape(shape);
        beta.setShape(shape);
        runningMean.setShape(shape);
        runningVar.setShape(shape);
    }

    /** Same bytes as {@link BatchNorm}: input shapes, then the channel count. */
    @Override
    protected void saveMetadata(DataOutputStream os) throws IOException {
        saveInputShapes(os);
        os.writeLong(channels);
    }

    @Override
    public void loadMetadata(byte loadVersion, DataInputStream is) throws IOException, MalformedModelException {
        if (loadVersion == VERSION) {
            readInputShapes(is);
        } else if (loadVersion != 1) {
            throw new MalformedModelException("Unsupported batch-norm encoding version " + loadVersion
                    + " (this kit reads DJL BatchNorm versions 1 and 2)");
        }
        channels = is.readLong();
    }

    @Override
    public String toString() {
        return "FreezableBatchNorm(" + channels + " channels" + (isFrozen() ? ", frozen)" : ")");
    }
}
