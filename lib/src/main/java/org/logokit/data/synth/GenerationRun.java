package org.logokit.data.synth;

import java.nio.file.Path;

/** One run of the generator (work in progress: the skeleton of the public API comes first). */
final class GenerationRun {
    GenerationRun(SynthSize size, long seed, Path output, int threads, Path backgrounds,
            boolean progress, boolean overwrite) {}

    SynthSummary run() {
        throw new UnsupportedOperationException("SynthLogos-32 generation is being written");
    }
}
