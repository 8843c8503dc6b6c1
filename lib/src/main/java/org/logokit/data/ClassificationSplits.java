package org.logokit.data;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;

/**
 * The classification splits of the course's seed 001 (33 classes: 32 brands + no-logo).
 *
 * <p>FlickrLogos-32's training split has no no-logo images, so half of the validation split's
 * no-logo images move into training:
 * <ul>
 *   <li>train = all of {@code trainset} (320) + half of {@code valset-nologos} (1,500) = 1,820</li>
 *   <li>val = {@code valset-logosonly} (960) + the other half of the no-logo images (1,500) = 2,460</li>
 *   <li>test = all of {@code testset} = 3,960</li>
 * </ul>
 * Which no-logo images move is decided by shuffling them with a seeded {@link Random}, so the same
 * seed gives the same split on every machine. "Half" is {@code n / 2} rounded down.
 *
 * @param train the training images
 * @param val the validation images
 * @param test the test images
 * @param seed the seed that shuffled the no-logo images
 */
public record ClassificationSplits(List<LogoImage> train, List<LogoImage> val, List<LogoImage> test,
        long seed) {

    /** Seed used when none is given. */
    public static final long DEFAULT_SEED = 1L;

    /** Copies the lists so the record stays immutable. */
    public ClassificationSplits {
        train = List.copyOf(train);
        val = List.copyOf(val);
        test = List.copyOf(test);
    }

    /** Computes the seed-001 splits with {@link #DEFAULT_SEED}. */
    public static ClassificationSplits of(FlickrLogos32 dataset) {
        return of(dataset, DEFAULT_SEED);
    }

    /** Computes the seed-001 splits, shuffling the validation no-logo images with {@code seed}. */
    public static ClassificationSplits of(FlickrLogos32 dataset, long seed) {
        List<LogoImage> trainLogos = dataset.split(Split.TRAIN);
        List<LogoImage> valAll = dataset.split(Split.VAL);
        List<LogoImage> valLogos = valAll.stream().filter(i -> !i.isNoLogo()).toList();
        List<LogoImage> valNoLogos = new ArrayList<>(valAll.stream().filter(LogoImage::isNoLogo).toList());
        Collections.shuffle(valNoLogos, new Random(seed));
        int half = valNoLogos.size() / 2;
        List<LogoImage> train = new ArrayList<>(trainLogos);
        train.addAll(valNoLogos.subList(0, half));
        List<LogoImage> val = new ArrayList<>(valLogos);
        val.addAll(valNoLogos.subList(half, valNoLogos.size()));
        return new ClassificationSplits(train, val, dataset.split(Split.TEST), seed);
    }

    /** The images of one split: TRAIN, VAL or TEST. */
    public List<LogoImage> get(Split split) {
        return switch (split) {
            case TRAIN -> train;
            case VAL -> val;
            case TEST -> test;
            default -> throw new IllegalArgumentException("The seed-001 classification splits are "
                    + "TRAIN, VAL and TEST, not " + split);
        };
    }

    /**
     * Writes the splits as list files {@code <prefix>-train.txt}, {@code -val.txt},
     * {@code -test.txt} in the dataset's {@code class,file.jpg} format.
     *
     * @param dir the folder to write to (created if needed)
     * @param prefix file name prefix, e.g. {@code seed001}
     * @return the three files written
     */
    public List<Path> write(Path dir, String prefix) {
        List<Path> written = new ArrayList<>();
        try {
            Files.createDirectories(dir);
            for (Split split : new Split[] {Split.TRAIN, Split.VAL, Split.TEST}) {
                Path file = dir.resolve(prefix + "-" + split.name().toLowerCase(java.util.Locale.ROOT)
                        + ".txt");
                List<String> lines = get(split).stream()
                        .map(i -> i.className() + "," + i.fileName()).toList();
                Files.write(file, lines, StandardCharsets.UTF_8);
                written.add(file);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot write split lists to " + dir + ": " + e.getMessage()
                    + ". Pass a writable folder (e.g. --out under LOGOKIT_DATA_DIR)", e);
        }
        return written;
    }

    /** Per-class image counts of a list of images, indexed by class id (length 33). */
    public static int[] classCounts(List<LogoImage> images) {
        int[] counts = new int[LogoClasses.ALL.size()];
        for (LogoImage image : images) {
            counts[image.classId()]++;
        }
        return counts;
    }
}
