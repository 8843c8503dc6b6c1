package org.logokit.train;

import ai.djl.Device;
import ai.djl.engine.Engine;
import java.util.Arrays;
import java.util.stream.Collectors;

/** Chooses where training runs: every GPU the engine sees, else the CPU. */
public final class TrainingDevices {

    private TrainingDevices() {}

    /**
     * Returns all GPUs of the default engine, or the CPU when there is none (this is what
     * {@link Engine#getDevices()} answers).
     */
    public static Device[] all() {
        return Engine.getInstance().getDevices();
    }

    /** Returns a one-line description such as {@code "MXNet 1.9.0 on cpu()"}. */
    public static String describe(Device[] devices) {
        Engine engine = Engine.getInstance();
        return engine.getEngineName() + " " + engine.getVersion() + " on "
                + Arrays.stream(devices).map(Device::toString).collect(Collectors.joining(", "));
    }
}
