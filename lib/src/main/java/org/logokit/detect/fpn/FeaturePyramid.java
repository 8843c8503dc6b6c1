package org.logokit.detect.fpn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Activation;
import ai.djl.nn.Parameter;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.nn.pooling.Pool;
import ai.djl.training.ParameterStore;
import ai.djl.training.initializer.ConstantInitializer;
import ai.djl.training.initializer.XavierInitializer;
import ai.djl.util.PairList;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.logokit.detect.Backbone;

/**
 * A feature pyramid network (Lin et al., CVPR 2017) on a backbone's C-levels: every output level
 * P_l has the same width and is both high-resolution (from C_l) and semantically strong (from
 * the deeper levels above it).
 *
 * <pre>
 *   bottom-up (the backbone)      top-down                       output
 *   C5 ── lateral 1×1 ──────────► M5 ─────────── smooth 3×3 ──► P5 ──► extra levels (P6, P7)
 *                                  │ ×2 nearest
 *   C4 ── lateral 1×1 ──► (+) ◄───┘ = M4 ─────── smooth 3×3 ──► P4
 *                                  │ ×2 nearest
 *   C3 ── lateral 1×1 ──► (+) ◄───┘ = M3 ─────── smooth 3×3 ──► P3
 * </pre>
 *
 * <ul>
 *   <li><b>Lateral connections:</b> a 1×1 convolution brings each C_l to the common width.
 *   <li><b>Top-down pathway:</b> M_l = lateral(C_l) + nearest-upsample(M_{l+1}) to C_l's size
 *       (a ResNet halves sizes rounding up, so the upsampled map is cropped to an odd size when
 *       needed; this equals torchvision's {@code interpolate(..., size, mode="nearest")}).
 *   <li><b>Smoothing:</b> a 3×3 convolution on every M_l reduces the aliasing of the upsampling.
 *   <li><b>Extra levels</b> ({@link Extra}): none; P6 by max-pooling P5 with stride 2 (Faster
 *       R-CNN with FPN); or P6 = 3×3 stride-2 conv of C5 or P5 and P7 = 3×3 stride-2 conv of
 *       ReLU(P6) (RetinaNet).
 * </ul>
 *
 * <p>Input: the backbone's levels as an {@link NDList} in shallow-to-deep order, consecutive (e.g.
 * C3, C4, C5), each (B, C_l, H_l, W_l). Output: the P-levels in the same order followed by the
 * extra ones, each (B, width, H_l, W_l); {@link #levels()} names them and {@link #strides()} gives
 * their strides (level l has stride 2^l). Convolutions start as torchvision's
 * ({@code kaiming_uniform_(a=1)}, bias 0).
 */
public final class FeaturePyramid extends AbstractBlock {

    private static final byte VERSION = 1;

    /** Which levels are added above the deepest input level. */
    public enum Extra {
        /** Only the P-levels of the inputs. */
        NONE,
        /** P6 = max-pool (kernel 1, stride 2) of P5: torchvision's {@code LastLevelMaxPool}. */
        MAX_POOL,
        /** P6 = 3×3 stride-2 conv of C5, P7 = 3×3 stride-2 conv of ReLU(P6) (the RetinaNet paper). */
        P6P7_FROM_C5,
        /** Like {@link #P6P7_FROM_C5} but P6 is computed from P5 (torchvision's RetinaNet v2). */
        P6P7_FROM_P5;

        /** Number of levels added. */
        public int count() {
            return this == NONE ? 0 : this == MAX_POOL ? 1 : 2;
        }
    }

    /**
     * What to build.
     *
     * @param inputs the backbone levels it reads, consecutive, e.g. {@code ["C2", "C3", "C4", "C5"]}
     * @param width channels of every output level (256 in the paper)
     * @param extra levels added on top
     */
    public record Config(List<String> inputs, int width, Extra extra) {
        /** Checks the fields. */
        public Config {
            if (inputs == null || inputs.isEmpty()) {
                throw new IllegalArgumentException("A feature pyramid needs at least one backbone level, e.g. "
                        + Backbone.LEVELS);
            }
            inputs = List.copyOf(inputs);
            int first = Backbone.LEVELS.indexOf(inputs.get(0));
            for (int i = 0; i < inputs.size(); i++) {
                int at = Backbone.LEVELS.indexOf(inputs.get(i));
                if (at < 0) {
                    throw new IllegalArgumentException("Unknown backbone level '" + inputs.get(i) + "'; levels are "
                            + Backbone.LEVELS);
                }
                if (at != first + i) {
                    throw new IllegalArgumentException("A pyramid's inputs are consecutive levels, shallow to deep"
                            + " (e.g. C3, C4, C5); got " + inputs);
                }
            }
            if (width < 1) {
                throw new IllegalArgumentException("The pyramid width must be at least 1 channel, got " + width);
            }
            Objects.requireNonNull(extra, "extra");
            if (extra != Extra.NONE && !inputs.get(inputs.size() - 1).equals("C5")) {
                throw new IllegalArgumentException("Extra levels " + extra + " sit above C5; the inputs "
                        + inputs + " do not end at C5");
            }
        }

        /** The paper's Faster R-CNN pyramid: C2..C5 in, P2..P6 out (P6 max-pooled). */
        public static Config fasterRcnn(int width) {
            return new Config(List.of("C2", "C3", "C4", "C5"), width, Extra.MAX_POOL);
        }

        /** RetinaNet's pyramid: C3..C5 in, P3..P7 out (P6 from C5). */
        public static Config retinaNet(int width) {
            return new Config(List.of("C3", "C4", "C5"), width, Extra.P6P7_FROM_C5);
        }
    }

    private final Config config;
    private final List<Conv2d> laterals = new ArrayList<>();
    private final List<Conv2d> smoothing = new ArrayList<>();
    private final Conv2d p6;
    private final Conv2d p7;

    /** Builds an uninitialised pyramid. */
    public FeaturePyramid(Config config) {
        super(VERSION);
        this.config = Objects.requireNonNull(config, "config");
        for (String input : config.inputs()) {
            String level = "P" + levelNumber(input);
            laterals.add(addChildBlock("lateral" + level, conv(config.width(), 1, 1)));
            smoothing.add(addChildBlock("smooth" + level, conv(config.width(), 3, 1)));
        }
        boolean convExtra = config.extra() == Extra.P6P7_FROM_C5 || config.extra() == Extra.P6P7_FROM_P5;
        p6 = convExtra ? addChildBlock("P6", conv(config.width(), 3, 2)) : null;
        p7 = convExtra ? addChildBlock("P7", conv(config.width(), 3, 2)) : null;
    }

    private static Conv2d conv(int channels, int kernel, int stride) {
        Conv2d conv = Conv2d.builder().setFilters(channels).setKernelShape(new Shape(kernel, kernel))
                .optStride(new Shape(stride, stride)).optPadding(new Shape(kernel / 2, kernel / 2)).build();
        // kaiming_uniform_(a=1): U(-sqrt(3 / fan_in), sqrt(3 / fan_in)); bias 0
        conv.setInitializer(new XavierInitializer(XavierInitializer.RandomType.UNIFORM,
                XavierInitializer.FactorType.IN, 3), Parameter.Type.WEIGHT);
        conv.setInitializer(new ConstantInitializer(0f), Parameter.Type.BIAS);
        return conv;
    }

    /** 2 for "C2" or "P2". */
    private static int levelNumber(String level) {
        return Integer.parseInt(level.substring(1));
    }

    /** The configuration. */
    public Config config() {
        return config;
    }

    /** Names of the output levels in order, e.g. {@code [P3, P4, P5, P6, P7]}. */
    public List<String> levels() {
        List<String> names = new ArrayList<>();
        int first = levelNumber(config.inputs().get(0));
        int count = config.inputs().size() + config.extra().count();
        for (int i = 0; i < count; i++) {
            names.add("P" + (first + i));
        }
        return names;
    }

    /** Strides of the output levels in input pixels: 2^l for P_l. */
    public int[] strides() {
        return levels().stream().mapToInt(FeaturePyramid::stride).toArray();
    }

    /** Stride of a pyramid level in input pixels, e.g. 8 for "P3". */
    public static int stride(String level) {
        if (level == null || !level.matches("P[2-9]")) {
            throw new IllegalArgumentException("Pyramid levels are named P2..P9, got '" + level + "'");
        }
        return 1 << levelNumber(level);
    }

    /** Feature-map sizes (height = width) of the output levels for a square input of the backbone. */
    public int[] featureSizes(Backbone backbone, int imageSize) {
        Shape[] shapes = getOutputShapes(backbone.getOutputShapes(new Shape[] {new Shape(1, 3, imageSize, imageSize)}));
        int[] sizes = new int[shapes.length];
        for (int i = 0; i < shapes.length; i++) {
            sizes[i] = Math.toIntExact(shapes[i].get(2));
        }
        return sizes;
    }

    @Override
    protected NDList forwardInternal(ParameterStore ps, NDList inputs, boolean training,
            PairList<String, Object> params) {
        int n = config.inputs().size();
        if (inputs.size() != n) {
            throw new IllegalArgumentException("This pyramid reads " + config.inputs() + " but got " + inputs.size()
                    + " feature maps; build the Backbone with exactly these outputs");
        }
        NDArray[] merged = new NDArray[n];
        merged[n - 1] = laterals.get(n - 1).forward(ps, new NDList(inputs.get(n - 1)), training, params).head();
        for (int i = n - 2; i >= 0; i--) {
            NDArray lateral = laterals.get(i).forward(ps, new NDList(inputs.get(i)), training, params).head();
            merged[i] = lateral.add(upsampleNearest(merged[i + 1], lateral.getShape().get(2), lateral.getShape().get(3)));
        }
        NDList out = new NDList();
        for (int i = 0; i < n; i++) {
            out.add(smoothing.get(i).forward(ps, new NDList(merged[i]), training, params).head());
        }
        switch (config.extra()) {
            case MAX_POOL -> out.add(Pool.maxPool2d(out.get(n - 1), new Shape(1, 1), new Shape(2, 2),
                    new Shape(0, 0), false));
            case P6P7_FROM_C5, P6P7_FROM_P5 -> {
                NDArray source = config.extra() == Extra.P6P7_FROM_C5 ? inputs.get(n - 1) : out.get(n - 1);
                NDArray level6 = p6.forward(ps, new NDList(source), training, params).head();
                out.add(level6);
                out.add(p7.forward(ps, new NDList(Activation.relu(level6)), training, params).head());
            }
            default -> { }
        }
        return out;
    }

    /**
     * Nearest-neighbour upsampling of (B, C, h, w) to (B, C, height, width), where each target side
     * is twice the source or one less (what a stride-2 ResNet stage produces from odd sizes).
     *
     * @throws IllegalArgumentException for any other ratio; the message says which sizes met
     */
    static NDArray upsampleNearest(NDArray map, long height, long width) {
        long h = map.getShape().get(2);
        long w = map.getShape().get(3);
        if ((height != 2 * h && height != 2 * h - 1) || (width != 2 * w && width != 2 * w - 1)) {
            throw new IllegalArgumentException("The top-down pathway doubles a map's size; cannot bring " + h + "x" + w
                    + " to " + height + "x" + width + ". Are the inputs consecutive backbone levels?");
        }
        NDArray up = map.repeat(2, 2).repeat(3, 2);
        if (height != 2 * h || width != 2 * w) {
            up = up.get(":, :, 0:" + height + ", 0:" + width);
        }
        return up;
    }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
        int n = config.inputs().size();
        requireInputs(inputShapes);
        Shape[] lateralOut = new Shape[n];
        for (int i = 0; i < n; i++) {
            laterals.get(i).initialize(manager, dataType, inputShapes[i]);
            lateralOut[i] = laterals.get(i).getOutputShapes(new Shape[] {inputShapes[i]})[0];
            smoothing.get(i).initialize(manager, dataType, lateralOut[i]);
        }
        if (p6 != null) {
            Shape source = config.extra() == Extra.P6P7_FROM_C5 ? inputShapes[n - 1] : lateralOut[n - 1];
            p6.initialize(manager, dataType, source);
            p7.initialize(manager, dataType, p6.getOutputShapes(new Shape[] {source})[0]);
        }
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        requireInputs(inputShapes);
        int n = config.inputs().size();
        List<Shape> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            Shape in = inputShapes[i];
            out.add(new Shape(in.get(0), config.width(), in.get(2), in.get(3)));
        }
        Shape last = out.get(n - 1);
        for (int k = 0; k < config.extra().count(); k++) {
            // kernel 1 stride 2 pooling and 3x3 stride-2 convolution with padding 1 both give ceil(h / 2)
            last = new Shape(last.get(0), config.width(), (last.get(2) + 1) / 2, (last.get(3) + 1) / 2);
            out.add(last);
        }
        return out.toArray(new Shape[0]);
    }

    private void requireInputs(Shape[] inputShapes) {
        if (inputShapes.length != config.inputs().size()) {
            throw new IllegalArgumentException("This pyramid reads " + config.inputs() + " but got "
                    + inputShapes.length + " input shapes");
        }
    }

    @Override
    public String toString() {
        return "FeaturePyramid[" + config.inputs() + " -> " + levels() + ", width " + config.width() + ", extra "
                + config.extra() + "]";
    }
}
