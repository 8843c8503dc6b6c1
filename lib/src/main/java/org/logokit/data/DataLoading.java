package org.logokit.data;

import ai.djl.training.DefaultTrainingConfig;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Parallel data loading, the one way the kit does it: a shared pool of loader threads that decode
 * and augment images while the model computes, fed through DJL's own prefetching.
 *
 * <p>How a trainer gets it: {@code DataLoading.configure(config)} on its
 * {@link DefaultTrainingConfig} (the kit's trainers do this), then {@code trainer.iterateDataset(d)}
 * or {@code EasyTrain.fit} prefetch batches on these threads. Code that iterates a dataset itself
 * calls {@code dataset.getData(manager, DataLoading.executor())}. The kit's datasets prefetch
 * {@link #prefetch()} batches by default, so every loader thread has work.
 *
 * <p>Threads: as many as the engines compute with ({@code LOGOKIT_THREADS}, default every core).
 * Each batch is loaded by one thread, in order; augmentation stays reproducible whatever thread
 * loads an image (see {@link LogoImageDataset}). The threads are daemons: they never keep the JVM
 * (or a notebook kernel) alive.
 */
public final class DataLoading {

    /** Batches in flight per loader thread. */
    static final int BATCHES_PER_THREAD = 2;

    private static volatile ExecutorService executor;

    private DataLoading() {}

    /** Loader threads: {@code LOGOKIT_THREADS} (or {@code -Dlogokit.threads}) when set, else every core. */
    public static int threads() {
        String configured = System.getProperty("logokit.threads", System.getenv("LOGOKIT_THREADS"));
        if (configured != null) {
            try {
                int n = Integer.parseInt(configured.trim());
                if (n >= 1) {
                    return n;
                }
            } catch (NumberFormatException e) {
                // the launcher reports a bad value; fall back to every core
            }
        }
        return Math.max(1, Runtime.getRuntime().availableProcessors());
    }

    /** Batches the kit's datasets prefetch by default: two per loader thread. */
    public static int prefetch() {
        return BATCHES_PER_THREAD * threads();
    }

    /** The shared pool of loader threads, started on first use. */
    public static ExecutorService executor() {
        ExecutorService pool = executor;
        if (pool == null) {
            synchronized (DataLoading.class) {
                pool = executor;
                if (pool == null) {
                    pool = Executors.newFixedThreadPool(threads(), new LoaderThreads());
                    executor = pool;
                }
            }
        }
        return pool;
    }

    /**
     * Makes a training configuration load its batches on the loader threads.
     *
     * @param config the configuration to change
     * @return the same configuration
     */
    public static DefaultTrainingConfig configure(DefaultTrainingConfig config) {
        return config.optExecutorService(executor());
    }

    /** Daemon threads named logokit-loader-N. */
    private static final class LoaderThreads implements ThreadFactory {
        private final AtomicInteger count = new AtomicInteger();

        @Override
        public Thread newThread(Runnable task) {
            Thread thread = new Thread(task, "logokit-loader-" + count.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        }
    }
}
