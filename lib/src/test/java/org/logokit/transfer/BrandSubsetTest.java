package org.logokit.transfer;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.dataset.Batch;
import ai.djl.training.dataset.Record;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.logokit.data.Fixture;
import org.logokit.data.FlickrLogos32;
import org.logokit.data.LogoClassificationDataset;
import org.logokit.data.Split;

/**
 * BrandSubset on the hand-made FlickrLogos-v2 fixture (test resources). Its course training split
 * holds adidas 101 102, HP 201 202 and three no-logo images moved over from validation: 7 images.
 */
class BrandSubsetTest {

    @TempDir
    Path temp;

    private LogoClassificationDataset train;

    @BeforeEach
    void openFixture() throws IOException {
        FlickrLogos32 dataset = FlickrLogos32.open(Fixture.copy(temp));
        train = LogoClassificationDataset.builder().dataset(dataset).split(Split.TRAIN).imageSize(16)
                .augment(false).setSampling(2, false).build();
        assertEquals(7, train.size(), "fixture training split");
    }

    @Test
    void keepsOnlyTheNamedClassesAndNumbersThemInTheGivenOrder() throws IOException {
        BrandSubset subset = BrandSubset.builder(train, List.of("no-logo", "HP")).setSampling(2, false).build();
        assertEquals(List.of("no-logo", "HP"), subset.classes());
        assertEquals(5, subset.size()); // 3 no-logo + 2 HP; adidas is dropped
        assertArrayEquals(new int[] {3, 2}, subset.classCounts());

        // every record is a source image of the kept class, pixel for pixel, with the new label
        List<float[]> hp = sourceImagesOf("HP");
        List<float[]> noLogo = sourceImagesOf("no-logo");
        int[] seen = new int[2];
        try (NDManager manager = NDManager.newBaseManager()) {
            for (int i = 0; i < subset.size(); i++) {
                Record r = subset.get(manager, i);
                int label = (int) r.getLabels().head().getFloat();
                float[] pixels = r.getData().head().toFloatArray();
                List<float[]> expected = label == 0 ? noLogo : hp;
                assertTrue(expected.stream().anyMatch(p -> java.util.Arrays.equals(p, pixels)),
                        "record " + i + " with label " + label + " is not an image of " + subset.classes().get(label));
                seen[label]++;
            }
        }
        assertArrayEquals(new int[] {3, 2}, seen);
    }

    @Test
    void relabelsASingleBrandToZero() throws IOException {
        BrandSubset subset = BrandSubset.builder(train, List.of("adidas")).setSampling(2, false).build();
        assertEquals(2, subset.size());
        try (NDManager manager = NDManager.newBaseManager()) {
            for (int i = 0; i < subset.size(); i++) {
                assertEquals(0f, subset.get(manager, i).getLabels().head().getFloat(), 0f);
            }
        }
    }

    @Test
    void limitCapsTheSizeAndBatchesCarryTheNewLabels() throws Exception {
        BrandSubset subset = BrandSubset.builder(train, List.of("HP", "adidas", "no-logo")).setSampling(2, false)
                .optLimit(3).build();
        assertEquals(3, subset.size());
        try (NDManager manager = NDManager.newBaseManager()) {
            int images = 0;
            for (Batch batch : subset.getData(manager)) {
                Shape data = batch.getData().head().getShape();
                assertEquals(3, data.get(1));
                assertEquals(16, data.get(2));
                for (float label : batch.getLabels().head().toFloatArray()) {
                    assertTrue(label >= 0 && label <= 2, "label " + label + " outside 0..2");
                }
                images += (int) data.get(0);
                batch.close();
            }
            assertEquals(3, images);
        }
    }

    @Test
    void severalDataSetsFollowOneAnotherInTheGivenOrder() throws IOException {
        // the fixture's validation split holds adidas 103 and HP 203 (+ no-logo images)
        LogoClassificationDataset val = LogoClassificationDataset.builder()
                .dataset(FlickrLogos32.open(temp.resolve("FlickrLogos-v2"))).split(Split.VAL).imageSize(16).augment(false)
                .setSampling(2, false).build();
        BrandSubset both = BrandSubset.builder(List.of(train, val), List.of("adidas", "HP"))
                .setSampling(2, false).build();
        assertEquals(6, both.size()); // 2 + 2 from train, then 1 + 1 from val
        assertArrayEquals(new int[] {3, 3}, both.classCounts());
        List<float[]> valImages = new ArrayList<>();
        try (NDManager manager = NDManager.newBaseManager()) {
            for (int i = 0; i < val.size(); i++) {
                String name = val.images().get(i).className();
                if (name.equals("adidas") || name.equals("HP")) {
                    valImages.add(val.get(manager, i).getData().head().toFloatArray());
                }
            }
            for (int i = 4; i < 6; i++) {
                float[] pixels = both.get(manager, i).getData().head().toFloatArray();
                assertTrue(valImages.stream().anyMatch(p -> java.util.Arrays.equals(p, pixels)),
                        "record " + i + " should be a validation image");
            }
        }
    }

    @Test
    void anEmptyListOfDataSetsIsRejected() {
        assertThrows(IllegalArgumentException.class, () -> BrandSubset.builder(List.of(), List.of("HP")));
    }

    @Test
    void anUnknownClassIsRejectedWithTheKnownNames() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> BrandSubset.builder(train, List.of("HP", "pepsy")).setSampling(2, false).build());
        assertTrue(e.getMessage().contains("'pepsy'"), e.getMessage());
        assertTrue(e.getMessage().contains("adidas"), e.getMessage());
    }

    private List<float[]> sourceImagesOf(String className) {
        List<float[]> pixels = new ArrayList<>();
        try (NDManager manager = NDManager.newBaseManager()) {
            for (int i = 0; i < train.size(); i++) {
                if (train.images().get(i).className().equals(className)) {
                    pixels.add(train.get(manager, i).getData().head().toFloatArray());
                }
            }
        }
        return pixels;
    }
}
