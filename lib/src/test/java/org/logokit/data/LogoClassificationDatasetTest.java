package org.logokit.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.dataset.Batch;
import ai.djl.training.dataset.Record;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LogoClassificationDatasetTest {
    @TempDir
    Path tmp;

    @Test
    void recordsAreNormalisedChwImagesWithTheClassIdAsLabel() throws Exception {
        FlickrLogos32 ds = FlickrLogos32.open(Fixture.copy(tmp));
        LogoClassificationDataset train = LogoClassificationDataset.builder().dataset(ds)
                .split(Split.TRAIN).imageSize(32).setSampling(4, false).build();
        assertEquals(7, train.size());
        assertTrue(train.augments());
        try (NDManager m = NDManager.newBaseManager()) {
            Record r = train.get(m, 2); // HP 201
            assertEquals(new Shape(3, 32, 32), r.getData().head().getShape());
            assertEquals(LogoClasses.idOf("HP"), r.getLabels().head().getFloat(), 0f);
            // values are (pixel/255 - mean) / std: within [-mean/std, (1-mean)/std]
            float min = r.getData().head().min().getFloat();
            float max = r.getData().head().max().getFloat();
            assertTrue(min >= -0.485f / 0.229f - 1e-3 && max <= (1 - 0.406f) / 0.225f + 1e-3);
        }
    }

    @Test
    void batchesStackImagesAndLabels() throws Exception {
        LogoClassificationDataset val = LogoClassificationDataset.builder()
                .dataset(FlickrLogos32.open(Fixture.copy(tmp))).split(Split.VAL).imageSize(16)
                .setSampling(5, false).build();
        try (NDManager m = NDManager.newBaseManager()) {
            int batches = 0;
            for (Batch b : val.getData(m)) {
                assertEquals(new Shape(5, 3, 16, 16), b.getData().head().getShape());
                assertEquals(new Shape(5), b.getLabels().head().getShape());
                b.close();
                batches++;
            }
            assertEquals(1, batches);
        }
    }

    @Test
    void limitKeepsASeededSampleAndClassWeightsFollowTheCounts() {
        FlickrLogos32 ds = FlickrLogos32.open(Fixture.copy(tmp));
        LogoClassificationDataset a = LogoClassificationDataset.builder().dataset(ds)
                .split(Split.TRAIN).setSampling(2, true).limit(5).build();
        LogoClassificationDataset b = LogoClassificationDataset.builder().dataset(ds)
                .split(Split.TRAIN).setSampling(2, true).limit(5).build();
        assertEquals(5, a.size());
        assertEquals(a.images(), b.images());
        int[] counts = a.classCounts();
        float[] w = a.classWeights();
        for (int c = 0; c < 33; c++) {
            assertEquals(counts[c] == 0 ? 0f : 5f / (nonZero(counts) * counts[c]), w[c], 1e-6f);
        }
    }

    @Test
    void evaluationIsDeterministicAndTrainingAugmentationRepeatsPerSeed() throws Exception {
        FlickrLogos32 ds = FlickrLogos32.open(Fixture.copy(tmp));
        try (NDManager m = NDManager.newBaseManager()) {
            float[] first = trainImage(ds, m, 11);
            assertArrayEquals(first, trainImage(ds, m, 11), 0f);
            LogoClassificationDataset test = LogoClassificationDataset.builder().dataset(ds)
                    .split(Split.TEST).imageSize(24).setSampling(1, false).build();
            assertEquals(false, test.augments());
            assertArrayEquals(test.get(m, 0).getData().head().toFloatArray(),
                    test.get(m, 0).getData().head().toFloatArray(), 0f);
        }
    }

    private static float[] trainImage(FlickrLogos32 ds, NDManager m, long seed) throws Exception {
        LogoClassificationDataset d = LogoClassificationDataset.builder().dataset(ds)
                .split(Split.TRAIN).imageSize(24).seed(seed).setSampling(1, false).build();
        return d.get(m, 0).getData().head().toFloatArray();
    }

    private static int nonZero(int[] counts) {
        int n = 0;
        for (int c : counts) {
            n += c > 0 ? 1 : 0;
        }
        return n;
    }

    /** Two epochs of every image, in order, as flat float arrays. */
    private static java.util.List<float[]> twoEpochs(LogoClassificationDataset d, NDManager m,
            java.util.concurrent.ExecutorService executor) throws Exception {
        java.util.List<float[]> out = new java.util.ArrayList<>();
        for (int epoch = 0; epoch < 2; epoch++) {
            Iterable<Batch> batches = executor == null ? d.getData(m) : d.getData(m, executor);
            for (Batch b : batches) {
                out.add(b.getData().head().toFloatArray());
                out.add(b.getLabels().head().toFloatArray());
                b.close();
            }
        }
        return out;
    }

    @Test
    void cachedImagesAndParallelLoadersGiveExactlyTheSameBatches() throws Exception {
        FlickrLogos32 ds = FlickrLogos32.open(Fixture.copy(tmp));
        java.util.function.Function<Long, LogoClassificationDataset> build = cache -> LogoClassificationDataset
                .builder().dataset(ds).split(Split.TRAIN).imageSize(24).setSampling(3, false)
                .cacheMegabytes(cache).build();
        try (NDManager m = NDManager.newBaseManager()) {
            LogoClassificationDataset plain = build.apply(0L);
            java.util.List<float[]> reference = twoEpochs(plain, m, null);
            assertTrue(plain.cacheSummary().startsWith("0 of 7 images cached"), plain.cacheSummary());
            LogoClassificationDataset cached = build.apply(16L);
            java.util.List<float[]> parallel = twoEpochs(cached, m, DataLoading.executor());
            assertTrue(cached.cacheSummary().startsWith("7 of 7 images cached"), cached.cacheSummary());
            assertEquals(reference.size(), parallel.size());
            for (int i = 0; i < reference.size(); i++) {
                assertArrayEquals(reference.get(i), parallel.get(i), 0f, "batch item " + i);
            }
        }
    }

    @Test
    void theCacheStopsAtItsBudgetAndEvaluationSetsCacheTheirFinalImages() throws Exception {
        FlickrLogos32 ds = FlickrLogos32.open(Fixture.copy(tmp));
        try (NDManager m = NDManager.newBaseManager()) {
            // TEST has no random step: the whole pipeline (resize, centre crop 24x24) is cached
            LogoClassificationDataset test = LogoClassificationDataset.builder().dataset(ds)
                    .split(Split.TEST).imageSize(24).setSampling(1, false).cacheMegabytes(1).build();
            for (int i = 0; i < test.size(); i++) {
                test.get(m, i);
            }
            assertTrue(test.cacheSummary().startsWith(test.size() + " of " + test.size()), test.cacheSummary());
            assertTrue(test.cacheSummary().endsWith("(0 MiB)"), "24x24x3 bytes each: " + test.cacheSummary());
            assertEquals(24, test.annotated(0).width());
            LogoClassificationDataset none = LogoClassificationDataset.builder().dataset(ds)
                    .split(Split.TEST).imageSize(24).setSampling(1, false).cacheMegabytes(0).build();
            none.get(m, 0);
            assertTrue(none.cacheSummary().startsWith("0 of"), none.cacheSummary());
        }
        assertThrows(IllegalArgumentException.class,
                () -> LogoClassificationDataset.builder().cacheMegabytes(-1));
    }

    @Test
    void datasetsPrefetchTwoBatchesPerLoaderThread() {
        assertEquals(2 * DataLoading.threads(), DataLoading.prefetch());
        assertTrue(DataLoading.threads() >= 1);
        assertTrue(DataLoading.executor() == DataLoading.executor(), "one shared pool");
    }
}
