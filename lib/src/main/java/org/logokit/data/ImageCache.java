package org.logokit.data;

import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.lang.ref.Cleaner;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

/**
 * Decoded images of one dataset, after the deterministic part of its pipeline (e.g. the resize
 * before a random crop), kept in memory: later epochs skip decoding and resizing. Images are stored
 * as 3-byte BGR rasters (3 bytes a pixel).
 *
 * <p>Two limits: the dataset's own budget, and one budget for all the datasets of the JVM
 * ({@link #JVM}: a quarter of the maximum heap, at most 1.5 GiB), so a notebook that builds many
 * datasets cannot fill the heap; a dataset that is garbage-collected gives its share back. When a
 * limit is reached, further images are simply decoded at every visit. Thread-safe (loader threads
 * share it).
 */
final class ImageCache {

    /** Bytes of cached pixels a whole JVM may hold, shared by its datasets. */
    static final class Budget {
        private final long limit;
        private final AtomicLong used = new AtomicLong();

        Budget(long limit) {
            this.limit = limit;
        }

        long used() {
            return used.get();
        }

        boolean reserve(long bytes) {
            if (used.addAndGet(bytes) > limit) {
                used.addAndGet(-bytes);
                return false;
            }
            return true;
        }

        void release(long bytes) {
            used.addAndGet(-bytes);
        }
    }

    /** The JVM-wide budget: a quarter of the maximum heap, at most 1.5 GiB. */
    static final Budget JVM = new Budget(Math.min(1536L << 20, Runtime.getRuntime().maxMemory() / 4));

    private static final Cleaner CLEANER = Cleaner.create();

    private final long budgetBytes;
    private final Budget shared;
    private final AtomicLong usedBytes = new AtomicLong();
    private final Map<Integer, AnnotatedImage> entries = new ConcurrentHashMap<>();

    /** @param budgetBytes bytes this dataset's cached pixels may take; 0 turns caching off */
    ImageCache(long budgetBytes) {
        this(budgetBytes, JVM);
    }

    ImageCache(long budgetBytes, Budget shared) {
        this.budgetBytes = Math.max(0, budgetBytes);
        this.shared = shared;
        AtomicLong mine = usedBytes;
        CLEANER.register(this, () -> shared.release(mine.getAndSet(0)));
    }

    /** The cached image of {@code index}, else {@code load}'s result (cached while it fits). */
    AnnotatedImage get(int index, Supplier<AnnotatedImage> load) {
        AnnotatedImage hit = entries.get(index);
        if (hit != null) {
            return hit;
        }
        AnnotatedImage fresh = load.get();
        if (budgetBytes == 0) {
            return fresh;
        }
        long bytes = 3L * fresh.width() * fresh.height();
        if (usedBytes.addAndGet(bytes) > budgetBytes) {
            usedBytes.addAndGet(-bytes);
            return fresh;
        }
        if (!shared.reserve(bytes)) {
            usedBytes.addAndGet(-bytes);
            return fresh;
        }
        AnnotatedImage compact = fresh.withImage(compact(fresh.image()));
        if (entries.putIfAbsent(index, compact) != null) {
            usedBytes.addAndGet(-bytes); // another thread cached it first
            shared.release(bytes);
        }
        return compact;
    }

    /** Bytes of pixels held. */
    long usedBytes() {
        return usedBytes.get();
    }

    /** Images held. */
    int size() {
        return entries.size();
    }

    private static BufferedImage compact(BufferedImage image) {
        if (image.getType() == BufferedImage.TYPE_3BYTE_BGR && image.getRaster().getParent() == null) {
            return image; // already compact, and not a crop that would keep its parent's pixels alive
        }
        BufferedImage bgr = new BufferedImage(image.getWidth(), image.getHeight(), BufferedImage.TYPE_3BYTE_BGR);
        Graphics2D g = bgr.createGraphics();
        g.drawImage(image, 0, 0, null);
        g.dispose();
        return bgr;
    }
}
