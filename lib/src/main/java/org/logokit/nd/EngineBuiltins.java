package org.logokit.nd;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.util.PairList;
import java.util.function.Supplier;

/**
 * Native operators an engine has for a detection op, used behind the kit's engine-neutral API when
 * they compute exactly what the portable NDArray code computes, and faster.
 *
 * <p>Today that is MXNet's {@code box_nms}, {@code box_iou}, {@code ROIAlign} and {@code ROIPooling}
 * (the Detectron / Fast R-CNN kernels, with torchvision's sampling and rounding rules). DJL's
 * PyTorch engine ships plain libtorch without torchvision's C++ ops, so on PyTorch every method here returns
 * {@code null} and the caller runs its portable path. Each method also returns {@code null} for
 * inputs the native operator handles differently (documented per method), so results never depend
 * on the engine.
 *
 * <p>{@link #disabledWhile} turns the built-ins off for one computation on the calling thread (the
 * tests compare both paths; {@code -Dlogokit.builtins=false} turns them off everywhere).
 *
 * <p>Memory rule: results are created on the manager of the first array argument.
 */
public final class EngineBuiltins {

    private static final ThreadLocal<Boolean> DISABLED = ThreadLocal.withInitial(() -> false);

    private EngineBuiltins() {}

    /** Whether built-ins may be used on this thread now. */
    public static boolean enabled() {
        return !DISABLED.get() && !"false".equalsIgnoreCase(System.getProperty("logokit.builtins"));
    }

    /**
     * Runs {@code work} with the built-ins turned off on this thread (the portable paths run).
     *
     * @param work the computation
     * @param <T> its result
     * @return what {@code work} returned
     */
    public static <T> T disabledWhile(Supplier<T> work) {
        boolean before = DISABLED.get();
        DISABLED.set(true);
        try {
            return work.get();
        } finally {
            DISABLED.set(before);
        }
    }

    /** Whether the array's engine is MXNet and built-ins are on. */
    private static boolean mxnet(NDArray array) {
        return enabled() && "MXNet".equals(array.getManager().getEngine().getEngineName());
    }

    /**
     * Greedy NMS over boxes already in visiting order (highest score first): the positions of the
     * kept boxes, with torchvision's rule (a box goes when its IoU with a kept earlier box is
     * strictly greater than the threshold; a pair with union 0 never suppresses).
     *
     * @param ordered (N, 4) float32 or float64 XYXY boxes, in the order greedy NMS visits them
     * @param iouThreshold suppression threshold
     * @return increasing positions into {@code ordered} of the kept boxes, or null when the engine
     *     has no NMS operator (or N is 2^24 or more, beyond the exact float ranks it is fed)
     */
    public static long[] greedyNmsInOrder(NDArray ordered, double iouThreshold) {
        long n = ordered.getShape().get(0);
        DataType type = ordered.getDataType();
        if (!mxnet(ordered) || n == 0 || n >= (1L << 24)
                || (type != DataType.FLOAT32 && type != DataType.FLOAT64)) {
            return null;
        }
        NDManager manager = ordered.getManager();
        try (NDManager scratch = manager.newSubManager()) {
            // box_nms sorts by score (stably) and drops scores <= valid_thresh: feed it N, N-1, ..., 1
            // so its order is ours, and the position in column 5 to read the kept boxes back
            NDArray position = scratch.arange(0, (int) n, 1, type);
            NDArray rank = position.neg().add((float) n).reshape(n, 1);
            NDArray boxes = ordered.duplicate();
            boxes.attach(scratch);
            NDArray data = NDArrays.concat(new NDList(rank, boxes, position.reshape(n, 1)), 1);
            PairList<String, Object> params = new PairList<>();
            params.add("overlap_thresh", (float) iouThreshold);
            params.add("valid_thresh", 0f);
            params.add("topk", -1);
            params.add("coord_start", 1);
            params.add("score_index", 0);
            params.add("id_index", -1);
            params.add("force_suppress", true);
            params.add("in_format", "corner");
            params.add("out_format", "corner");
            NDArray out = scratch.invoke("box_nms", new NDList(data), params).singletonOrThrow();
            // kept rows come first, in visiting order; suppressed rows are all -1
            NDArray keptMask = out.get(":, 0").gt(0);
            NDArray kept = out.get(":, 5").get(keptMask);
            long[] positions = new long[(int) kept.size()];
            double[] values = kept.toType(DataType.FLOAT64, false).toDoubleArray();
            for (int i = 0; i < positions.length; i++) {
                positions[i] = (long) values[i];
            }
            java.util.Arrays.sort(positions);
            return positions;
        }
    }

    /**
     * Plain IoU of every box in {@code a} with every box in {@code b} by MXNet's {@code box_iou}
     * operator (one pass instead of a dozen broadcast operators: about 3× faster at 1k × 1k). Its
     * rules are the kit's ({@code org.logokit.box.IoU}): inverted boxes count as empty, and a pair
     * with union 0 has IoU 0; measured identical to the last bit on random boxes.
     *
     * @param a (N, 4) XYXY boxes, float32 or float64, N and M at least 1
     * @param b (M, 4) XYXY boxes of the same type
     * @return (N, M) IoU; or null when the engine has no such operator, a gradient is wanted (the
     *     operator has none), or a box has an area strictly between 0 and {@code minArea} (where
     *     the kit clamps the union and the operator does not)
     */
    public static NDArray pairwiseIou(NDArray a, NDArray b, float minArea) {
        if (!mxnet(a) || !sameFloatType(a, b) || a.hasGradient() || b.hasGradient()) {
            return null;
        }
        if (hasSpeck(a, b, minArea)) {
            return null;
        }
        PairList<String, Object> params = new PairList<>();
        params.add("format", "corner");
        return a.getManager().invoke("box_iou", new NDList(a, b), params).singletonOrThrow();
    }

    /**
     * Whether a box of either set has an area in (0, minArea). Scanned on a host copy of the N + M
     * boxes (16 bytes each): on MXNet a dozen small operators, each a trip through its engine,
     * cost more than the whole N × M operator they guard.
     */
    private static boolean hasSpeck(NDArray a, NDArray b, float minArea) {
        for (NDArray boxes : new NDArray[] {a, b}) {
            try (NDArray host = boxes.toType(DataType.FLOAT64, true)) {
                double[] v = host.toDoubleArray();
                for (int i = 0; i + 3 < v.length; i += 4) {
                    double area = Math.max(0, v[i + 2] - v[i]) * Math.max(0, v[i + 3] - v[i + 1]);
                    if (area > 0 && area < minArea) {
                        return true;
                    }
                }
            }
        }
        return false;
    }

    /** Whether {@link #roiAlign} and {@link #roiPool} may run a native kernel for these features. */
    public static boolean offersRoiOps(NDArray features) {
        return mxnet(features);
    }

    /**
     * RoIAlign by MXNet's {@code ROIAlign} operator (torchvision's sampling: bins of equal size,
     * {@code samplingRatio} points per bin and axis or adaptive, a sample more than one pixel
     * outside the map reads zero).
     *
     * @param features (N, C, H, W) float32 or float64
     * @param rois (K, 5) rows (batch index, x1, y1, x2, y2) in input pixels, batch indices valid
     * @param roisOnHost the same RoIs as a host copy (row-major), to check them without a copy
     * @return (K, C, outH, outW), differentiable with respect to {@code features}; or null when
     *     the engine has no such operator, the scale is above 1 (the operator's limit), or, with
     *     {@code aligned}, a RoI is not wider and taller than 0 after scaling (the operator
     *     rejects those)
     */
    public static NDArray roiAlign(NDArray features, NDArray rois, float[] roisOnHost, int outH, int outW,
            double spatialScale, int samplingRatio, boolean aligned) {
        if (!mxnet(features) || spatialScale > 1 || !sameFloatType(features, rois)) {
            return null;
        }
        if (aligned) {
            for (int i = 0; i + 4 < roisOnHost.length; i += 5) {
                if (!((roisOnHost[i + 3] - roisOnHost[i + 1]) * spatialScale > 0)
                        || !((roisOnHost[i + 4] - roisOnHost[i + 2]) * spatialScale > 0)) {
                    return null;
                }
            }
        }
        PairList<String, Object> params = new PairList<>();
        params.add("pooled_size", "(" + outH + ", " + outW + ")");
        params.add("spatial_scale", (float) spatialScale);
        params.add("sample_ratio", samplingRatio > 0 ? samplingRatio : -1);
        params.add("aligned", aligned);
        return features.getManager().invoke("ROIAlign", new NDList(features, rois), params).get(0);
    }

    /**
     * RoI max pooling by MXNet's {@code ROIPooling} operator (Fast R-CNN / torchvision rounding:
     * corners rounded half away from zero, bins floor/ceil, empty bins 0).
     *
     * @param features (N, C, H, W) float32 or float64
     * @param rois (K, 5) rows (batch index, x1, y1, x2, y2) in input pixels, batch indices valid
     * @return (K, C, outH, outW), differentiable with respect to {@code features}; or null when
     *     the engine has no such operator or the scale is above 1 (the operator's limit)
     */
    public static NDArray roiPool(NDArray features, NDArray rois, int outH, int outW, double spatialScale) {
        if (!mxnet(features) || spatialScale > 1 || !sameFloatType(features, rois)) {
            return null;
        }
        PairList<String, Object> params = new PairList<>();
        params.add("pooled_size", "(" + outH + ", " + outW + ")");
        params.add("spatial_scale", (float) spatialScale);
        return features.getManager().invoke("ROIPooling", new NDList(features, rois), params).get(0);
    }

    private static boolean sameFloatType(NDArray a, NDArray b) {
        DataType t = a.getDataType();
        return (t == DataType.FLOAT32 || t == DataType.FLOAT64) && b.getDataType() == t;
    }
}
