package org.logokit.data.synth;

import ai.djl.training.util.ProgressBar;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ForkJoinPool;
import java.util.stream.IntStream;
import java.util.stream.Stream;

/**
 * One run of the generator: plans the images, renders them in parallel into a hidden temporary
 * folder, writes lists, README, run info and (last) the manifest, then renames the folder into
 * place.
 */
final class GenerationRun {
    /** Per-run information (counts, timing); the only file not covered by the manifest. */
    static final String INFO_FILE = "synthlogos.json";
    /** The input size the small-logo share refers to: the detectors' 320 pixels. */
    static final int SMALL_REFERENCE_SIDE = 320;
    private static final String PARTIAL_PREFIX = "." + SynthLogosGenerator.DATASET_FOLDER
            + ".partial-";

    private final SynthSize size;
    private final long seed;
    private final Path output;
    private final int threads;
    private final Path backgroundsDir;
    private final boolean progress;
    private final boolean overwrite;

    GenerationRun(SynthSize size, long seed, Path output, int threads, Path backgrounds,
            boolean progress, boolean overwrite) {
        this.size = size;
        this.seed = seed;
        this.output = output.toAbsolutePath().normalize();
        this.threads = threads;
        this.backgroundsDir = backgrounds;
        this.progress = progress;
        this.overwrite = overwrite;
    }

    SynthSummary run() {
        Path target = output.resolve(SynthLogosGenerator.DATASET_FOLDER);
        Path photoFolder = resolveBackgrounds();
        boolean replace = overwrite;
        if (!overwrite && SynthLogosGenerator.isComplete(output)) {
            String stale = staleReason(target, photoFolder);
            if (stale == null) {
                return reused(target);
            }
            System.out.println("SynthLogos-32 at " + target + " " + stale + ": generating it again.");
            replace = true;
        }
        try {
            Files.createDirectories(output);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot create the output folder " + output + " ("
                    + e + "). Choose another with --out or LOGOKIT_DATA_DIR.", e);
        }
        removeStalePartials();
        Path partial = output.resolve(PARTIAL_PREFIX + ProcessHandle.current().pid());
        deleteTree(partial);
        long start = System.nanoTime();
        PhotoBackgrounds photos = PhotoBackgrounds.load(photoFolder, photoSide(size));
        String backgrounds;
        if (photos.size() > 0) {
            backgrounds = "photos (" + photos.size() + " photographs, a different random crop for "
                    + "every image)";
        } else {
            backgrounds = "procedural only (gradients, smooth noise, stripes, tiles, blobs): no "
                    + "background photographs were found; run data-scripts/fetch-backgrounds to "
                    + "use real photographs";
            System.out.println("SynthLogos-32: NOTICE: no background photographs in "
                    + (photoFolder == null ? "(no kit folder)" : photoFolder) + ", so the images get"
                    + " procedural backgrounds. Run data-scripts/fetch-backgrounds (environment/setup"
                    + " does) to use real photographs.");
        }
        int[] logoCount = new int[2]; // logos, small logos
        List<ImagePlan.Entry> plan = ImagePlan.plan(size, seed);
        List<BackgroundPlan.Choice> choices = BackgroundPlan.plan(plan, size.longestSide(), seed,
                photos);
        String[] sources = new String[plan.size()];
        List<FlickrLogosTreeWriter.FileEntry> files;
        try {
            files = renderAll(partial, plan, choices, photos, logoCount, sources);
            FlickrLogosTreeWriter writer = new FlickrLogosTreeWriter(partial);
            files.addAll(writer.writeLists(plan));
            files.add(writer.write("README.md", DatasetReadme.text(size, seed, plan, logoCount[0],
                    logoCount[1], backgrounds, photos, choices, sources)
                    .getBytes(StandardCharsets.UTF_8)));
            double seconds = (System.nanoTime() - start) / 1e9;
            writeInfo(partial, plan.size(), logoCount[0], logoCount[1], backgrounds,
                    photos.size(), seconds);
            writeManifest(partial, files);
            double total = (System.nanoTime() - start) / 1e9;
            SynthSummary summary = new SynthSummary(target, size, seed, plan.size(), logoCount[0],
                    backgrounds, total, false);
            SynthSummary placed = moveIntoPlace(partial, target, summary, replace);
            if (progress) {
                System.out.println(placed);
            }
            return placed;
        } catch (RuntimeException | Error e) {
            try {
                deleteTree(partial); // Never leave half a tree behind.
            } catch (RuntimeException cleanup) {
                e.addSuppressed(cleanup);
            }
            throw e;
        }
    }

    /**
     * Why a complete tree must be made again, or null to reuse it: it was made by another
     * generator version, or without photographs while photographs are now available.
     */
    private static String staleReason(Path target, Path photoFolder) {
        try {
            JsonObject info = JsonParser.parseString(
                    Files.readString(target.resolve(INFO_FILE))).getAsJsonObject();
            String version = info.has("generatorVersion")
                    ? info.get("generatorVersion").getAsString() : "?";
            if (!SynthLogosGenerator.VERSION.equals(version)) {
                return "was made by generator version " + version + " (this is "
                        + SynthLogosGenerator.VERSION + ")";
            }
            int usedPhotos = info.has("backgroundPhotos") ? info.get("backgroundPhotos").getAsInt()
                    : 0;
            if (usedPhotos == 0 && !BackgroundPhotos.listed(photoFolder).isEmpty()) {
                return "has procedural backgrounds, and background photographs are now in "
                        + photoFolder;
            }
            return null;
        } catch (IOException | RuntimeException e) {
            return null; // No readable run info: the tree itself is complete, keep it.
        }
    }

    /**
     * Whether a box is small: under 32 × 32 pixels once its picture is scaled to a longest side of
     * {@value #SMALL_REFERENCE_SIDE} (COCO's "small", at the detectors' input size).
     */
    static boolean isSmall(java.awt.Rectangle box, int longestSide) {
        double s = SMALL_REFERENCE_SIDE / (double) longestSide;
        return box.width * s * box.height * s < 32 * 32;
    }

    /** Photos are kept at about twice the picture size: enough for crops, small in memory. */
    static int photoSide(SynthSize size) {
        return Math.max(512, Math.min(BackgroundPhotos.STORED_SIDE, 2 * size.longestSide()));
    }

    /** Renders every image in parallel; results are collected by plan index (thread-neutral). */
    private List<FlickrLogosTreeWriter.FileEntry> renderAll(Path partial,
            List<ImagePlan.Entry> plan, List<BackgroundPlan.Choice> choices,
            PhotoBackgrounds photos, int[] logoCount, String[] sources) {
        FlickrLogosTreeWriter writer = new FlickrLogosTreeWriter(partial);
        SceneComposer composer = new SceneComposer(photos);
        // Build the designs once, before the threads start (fonts and icons load here).
        BrandCatalog.BRANDS.forEach(BrandCatalog::design);
        @SuppressWarnings("unchecked")
        List<FlickrLogosTreeWriter.FileEntry>[] perImage = new List[plan.size()];
        int[] logos = new int[plan.size()];
        int[] small = new int[plan.size()];
        ProgressBar bar = progress ? new ProgressBar("Generating", plan.size())
                : null;
        ForkJoinPool pool = new ForkJoinPool(Math.max(1, threads));
        try {
            pool.submit(() -> IntStream.range(0, plan.size()).parallel().forEach(i -> {
                ImagePlan.Entry entry = plan.get(i);
                SceneComposer.Scene scene = composer.compose(
                        entry.hasLogo() ? entry.className() : null, choices.get(i),
                        ImagePlan.imageRandom(seed, entry.id()));
                sources[i] = scene.background();
                if (entry.hasLogo() && scene.boxes().isEmpty()) {
                    throw new IllegalStateException("image " + entry.fileName() + " of "
                            + entry.className() + " got no logo; please report this (seed "
                            + seed + ")");
                }
                perImage[i] = writer.writeImage(entry, scene);
                logos[i] = scene.boxes().size();
                small[i] = (int) scene.boxes().stream().filter(b -> isSmall(b,
                        Math.max(scene.image().getWidth(), scene.image().getHeight()))).count();
                if (bar != null) {
                    synchronized (bar) {
                        bar.increment(1);
                    }
                }
            })).get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("SynthLogos-32 generation was interrupted", e);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof RuntimeException r) {
                throw r;
            }
            if (cause instanceof Error err) {
                throw err;
            }
            throw new IllegalStateException("SynthLogos-32 generation failed: " + cause, cause);
        } finally {
            pool.shutdownNow();
            try {
                // Let images still being written finish, so a failed run can delete its folder.
                pool.awaitTermination(1, java.util.concurrent.TimeUnit.MINUTES);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            if (bar != null) {
                bar.end();
            }
        }
        List<FlickrLogosTreeWriter.FileEntry> files = new ArrayList<>();
        for (int i = 0; i < plan.size(); i++) {
            files.addAll(perImage[i]);
            logoCount[0] += logos[i];
            logoCount[1] += small[i];
        }
        return files;
    }

    private Path resolveBackgrounds() {
        if (backgroundsDir != null) {
            return backgroundsDir;
        }
        try {
            return SynthLogosGenerator.defaultBackgrounds();
        } catch (IllegalStateException e) {
            return null; // No kit home: procedural backgrounds only.
        }
    }

    private void writeInfo(Path partial, int images, int logos, int smallLogos,
            String backgrounds, int backgroundPhotos, double seconds) {
        Map<String, Object> info = new LinkedHashMap<>();
        info.put("dataset", "SynthLogos-32 (synthetic; NOT FlickrLogos-32)");
        info.put("generatorVersion", SynthLogosGenerator.VERSION);
        info.put("size", size.id());
        info.put("seed", seed);
        info.put("images", images);
        info.put("logos", logos);
        info.put("smallLogos", smallLogos);
        info.put("longestSide", size.longestSide());
        info.put("backgrounds", backgrounds);
        info.put("backgroundPhotos", backgroundPhotos);
        info.put("simpleIcons", SimpleIcons.VERSION);
        info.put("threads", threads);
        info.put("seconds", Math.round(seconds * 100) / 100.0);
        info.put("imagesPerSecond", Math.round(images / seconds * 10) / 10.0);
        String json = new GsonBuilder().setPrettyPrinting().create().toJson(info);
        try {
            Files.writeString(partial.resolve(INFO_FILE), json + "\n");
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot write " + partial.resolve(INFO_FILE), e);
        }
    }

    /** {@code sha256sum}-compatible manifest, sorted by path: the tree's completion marker. */
    private static void writeManifest(Path partial, List<FlickrLogosTreeWriter.FileEntry> files) {
        StringBuilder s = new StringBuilder();
        files.stream().sorted(Comparator.comparing(FlickrLogosTreeWriter.FileEntry::path))
                .forEach(f -> s.append(f.sha256()).append("  ").append(f.path()).append('\n'));
        try {
            Files.writeString(partial.resolve(SynthLogosGenerator.MANIFEST_FILE), s.toString());
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot write the manifest in " + partial, e);
        }
    }

    /** Renames the finished tree into place; handles a tree that appeared meanwhile. */
    private SynthSummary moveIntoPlace(Path partial, Path target, SynthSummary summary,
            boolean replace) {
        try {
            if (Files.exists(target)) {
                if (!replace && SynthLogosGenerator.isComplete(output)) {
                    // Another process finished the same tree first: keep theirs.
                    deleteTree(partial);
                    return reused(target);
                }
                // An old or incomplete tree: move it aside, then delete it.
                Path old = output.resolve("." + SynthLogosGenerator.DATASET_FOLDER + ".old-"
                        + ProcessHandle.current().pid());
                deleteTree(old);
                Files.move(target, old);
                deleteTree(old);
            }
            try {
                Files.move(partial, target, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(partial, target);
            }
            return summary;
        } catch (IOException e) {
            if (SynthLogosGenerator.isComplete(output)) {
                // Lost a race: another process moved its identical tree in first.
                deleteTree(partial);
                return reused(target);
            }
            throw new UncheckedIOException("Cannot move the generated tree into " + target + ": "
                    + e, e);
        }
    }

    private SynthSummary reused(Path target) {
        int images = 0;
        int logos = 0;
        String backgrounds = "";
        try {
            JsonObject info = JsonParser.parseString(
                    Files.readString(target.resolve(INFO_FILE))).getAsJsonObject();
            images = info.get("images").getAsInt();
            logos = info.get("logos").getAsInt();
            backgrounds = info.get("backgrounds").getAsString();
        } catch (IOException | RuntimeException e) {
            // Info missing or unreadable: the counts stay 0, the tree itself is complete.
        }
        return new SynthSummary(target, size, seed, images, logos, backgrounds, 0, true);
    }

    /** Deletes leftovers of interrupted runs whose process is gone. */
    private void removeStalePartials() {
        try (Stream<Path> s = Files.list(output)) {
            for (Path p : s.toList()) {
                String name = p.getFileName().toString();
                if (name.startsWith(PARTIAL_PREFIX)) {
                    try {
                        long pid = Long.parseLong(name.substring(PARTIAL_PREFIX.length()));
                        if (ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)
                                && pid != ProcessHandle.current().pid()) {
                            continue; // Another live run is writing it.
                        }
                    } catch (NumberFormatException e) {
                        // Not ours to judge by pid: treat as stale.
                    }
                    deleteTree(p);
                }
            }
        } catch (IOException e) {
            // Listing failed: leftovers stay, the run itself is unaffected.
        }
    }

    static void deleteTree(Path root) {
        if (!Files.exists(root)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(root)) {
            for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot delete " + root + ": " + e, e);
        }
    }
}
