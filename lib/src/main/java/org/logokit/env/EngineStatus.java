package org.logokit.env;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;

/**
 * Whether one DJL engine loads on this machine, its version and how many GPUs it sees.
 *
 * @param name engine name as DJL spells it ({@code MXNet}, {@code PyTorch})
 * @param loaded true when the engine loaded and computed {@code 1 + 2} correctly
 * @param version the engine's native version (e.g. {@code 1.9.0}), or null when not loaded
 * @param gpuCount GPUs the engine can use (0 on CPU-only builds or machines)
 * @param problem why the engine did not load (a short message), or null when it loaded
 */
public record EngineStatus(String name, boolean loaded, String version, int gpuCount, String problem) {

    /**
     * Loads the engine (extracting its native library into the DJL cache on first use) and runs a
     * one-element addition on it. Never throws: a failure is reported in {@link #problem()}.
     */
    public static EngineStatus probe(String name) {
        try {
            if (!Engine.hasEngine(name)) {
                return new EngineStatus(name, false, null, 0,
                        "engine not on the classpath (known engines: " + Engine.getAllEngines() + ")");
            }
            Engine engine = Engine.getEngine(name);
            try (NDManager manager = engine.newBaseManager()) {
                NDArray sum = manager.create(new float[] {1f}).add(2f);
                float value = sum.toFloatArray()[0];
                if (value != 3f) {
                    return new EngineStatus(name, false, engine.getVersion(), 0,
                            "1 + 2 gave " + value + " on this engine");
                }
            }
            return new EngineStatus(name, true, engine.getVersion(), engine.getGpuCount(), null);
        } catch (RuntimeException | UnsatisfiedLinkError e) {
            String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
            Throwable cause = e.getCause();
            if (cause != null && cause.getMessage() != null && !message.contains(cause.getMessage())) {
                message += " (" + cause.getMessage() + ")";
            }
            return new EngineStatus(name, false, null, 0, message);
        }
    }
}
