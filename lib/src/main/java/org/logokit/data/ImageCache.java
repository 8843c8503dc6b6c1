package org.logokit.data;

import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

/**
 * Decoded images of one dataset, after the deterministic part of its pipeline (e.g. the resize
 * before a random crop), kept in memory up to a byte budget: later epochs skip decoding and
 * resizing. Images are stored as 3-byte BGR rasters (3 bytes a pixel); when the budget is full,
 * further images are simply decoded at every visit. Thread-safe (loader threads share it).
 */
final class ImageCache {
    private final long budgetBytes;
    private final AtomicLong usedBytes = new AtomicLong();
    private final Map<Integer, AnnotatedImage> entries = new ConcurrentHashMap<>();

    /** @param budgetBytes bytes the cached pixels may take; 0 turns caching off */
    ImageCache(long budgetBytes) {
        this.budgetBytes = Math.max(0, budgetBytes);
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
        AnnotatedImage compact = fresh.withImage(compact(fresh.image()));
        if (entries.putIfAbsent(index, compact) != null) {
            usedBytes.addAndGet(-bytes); // another thread cached it first
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
