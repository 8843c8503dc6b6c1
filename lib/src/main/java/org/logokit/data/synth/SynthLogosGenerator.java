package org.logokit.data.synth;

import java.nio.file.Path;
import java.util.Objects;
import org.logokit.config.KitPaths;

/**
 * Generates SynthLogos-32: an offline stand-in for FlickrLogos-32 in exactly its v2 on-disk format.
 *
 * <pre>{@code
 * SynthSummary s = SynthLogosGenerator.builder()
 *         .size(SynthSize.MINI).seed(32).output(dir).build().generate();
 * Path root = s.root();   // dir/FlickrLogos-v2, ready for the FlickrLogos-32 reader
 * }</pre>
 *
 * <p>The tree is written into a hidden temporary folder next to the target and renamed at the end,
 * so an interrupted run never leaves a tree that looks complete. A tree is complete when its
 * {@link #MANIFEST_FILE} exists ({@link #isComplete(Path)}).
 */
public final class SynthLogosGenerator {
    /** Folder name of the data set inside the output folder, as in FlickrLogos-32's zip. */
    public static final String DATASET_FOLDER = "FlickrLogos-v2";
    /** SHA-256 manifest of every data file, in {@code sha256sum -c} format; written last. */
    public static final String MANIFEST_FILE = "MANIFEST.sha256";
    /** Seed used when none is given. */
    public static final long DEFAULT_SEED = 32;
    /**
     * Version of the generator; part of the README so a tree says what made it. A complete tree
     * of another version is generated again on first use (2.0: photo backgrounds, small logos,
     * tilted and curved surfaces, motion blur, JPEG artefacts).
     */
    public static final String VERSION = "2.0";

    private final SynthSize size;
    private final long seed;
    private final Path output;
    private final int threads;
    private final Path backgrounds;
    private final boolean progress;
    private final boolean overwrite;

    private SynthLogosGenerator(Builder b) {
        this.size = b.size;
        this.seed = b.seed;
        this.output = b.output != null ? b.output : defaultOutput(b.size);
        this.threads = b.threads > 0 ? b.threads : Runtime.getRuntime().availableProcessors();
        this.backgrounds = b.backgrounds;
        this.progress = b.progress;
        this.overwrite = b.overwrite;
    }

    /** Starts a builder: size {@code MINI}, seed {@value #DEFAULT_SEED}, default output folder. */
    public static Builder builder() {
        return new Builder();
    }

    /** Default output folder for a size: {@code <dataDir>/SynthLogos-32/<size>}. */
    public static Path defaultOutput(SynthSize size) {
        return KitPaths.dataDir().resolve("SynthLogos-32").resolve(size.id());
    }

    /** Default folder of background photos: {@code <dataDir>/backgrounds}. */
    public static Path defaultBackgrounds() {
        return KitPaths.dataDir().resolve("backgrounds");
    }

    /**
     * Returns true when {@code output/FlickrLogos-v2} holds a completely generated tree.
     *
     * @param output the folder given to {@link Builder#output(Path)}
     */
    public static boolean isComplete(Path output) {
        return java.nio.file.Files.isRegularFile(
                output.resolve(DATASET_FOLDER).resolve(MANIFEST_FILE));
    }

    /**
     * Returns the {@code FlickrLogos-v2} root for a size under the default output folder,
     * generating it first (with a progress bar) when it is not complete yet.
     */
    public static Path ensure(SynthSize size) {
        return builder().size(size).build().generate().root();
    }

    /**
     * Generates the tree, or reuses a complete one already at the output folder (unless
     * {@link Builder#overwrite(boolean)} is set, the tree was made by another generator version,
     * or it has procedural backgrounds while photographs are now available).
     *
     * @return counts, time and images per second
     * @throws java.io.UncheckedIOException when the output folder cannot be written; the message
     *     names the folder
     */
    public SynthSummary generate() {
        return new GenerationRun(size, seed, output, threads, backgrounds, progress, overwrite)
                .run();
    }

    /**
     * Command line: {@code [--size mini|standard|full] [--seed N] [--out DIR] [--threads N]
     * [--backgrounds DIR] [--overwrite] [--quiet]}. Default output
     * {@code <dataDir>/SynthLogos-32/<size>}. Exit code 0 on success, 2 on bad arguments, 1 when
     * generation fails (with a one-line reason).
     */
    public static void main(String[] args) {
        int code = run(args);
        if (code != 0) {
            System.exit(code);
        }
    }

    /**
     * Runs the command line and returns its exit code (0 done, 1 generation failed, 2 bad
     * arguments); messages go to standard output.
     */
    static int run(String[] args) {
        Builder builder = builder();
        try {
            for (int i = 0; i < args.length; i++) {
                String arg = args[i];
                switch (arg) {
                    case "--size":
                        builder.size(SynthSize.parse(value(args, ++i, arg)));
                        break;
                    case "--seed":
                        builder.seed(number(value(args, ++i, arg), arg));
                        break;
                    case "--out":
                        builder.output(Path.of(value(args, ++i, arg)));
                        break;
                    case "--threads":
                        builder.threads((int) Math.min(1024, number(value(args, ++i, arg), arg)));
                        break;
                    case "--backgrounds":
                        builder.backgrounds(Path.of(value(args, ++i, arg)));
                        break;
                    case "--overwrite":
                        builder.overwrite(true);
                        break;
                    case "--quiet":
                        builder.progress(false);
                        break;
                    case "-h":
                    case "--help":
                        System.out.println(USAGE);
                        return 0;
                    default:
                        throw new IllegalArgumentException("unknown argument '" + arg + "'");
                }
            }
        } catch (IllegalArgumentException e) {
            System.out.println("generate-synthlogos: " + e.getMessage());
            System.out.println(USAGE);
            return 2;
        }
        try {
            SynthSummary summary = builder.build().generate();
            if (summary.reused()) {
                System.out.println(summary + " (use --overwrite to regenerate)");
            }
            return 0;
        } catch (RuntimeException e) {
            System.out.println("generate-synthlogos failed: " + e.getMessage());
            return 1;
        }
    }

    private static final String USAGE = "usage: generate-synthlogos [--size mini|standard|full]"
            + " [--seed N] [--out DIR] [--threads N] [--backgrounds DIR] [--overwrite] [--quiet]\n"
            + "  Writes SynthLogos-32 (synthetic FlickrLogos-32 stand-in) to DIR/FlickrLogos-v2;"
            + " default DIR is <dataDir>/SynthLogos-32/<size>, seed " + DEFAULT_SEED + ".";

    private static long number(String text, String option) {
        try {
            return Long.parseLong(text.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(option + " needs a whole number, not '" + text
                    + "'");
        }
    }

    private static String value(String[] args, int i, String option) {
        if (i >= args.length) {
            throw new IllegalArgumentException(option + " needs a value");
        }
        return args[i];
    }

    /** Builder for {@link SynthLogosGenerator}. */
    public static final class Builder {
        private SynthSize size = SynthSize.MINI;
        private long seed = DEFAULT_SEED;
        private Path output;
        private int threads;
        private Path backgrounds;
        private boolean progress = true;
        private boolean overwrite;

        private Builder() {}

        /** Size to generate (default {@link SynthSize#MINI}). */
        public Builder size(SynthSize size) {
            this.size = Objects.requireNonNull(size, "size");
            return this;
        }

        /** Seed; the same seed and size give byte-identical files (default 32). */
        public Builder seed(long seed) {
            this.seed = seed;
            return this;
        }

        /**
         * Output folder; the data set goes to {@code output/FlickrLogos-v2}. Default
         * {@code <dataDir>/SynthLogos-32/<size>}.
         */
        public Builder output(Path output) {
            this.output = Objects.requireNonNull(output, "output");
            return this;
        }

        /** Worker threads (default: all processors). Does not change the files written. */
        public Builder threads(int threads) {
            if (threads < 0) {
                throw new IllegalArgumentException("threads must be >= 0 (0 = all processors)");
            }
            this.threads = threads;
            return this;
        }

        /**
         * Folder of background photos (default {@code <dataDir>/backgrounds}, filled by
         * {@code data-scripts/fetch-backgrounds}, which {@code environment/setup} runs). When it
         * holds no photo, procedural backgrounds are used, a notice says so and so does the
         * README.
         */
        public Builder backgrounds(Path backgrounds) {
            this.backgrounds = backgrounds;
            return this;
        }

        /** Whether to print a progress bar on standard output (default true). */
        public Builder progress(boolean progress) {
            this.progress = progress;
            return this;
        }

        /** Whether to replace a complete tree already at the output folder (default false). */
        public Builder overwrite(boolean overwrite) {
            this.overwrite = overwrite;
            return this;
        }

        /** Builds the generator. */
        public SynthLogosGenerator build() {
            return new SynthLogosGenerator(this);
        }
    }
}
