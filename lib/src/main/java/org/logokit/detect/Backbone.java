package org.logokit.detect;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Block;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import org.logokit.model.Architectures;
import org.logokit.model.FreezableBatchNorm;
import org.logokit.model.ModelArtifact;
import org.logokit.model.NamedSequentialBlock;
import org.logokit.model.ResNet;
import org.logokit.transfer.BlockFreezer;
import org.logokit.transfer.TransferLearning;

/**
 * The feature extractor under every detector: a ResNet-18 without its classifier head, returning
 * the feature maps C2..C5 that the heads (and a feature pyramid) read.
 *
 * <pre>
 *   level  after    stride  channels (full / quarter width)
 *   C2     stage1      4       64 / 16
 *   C3     stage2      8      128 / 32
 *   C4     stage3     16      256 / 64
 *   C5     stage4     32      512 / 128
 * </pre>
 * A feature-map cell at (row i, column j) of a level with stride s covers input pixels around
 * (j * s, i * s). The forward pass returns the requested levels in C2..C5 order as an
 * {@link NDList} and stops after the deepest one requested.
 *
 * <p>{@link Config#outputStride} 8 or 16 keeps the deep levels on a finer grid (DeepLab's output
 * stride; torchvision's {@code replace_stride_with_dilation}): the stages that would halve the map
 * keep it and dilate their 3x3 convolutions instead, so with output stride 8 C4 has stride 8 (a
 * 32 x 32 map for a 256-pixel input) with the same weights, four times the cells and four times
 * that stage's work. At every second cell it holds exactly the ordinary C4.
 *
 * <p>Weights: {@link #loadWeights(ModelArtifact)} copies a classifier's stem and stages, e.g. the
 * backbone chapter 03 pretrained on source brands, or ImageNet's ResNet-18 from DJL's model zoo when
 * online ({@code org.logokit.transfer.PretrainedResNet18}). {@link Config#frozenStages} freezes the
 * first blocks (torchvision trains only the last three stages by default): their weights get no
 * gradient, and their batch norms act as torchvision's {@code FrozenBatchNorm2d} on every engine.
 * The backbone's batch norms are {@link FreezableBatchNorm}s: while frozen (by this config, by
 * {@link BlockFreezer} or by {@code freezeParameters}), a training pass applies the fixed affine
 * map of the saved running statistics, so a frozen stage computes in training exactly what it
 * computes in inference and none of its numbers change. Unfrozen, they are ordinary batch norms.
 * (DJL's own {@code BatchNorm} would normalise a frozen stage with batch statistics on both
 * engines, and PyTorch would also move its running statistics while MXNet would not.) Saved
 * detectors are in DJL's {@code BatchNorm} format, so those saved before this block load as they
 * were.
 */
public final class Backbone extends AbstractBlock {

    private static final byte VERSION = 1;

    /** The four levels a ResNet-18 offers, shallow to deep. */
    public static final List<String> LEVELS = List.of("C2", "C3", "C4", "C5");

    /** How wide the network is. */
    public enum Width {
        /** The real ResNet-18: 64, 128, 256, 512 channels. */
        FULL(64, Architectures.RESNET18),
        /** A quarter of it: 16, 32, 64, 128 channels, for CPUs. */
        QUARTER(16, Architectures.RESNET18_SMALL);

        private final int baseChannels;
        private final String architecture;

        Width(int baseChannels, String architecture) {
            this.baseChannels = baseChannels;
            this.architecture = architecture;
        }

        /** Channels of C2 (each deeper level doubles them). */
        public int baseChannels() {
            return baseChannels;
        }

        /** The classifier architecture with the same trunk ({@link Architectures}). */
        public String architecture() {
            return architecture;
        }
    }

    /**
     * What to build.
     *
     * @param width full or quarter width
     * @param outputs the levels to return, e.g. {@code ["C4"]} for a single-map detector or
     *     {@code ["C3", "C4", "C5"]} for a pyramid
     * @param frozenStages how many of stem, stage1, ... to freeze (0 to 5)
     * @param outputStride the coarsest stride the backbone may reach: 32 (or 0) is the ordinary
     *     ResNet; 16 keeps stage4 at stride 16 and 8 keeps stage3 and stage4 at stride 8, with
     *     dilated convolutions instead of the halving (DeepLab's output stride), so C4 becomes a
     *     32 x 32 map for a 256-pixel input with the same weights
     */
    public record Config(Width width, List<String> outputs, int frozenStages, int outputStride) {
        /** Checks and normalises the fields. */
        public Config {
            Objects.requireNonNull(width, "width");
            if (outputs == null || outputs.isEmpty()) {
                throw new IllegalArgumentException("Ask for at least one of " + LEVELS);
            }
            for (String level : outputs) {
                if (!LEVELS.contains(level)) {
                    throw new IllegalArgumentException("Unknown backbone level '" + level + "'; a ResNet-18 has "
                            + LEVELS);
                }
            }
            outputs = LEVELS.stream().filter(outputs::contains).toList();
            if (frozenStages < 0 || frozenStages > 5) {
                throw new IllegalArgumentException("frozenStages is 0 (none) to 5 (stem and all four stages), got "
                        + frozenStages);
            }
            // 0 is what a spec saved before this setting existed reads back as
            outputStride = outputStride == 0 ? 32 : outputStride;
            if (outputStride != 8 && outputStride != 16 && outputStride != 32) {
                throw new IllegalArgumentException("outputStride is 8, 16 or 32, got " + outputStride);
            }
        }

        /** An ordinary (undilated) backbone. */
        public Config(Width width, List<String> outputs, int frozenStages) {
            this(width, outputs, frozenStages, 32);
        }

        /** A trainable backbone (nothing frozen). */
        public static Config of(Width width, String... outputs) {
            return new Config(width, List.of(outputs), 0);
        }

        /** This config with the first {@code stages} blocks (stem, stage1, ...) frozen. */
        public Config frozen(int stages) {
            return new Config(width, outputs, stages, outputStride);
        }

        /** This config with another output stride (8, 16 or 32; see the record). */
        public Config withOutputStride(int value) {
            return new Config(width, outputs, frozenStages, value);
        }

        /** The stride of a level in this config: its ordinary stride, capped at the output stride. */
        public int stride(String level) {
            return Math.min(Backbone.stride(level), outputStride);
        }

        /** Dilation of stage 1..4: 1, or 2 and 4 for the stages that keep their map. */
        int dilation(int stage) {
            return Math.max(1, (4 << (stage - 1)) / outputStride);
        }
    }

    private final Config config;
    private final NamedSequentialBlock trunk;
    private final int deepest;

    /** Builds an uninitialised backbone. */
    public Backbone(Config config) {
        super(VERSION);
        this.config = Objects.requireNonNull(config, "config");
        // every batch norm is freezable, so whatever is frozen (here or later) keeps its statistics
        int base = config.width().baseChannels();
        trunk = new NamedSequentialBlock();
        trunk.add(ResNet.STEM, ResNet.stem(base, FreezableBatchNorm::new));
        for (int stage = 1; stage <= 4; stage++) {
            trunk.add(ResNet.stageName(stage), ResNet.stage(stage, base, FreezableBatchNorm::new,
                    config.dilation(stage)));
        }
        addChildBlock("trunk", trunk);
        deepest = LEVELS.indexOf(config.outputs().get(config.outputs().size() - 1));
        List<String> frozen = trunk.names().subList(0, config.frozenStages());
        if (!frozen.isEmpty()) {
            BlockFreezer.freeze(trunk, frozen.toArray(new String[0]));
        }
    }

    /** The configuration. */
    public Config config() {
        return config;
    }

    /** The levels returned, C2..C5 order. */
    public List<String> outputs() {
        return config.outputs();
    }

    /** Ordinary stride in input pixels of a level: 4, 8, 16 or 32 ({@link Config#stride} for a dilated one). */
    public static int stride(String level) {
        int i = LEVELS.indexOf(level);
        if (i < 0) {
            throw new IllegalArgumentException("Unknown level '" + level + "'; levels are " + LEVELS);
        }
        return 4 << i;
    }

    /** Channels of a level at this backbone's width. */
    public int channels(String level) {
        return config.width().baseChannels() << LEVELS.indexOf(level);
    }

    /** Strides of the returned levels, in order. */
    public int[] strides() {
        return outputs().stream().mapToInt(config::stride).toArray();
    }

    /** Feature-map sizes (height = width) of the returned levels for a square input. */
    public int[] featureSizes(int imageSize) {
        Shape[] shapes = getOutputShapes(new Shape[] {new Shape(1, 3, imageSize, imageSize)});
        int[] sizes = new int[shapes.length];
        for (int i = 0; i < shapes.length; i++) {
            sizes[i] = Math.toIntExact(shapes[i].get(2));
        }
        return sizes;
    }

    /** The stem and stages as named blocks (for freezing or inspection). */
    public NamedSequentialBlock trunk() {
        return trunk;
    }

    /**
     * Copies a classifier's stem and four stages into this backbone (its head is ignored). Both must
     * be initialised.
     *
     * @param classifier e.g. chapter 03's pretrained source-brand model or ImageNet's ResNet-18
     * @throws IllegalArgumentException when the classifier's architecture is not this width's
     */
    public void loadWeights(ModelArtifact classifier) {
        String expected = config.width().architecture();
        if (!classifier.spec().architecture().equals(expected)) {
            throw new IllegalArgumentException("A " + config.width().name().toLowerCase(Locale.ROOT)
                    + "-width backbone takes " + expected + " weights, not " + classifier.spec().architecture()
                    + ". Choose Backbone.Width." + (Architectures.RESNET18.equals(classifier.spec().architecture())
                    ? "FULL" : "QUARTER") + " for this artefact.");
        }
        if (!isInitialized()) {
            throw new IllegalStateException("Initialise the detector before loading backbone weights");
        }
        for (String name : trunk.names()) {
            TransferLearning.copyParameters(classifier.block().child(name).getParameters(),
                    trunk.child(name).getParameters(), "backbone " + name);
        }
    }

    @Override
    protected NDList forwardInternal(ParameterStore parameterStore, NDList inputs, boolean training,
            PairList<String, Object> params) {
        NDList current = new NDList(inputs.head());
        NDList out = new NDList();
        List<String> names = trunk.names();
        for (int i = 0; i <= deepest + 1; i++) {
            Block block = trunk.child(names.get(i));
            current = block.forward(parameterStore, current, training, params);
            if (i >= 1 && config.outputs().contains(LEVELS.get(i - 1))) {
                out.add(current.head());
            }
        }
        return out;
    }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
        trunk.initialize(manager, dataType, inputShapes);
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        List<Shape> out = new ArrayList<>();
        Shape[] current = inputShapes;
        List<String> names = trunk.names();
        for (int i = 0; i <= deepest + 1; i++) {
            current = trunk.child(names.get(i)).getOutputShapes(current);
            if (i >= 1 && config.outputs().contains(LEVELS.get(i - 1))) {
                out.add(current[0]);
            }
        }
        return out.toArray(new Shape[0]);
    }

    @Override
    public String toString() {
        return "Backbone[ResNet-18 " + config.width().name().toLowerCase(Locale.ROOT) + " width, outputs "
                + outputs() + ", frozen stages " + config.frozenStages()
                + (config.outputStride() < 32 ? ", output stride " + config.outputStride() : "") + "]";
    }
}
