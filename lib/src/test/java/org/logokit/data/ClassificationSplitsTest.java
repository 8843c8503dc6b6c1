package org.logokit.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ClassificationSplitsTest {
    @TempDir
    Path tmp;

    @Test
    void movesHalfOfTheValidationNoLogoImagesIntoTraining() {
        // fixture: train 4 logos; val 2 logos + 6 no-logo; test 6 -> 4 + 3 = 7, 2 + 3 = 5, 6
        ClassificationSplits s = ClassificationSplits.of(FlickrLogos32.open(Fixture.copy(tmp)));
        assertEquals(7, s.train().size());
        assertEquals(5, s.val().size());
        assertEquals(6, s.test().size());
        assertEquals(3, s.train().stream().filter(LogoImage::isNoLogo).count());
        assertEquals(3, s.val().stream().filter(LogoImage::isNoLogo).count());
    }

    @Test
    void trainAndValidationShareNoImageAndCoverTheWholeValidationSplit() {
        FlickrLogos32 ds = FlickrLogos32.open(Fixture.copy(tmp));
        ClassificationSplits s = ClassificationSplits.of(ds, 7);
        Set<Path> seen = new HashSet<>();
        s.train().forEach(i -> assertTrue(seen.add(i.imagePath())));
        s.val().forEach(i -> assertTrue(seen.add(i.imagePath())));
        assertEquals(4 + 8, seen.size());
    }

    @Test
    void theSameSeedGivesTheSameSplitAndAnotherSeedAnother() {
        FlickrLogos32 ds = FlickrLogos32.open(OfficialTree.listsOnly(tmp));
        assertEquals(ClassificationSplits.of(ds, 3).train(), ClassificationSplits.of(ds, 3).train());
        assertNotEquals(ClassificationSplits.of(ds, 3).train(), ClassificationSplits.of(ds, 4).train());
    }

    @Test
    void officialCountsGive1820TrainAnd2460ValAnd3960Test() {
        FlickrLogos32 ds = FlickrLogos32.open(OfficialTree.listsOnly(tmp));
        assertEquals(320, ds.split(Split.TRAIN).size());
        assertEquals(3960, ds.split(Split.VAL).size());
        ClassificationSplits s = ClassificationSplits.of(ds);
        assertEquals(320 + 1500, s.train().size());
        assertEquals(3960 - 1500, s.val().size());
        assertEquals(3960, s.test().size());
        int[] counts = ClassificationSplits.classCounts(s.train());
        assertEquals(1500, counts[LogoClasses.NO_LOGO_ID]);
        assertEquals(10, counts[LogoClasses.idOf("HP")]);
    }

    @Test
    void writtenListsReadBackAsTheSameSplit() {
        FlickrLogos32 ds = FlickrLogos32.open(Fixture.copy(tmp));
        ClassificationSplits s = ClassificationSplits.of(ds);
        List<Path> files = s.write(ds.root().resolve("splits"), "seed001");
        assertEquals(3, files.size());
        assertEquals(s.train(), ds.listFile("splits/seed001-train.txt"));
        assertEquals(s.val(), ds.listFile("splits/seed001-val.txt"));
    }
}
