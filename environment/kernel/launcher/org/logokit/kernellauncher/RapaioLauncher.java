package org.logokit.kernellauncher;

import java.io.OutputStream;
import java.io.PrintStream;
import java.lang.reflect.Constructor;
import java.lang.reflect.Field;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.LinkedHashMap;
import java.util.Map;
import org.rapaio.jupyter.kernel.MainApp;
import org.rapaio.jupyter.kernel.channels.Channels;
import org.rapaio.jupyter.kernel.core.ConnectionProperties;
import org.rapaio.jupyter.kernel.core.RapaioKernel;
import org.rapaio.jupyter.kernel.core.Transform;

/**
 * Starts rapaio-jupyter-kernel 3.0.x and makes its start-up reliable.
 *
 * <p><b>The race it repairs.</b> Each of rapaio's heartbeat, shell and control channels polls its
 * socket in a {@code LoopThread} whose loop runs {@code while (running)}. Its {@code start()}
 * starts the thread first and sets {@code running = true} afterwards, so now and then the new
 * thread reads {@code false}, leaves the loop and ends at once. The socket stays bound, nobody
 * reads it, and the client waits forever for {@code kernel_info_reply} (about one start in ten
 * on a busy two-core machine).
 *
 * <p><b>What this launcher does.</b> It connects the channels exactly as rapaio's own main would
 * (same kernel object, so {@code display(...)} keeps working), then inspects each loop thread. A
 * thread proves it is healthy by being seen asleep between two polls (it can only sleep inside
 * the loop). A thread that has ended while its {@code running} flag is true lost the race; the
 * launcher builds a new loop thread around the same loop body and socket poller, sets its flag
 * <em>before</em> starting it (so it cannot lose again) and puts it in the channel's place. Messages
 * that arrived meanwhile wait in the socket and are answered as soon as the new thread polls.
 * The same repair covers a second start-up race: a request that reaches the shell before rapaio has
 * registered its message handlers throws a NullPointerException that ends the shell thread (the
 * request is lost; Jupyter repeats {@code kernel_info_request} until it gets an answer).
 * Nothing is repaired after start-up: once in the loop, a thread stays there until shutdown.
 *
 * <p>It also applies the course settings ({@link KernelSettings}: {@code LOGOKIT_ENGINE},
 * {@code LOGOKIT_LOG}, {@code LOGOKIT_KERNEL_LOG}; rapaio's own log stays at warnings unless
 * {@code LOGOKIT_KERNEL_LOG=FINE}), and exits the JVM when the kernel shuts down.
 */
public final class RapaioLauncher {

    private static final String[] LOOP_CHANNELS = {"heartbeat", "shell", "control"};
    private static final long VERIFY_TIMEOUT_MS = 10_000;

    private RapaioLauncher() {}

    /**
     * Runs the kernel for a Jupyter connection file.
     *
     * @param args the connection file path (Jupyter's {@code {connection_file}})
     */
    public static void main(String[] args) throws Exception {
        if (args.length != 1) {
            System.err.println("usage: RapaioLauncher <connection-file>  (started by Jupyter, see kernel.json)");
            System.exit(2);
        }
        Path connectionFile = Path.of(args[0]);
        if (!Files.isRegularFile(connectionFile)) {
            System.err.println("RapaioLauncher: connection file " + connectionFile + " does not exist");
            System.exit(2);
        }
        KernelSettings.apply();

        String json = Files.readString(connectionFile, StandardCharsets.UTF_8);
        ConnectionProperties properties = Transform.fromJson(json, ConnectionProperties.class);
        Channels channels = new Channels(properties);
        channels.connect(createKernelQuietly());
        // At shutdown rapaio closes sockets under threads still polling them; what they throw then
        // is noise on the kernel's stderr, not a problem. Before shutdown, report as usual.
        Thread.setDefaultUncaughtExceptionHandler((thread, error) -> {
            if (!channels.isMarkedForShutdown()) {
                // Seen at start-up: a request that arrives before rapaio has registered its
                // handlers kills the shell thread with a NullPointerException; verifyLoopThreads
                // replaces that thread too, and Jupyter repeats its kernel_info request.
                System.err.println("logokit kernel launcher: thread " + thread.getName() + " died: " + error);
                if (KernelSettings.verboseKernelLog()) {
                    error.printStackTrace();
                }
            }
        });

        Map<String, String> outcome = verifyLoopThreads(channels);
        if (outcome.containsValue("repaired") || KernelSettings.verboseKernelLog()) {
            System.err.println("logokit kernel launcher: loop threads " + outcome);
        }
        recordOutcome(outcome);

        channels.joinUntilClose();
        // Wait for any loop thread swapped in after joinUntilClose read the fields, then leave:
        // rapaio's JShell threads must not keep a shut-down kernel alive.
        for (String name : LOOP_CHANNELS) {
            Thread loop = loopThread(channels, name);
            if (loop != null) {
                loop.join();
            }
        }
        System.exit(0);
    }

    /**
     * Checks each channel's loop thread until it is seen inside its loop, and replaces one that
     * ended because it lost the start-up race.
     *
     * @return per channel: "ok" (seen looping), "repaired", or "unverified" (neither within 10 s)
     */
    static Map<String, String> verifyLoopThreads(Channels channels)
            throws ReflectiveOperationException, InterruptedException {
        Map<String, String> outcome = new LinkedHashMap<>();
        long deadline = System.currentTimeMillis() + VERIFY_TIMEOUT_MS;
        for (String name : LOOP_CHANNELS) {
            outcome.put(name, "unverified");
        }
        while (outcome.containsValue("unverified") && System.currentTimeMillis() < deadline) {
            for (String name : LOOP_CHANNELS) {
                if (!outcome.get(name).equals("unverified")) {
                    continue;
                }
                Thread loop = loopThread(channels, name);
                if (loop == null) {
                    outcome.put(name, "absent");
                } else if (loop.getState() == Thread.State.TIMED_WAITING) {
                    outcome.put(name, "ok");
                } else if (loop.getState() == Thread.State.TERMINATED && runningFlag(loop).getBoolean(loop)) {
                    replace(channels, name, loop);
                    outcome.put(name, "repaired");
                }
            }
            Thread.sleep(2);
        }
        return outcome;
    }

    /** Appends the outcome to the file named by LOGOKIT_KERNEL_START_LOG (used by check-kernel-starts). */
    private static void recordOutcome(Map<String, String> outcome) {
        String log = System.getenv("LOGOKIT_KERNEL_START_LOG");
        if (log == null || log.isBlank()) {
            return;
        }
        try {
            Files.writeString(Path.of(log), outcome + System.lineSeparator(), StandardCharsets.UTF_8,
                    StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        } catch (java.io.IOException e) {
            System.err.println("logokit kernel launcher: cannot write " + log + ": " + e.getMessage());
        }
    }

    /** Builds a fresh loop thread around the dead one's body, flagged running before it starts. */
    private static void replace(Channels channels, String channelName, Thread dead) throws ReflectiveOperationException {
        Class<?> loopClass = dead.getClass();
        Field sleepField = loopClass.getDeclaredField("sleep");
        Field bodyField = loopClass.getDeclaredField("loopBody");
        sleepField.setAccessible(true);
        bodyField.setAccessible(true);
        Constructor<?> constructor = loopClass.getDeclaredConstructor(String.class, long.class, Runnable.class);
        constructor.setAccessible(true);
        Thread fresh = (Thread) constructor.newInstance(dead.getName(), sleepField.getLong(dead), bodyField.get(dead));
        fresh.setDaemon(false);
        runningFlag(fresh).setBoolean(fresh, true);
        Field slot = channelField(channels, channelName).getType().getDeclaredField("loopThread");
        slot.setAccessible(true);
        slot.set(channelField(channels, channelName).get(channels), fresh);
        fresh.start();
    }

    private static Thread loopThread(Channels channels, String channelName) throws ReflectiveOperationException {
        Object channel = channelField(channels, channelName).get(channels);
        if (channel == null) {
            return null;
        }
        Field slot = channel.getClass().getDeclaredField("loopThread");
        slot.setAccessible(true);
        return (Thread) slot.get(channel);
    }

    private static Field channelField(Channels channels, String channelName) throws NoSuchFieldException {
        Field field = Channels.class.getDeclaredField(channelName);
        field.setAccessible(true);
        return field;
    }

    private static Field runningFlag(Thread loop) throws NoSuchFieldException {
        Field running = loop.getClass().getDeclaredField("running");
        running.setAccessible(true);
        return running;
    }

    /**
     * Creates rapaio's kernel (its static {@code MainApp.kernel}) while hiding the two lines per
     * classpath entry it prints on stdout. Cell output does not use System.out's current value at
     * this point: JShell writes through the kernel's own console streams.
     */
    private static RapaioKernel createKernelQuietly() throws ClassNotFoundException {
        if (KernelSettings.verboseKernelLog()) {
            return MainApp.kernel;
        }
        PrintStream original = System.out;
        System.setOut(new PrintStream(OutputStream.nullOutputStream()));
        try {
            Class.forName(MainApp.class.getName(), true, RapaioLauncher.class.getClassLoader());
            return MainApp.kernel;
        } finally {
            System.setOut(original);
        }
    }
}
