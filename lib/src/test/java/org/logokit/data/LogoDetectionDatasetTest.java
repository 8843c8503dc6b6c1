package org.logokit.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.dataset.Batch;
import ai.djl.training.dataset.Record;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LogoDetectionDatasetTest {
    @TempDir
    Path tmp;

    @Test
    void labelsArePaddedBoxesAndClassIdsInOutputPixels() throws Exception {
        LogoDetectionDataset train = LogoDetectionDataset.builder()
                .dataset(FlickrLogos32.open(Fixture.copy(tmp))).split(Split.TRAIN).imageSize(32)
                .augment(false).setSampling(2, false).build();
        assertEquals(4, train.size());
        assertEquals(2, train.maxBoxes()); // HP 202 has two logos
        try (NDManager m = NDManager.newBaseManager()) {
            Record r = train.get(m, 0); // adidas 101: 10 8 20 16 on 64x48 -> scale (0.5, 2/3)
            assertEquals(new Shape(3, 32, 32), r.getData().head().getShape());
            assertArrayEquals(new float[] {5, 8f * 32 / 48, 15, 24f * 32 / 48, 0, 0, 0, 0},
                    r.getLabels().get(0).toFloatArray(), 1e-4f);
            assertArrayEquals(new float[] {0, -1}, r.getLabels().get(1).toFloatArray(), 0f);
            try (Batch batch = train.getData(m).iterator().next()) {
                assertEquals(new Shape(2, 2, 4), batch.getLabels().get(0).getShape());
                assertEquals(new Shape(2, 2), batch.getLabels().get(1).getShape());
            }
        }
    }

    @Test
    void noLogoImagesCarryOnlyPadding() throws Exception {
        LogoDetectionDataset test = LogoDetectionDataset.builder()
                .dataset(FlickrLogos32.open(Fixture.copy(tmp))).split(Split.TEST).includeNoLogo(true)
                .imageSize(16).maxBoxes(3).setSampling(1, false).build();
        assertEquals(6, test.size());
        try (NDManager m = NDManager.newBaseManager()) {
            Record r = test.get(m, 5);
            assertArrayEquals(new float[] {-1, -1, -1}, r.getLabels().get(1).toFloatArray(), 0f);
        }
    }

    @Test
    void augmentedBoxesStayInsideTheOutputImage() throws Exception {
        LogoDetectionDataset train = LogoDetectionDataset.builder()
                .dataset(FlickrLogos32.open(Fixture.copy(tmp))).split(Split.TRAINVAL).imageSize(40)
                .setSampling(1, false).build();
        for (int epoch = 0; epoch < 20; epoch++) {
            for (int i = 0; i < train.size(); i++) {
                AnnotatedImage a = train.annotated(i);
                assertEquals(40, a.width());
                for (PixelBox b : a.boxes()) {
                    assertEquals(true, b.isValid() && b.x1() >= 0 && b.y2() <= 40, b.toString());
                }
            }
        }
    }
}
