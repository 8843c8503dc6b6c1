package org.logokit.experiments;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Model;
import ai.djl.nn.Parameter;
import ai.djl.util.PairList;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;
import org.logokit.config.Profile;
import org.logokit.data.Fixture;
import org.logokit.data.FlickrLogos32;
import org.logokit.data.LogoDetectionDataset;
import org.logokit.data.RelabelledDetectionDataset;
import org.logokit.data.Split;
import org.logokit.detect.Backbone;
import org.logokit.detect.ClassGrowthTest;
import org.logokit.detect.DetectorArtifact;
import org.logokit.detect.DetectorSpec;
import org.logokit.detect.catalog.Detectors;
import org.logokit.detect.ssd.Ssd;
import org.logokit.detect.yolo.YoloV2;
import org.logokit.train.DetectionHistory;

/** Seed 000's recipe on both detector families, end to end on the fixture's images. */
class NewBrandExperimentTest {
    private static final List<String> OLD = List.of("adidas");
    private static final List<String> GROWN = List.of("adidas", "HP");

    private static NewBrandExperiment.Settings tiny() {
        return new NewBrandExperiment.Settings(64, 2, "HP", 2, 2, 2, 2, 2, 2, 1, 0.01f, 1, 1, 0.002f, true, false,
                "test", 1);
    }

    private static DetectorSpec spec(String family, String name, List<String> classes) {
        return family.equals("ssd") ? Ssd.spec(name, classes, 64, ClassGrowthTest.smallSsd().withFrozenStages(2))
                : YoloV2.spec(name, classes, 64, YoloV2.Config.defaults(new float[][] {{1, 1}, {2, 0.5f}})
                        .withWidth(Backbone.Width.QUARTER, 64).withFrozenStages(2));
    }

    @ParameterizedTest
    @ValueSource(strings = {"yolo", "ssd"})
    void theTransferCopiesTheOldDetectorThenTrainsHeadAndBodyButNotTheFrozenStages(String family,
            @TempDir Path tmp) throws Exception {
        FlickrLogos32 data = FlickrLogos32.open(Fixture.copy(tmp));
        LogoDetectionDataset images = LogoDetectionDataset.builder().dataset(data).split(Split.TRAIN).imageSize(64)
                .augment(false).maxBoxes(4).setSampling(2, false).build();
        RelabelledDetectionDataset train = RelabelledDetectionDataset.builder(List.of(images), GROWN)
                .setSampling(2, true).build();
        Path baseFolder = tmp.resolve("base");
        try (Model base = Detectors.newModel(spec(family, "base", OLD))) {
            DetectorArtifact.save(base, baseFolder);
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (Model base = Detectors.load(baseFolder); Model grown = Detectors.newModel(spec(family, "grown", GROWN))) {
            DetectionHistory[] histories = NewBrandExperiment.transfer(grown, tmp.resolve("runs"), baseFolder, train,
                    tiny(), new PrintStream(out, true, StandardCharsets.UTF_8));
            assertEquals(1, histories[0].size(), "one head-only epoch");
            assertEquals(1, histories[1].size(), "one fine-tuning epoch");
            assertTrue(Double.isFinite(histories[1].epochs().get(0).totalLoss()));
            PairList<String, Parameter> before = DetectorArtifact.detectorOf(base).getParameters();
            PairList<String, Parameter> after = DetectorArtifact.detectorOf(grown).getParameters();
            boolean headMoved = false;
            boolean bodyMoved = false;
            for (int i = 0; i < before.size(); i++) {
                String name = before.get(i).getKey();
                float[] b = before.get(i).getValue().getArray().toFloatArray();
                float[] a = after.get(i).getValue().getArray().toFloatArray();
                boolean stem = name.contains("stem") || name.contains("stage1");
                boolean head = name.contains("head") || name.matches(".*(class|box)\\d+_.*");
                // every number of a frozen stage stays, batch-norm statistics included, on both engines
                if (stem && name.contains("backbone")) {
                    assertArrayEquals(b, a, 0f, name + " is in a frozen stage");
                } else if (b.length == a.length && !Arrays.equals(a, b)) {
                    headMoved |= head;
                    bodyMoved |= !head;
                }
            }
            assertTrue(headMoved, "the head learnt");
            assertTrue(bodyMoved, "phase 2 fine-tuned the layers between backbone stem and head");
        }
        String log = out.toString(StandardCharsets.UTF_8);
        assertTrue(log.contains("Phase 1") && log.contains("Phase 2"), log);
    }

    @Test
    void headBlocksAreYolosHeadAndEverySsdClassAndBoxConvolution() {
        YoloV2 yolo = new YoloV2(spec("yolo", "y", GROWN));
        Ssd ssd = new Ssd(spec("ssd", "s", GROWN));
        List<String> yoloHeads = yolo.getChildren().keys().stream().filter(k -> NewBrandExperiment.isHead(yolo, k))
                .toList();
        List<String> ssdHeads = ssd.getChildren().keys().stream().filter(k -> NewBrandExperiment.isHead(ssd, k))
                .toList();
        assertEquals(1, yoloHeads.size(), yolo.getChildren().keys().toString());
        assertEquals(2 * ssd.mapSizes().length, ssdHeads.size(), ssd.getChildren().keys().toString());
        assertFalse(ssdHeads.stream().anyMatch(k -> k.contains("extra") || k.contains("backbone")));
    }

    @Test
    void bothProfilesOnboardAnSsdBesideYoloAndRefuseAnUnknownBrand() {
        for (Profile p : Profile.values()) {
            NewBrandExperiment.Settings s = NewBrandExperiment.Settings.forProfile(p);
            assertTrue(s.withSsd());
            assertEquals("fosters", s.newBrand());
            // SSD's maps must fit the profile's input (three extras from 224 px, two below)
            assertEquals(s.imageSize() >= 224 ? 3 : 2, NewBrandExperiment.ssdConfig(s).extraChannels().length);
            new Ssd(Ssd.spec("fits", GROWN, s.imageSize(), NewBrandExperiment.ssdConfig(s)));
        }
        assertThrows(IllegalArgumentException.class, () -> new NewBrandExperiment.Settings(64, 2, "nike", 2, 2, 2, 2,
                2, 2, 1, 0.01f, 1, 1, 0.002f, true, false, "x", 1));
    }
}
