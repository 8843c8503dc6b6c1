package org.logokit.spark;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.logokit.infer.LogoDetector;

/**
 * The detectors of one executor JVM: a pool per model, each detector loaded once and lent to one
 * task at a time, so an executor running N tasks at once holds N copies and reloads nothing
 * between partitions. A model on a Hadoop file system (hdfs://, s3a://, ...) is copied to a local
 * folder once per executor.
 */
public final class ExecutorDetectors {
    private static final Map<String, ConcurrentLinkedQueue<LogoDetector>> POOLS = new ConcurrentHashMap<>();
    private static final Map<String, Path> LOCAL_COPIES = new ConcurrentHashMap<>();
    private static final AtomicInteger LOADED = new AtomicInteger();

    private ExecutorDetectors() {}

    /** Borrows a detector of {@code model} (loading one when none is free); give it back after use. */
    public static LogoDetector borrow(String model, String engine) {
        LogoDetector free = POOLS.computeIfAbsent(model, m -> new ConcurrentLinkedQueue<>()).poll();
        if (free != null) {
            return free;
        }
        if (engine != null && !engine.isBlank() && System.getProperty("ai.djl.default_engine") == null) {
            System.setProperty("ai.djl.default_engine", engine);
        }
        try {
            LogoDetector loaded = LogoDetector.load(localFolder(model));
            LOADED.incrementAndGet();
            return loaded;
        } catch (IOException e) {
            throw new UncheckedIOException("the detector " + model + " does not load on this executor: "
                    + e.getMessage(), e);
        }
    }

    /** Returns a borrowed detector to its pool. */
    public static void giveBack(String model, LogoDetector detector) {
        POOLS.computeIfAbsent(model, m -> new ConcurrentLinkedQueue<>()).add(detector);
    }

    /** How many detectors this JVM has loaded so far (all models). */
    public static int loaded() {
        return LOADED.get();
    }

    /** Closes every pooled detector of this JVM (tests and the local runner call it at the end). */
    public static void closeAll() {
        for (ConcurrentLinkedQueue<LogoDetector> pool : POOLS.values()) {
            LogoDetector detector;
            while ((detector = pool.poll()) != null) {
                detector.close();
            }
        }
    }

    private static Path localFolder(String model) throws IOException {
        URI uri = URI.create(model.contains("://") || model.startsWith("file:") ? model : "file:" + Path.of(model).toAbsolutePath());
        if ("file".equals(uri.getScheme())) {
            return Path.of(uri);
        }
        Path copy = LOCAL_COPIES.get(model);
        if (copy == null) {
            synchronized (LOCAL_COPIES) {
                copy = LOCAL_COPIES.get(model);
                if (copy == null) {
                    Path target = Files.createTempDirectory("logokit-model-");
                    FileSystem fs = FileSystem.get(uri, new Configuration());
                    org.apache.hadoop.fs.Path source = new org.apache.hadoop.fs.Path(uri);
                    for (org.apache.hadoop.fs.FileStatus file : fs.listStatus(source)) {
                        if (file.isFile()) {
                            fs.copyToLocalFile(file.getPath(), new org.apache.hadoop.fs.Path(
                                    target.resolve(file.getPath().getName()).toUri()));
                        }
                    }
                    LOCAL_COPIES.put(model, target);
                    copy = target;
                }
            }
        }
        return copy;
    }
}
