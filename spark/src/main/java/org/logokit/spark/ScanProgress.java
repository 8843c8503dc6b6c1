package org.logokit.spark;

import java.io.PrintStream;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerTaskEnd;

/**
 * Progress of a scan on the driver's console: one line each time another tenth of the phase's
 * partitions is done ("scanning: 8 of 16 partitions, 12.3 s"), and on the last one.
 */
final class ScanProgress extends SparkListener {
    private final PrintStream log;
    private final AtomicInteger done = new AtomicInteger();
    private volatile String phase = "";
    private volatile int total;
    private volatile long started;
    private volatile int lastTenth = -1;

    ScanProgress(PrintStream log) {
        this.log = log;
    }

    void begin(String phase, int partitions) {
        this.phase = phase;
        this.total = partitions;
        this.done.set(0);
        this.lastTenth = -1;
        this.started = System.nanoTime();
    }

    void end() {
        phase = "";
    }

    @Override
    public void onTaskEnd(SparkListenerTaskEnd taskEnd) {
        if (phase.isEmpty() || total == 0 || !"ResultTask".equals(taskEnd.taskType())) {
            return;
        }
        int finished = done.incrementAndGet();
        int tenth = Math.min(10, finished * 10 / total);
        if (tenth > lastTenth && finished <= total) {
            lastTenth = tenth;
            log.printf(Locale.ROOT, "%s: %d of %d partitions, %.1f s%n", phase, finished, total,
                    (System.nanoTime() - started) / 1e9);
        }
    }
}
