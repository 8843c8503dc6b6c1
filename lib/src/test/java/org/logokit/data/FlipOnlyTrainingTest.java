package org.logokit.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Faster R-CNN's augmentation: the flip only, every logo at its full-view size. */
class FlipOnlyTrainingTest {
    @TempDir
    Path tmp;

    @Test
    void flipOnlyTrainingKeepsEveryBoxOrItsMirrorImage() {
        DetectionSplits splits = DetectionSplits.of(FlickrLogos32.open(Fixture.copy(tmp)),
                DetectionSplits.Settings.of(64, 2).holdingOut(1));
        LogoDetectionDataset flipped = splits.trainFlipOnly();
        assertEquals(names(splits.train()), names(flipped));
        assertTrue(flipped.augments());
        LogoDetectionDataset plain = LogoDetectionDataset.builder().dataset(splits.dataset()).split(Split.TRAINVAL)
                .imageSize(64).augment(false).filter(i -> names(flipped).contains(i.fileName()))
                .setSampling(1, false).build();
        int mirrored = 0;
        for (int visit = 0; visit < 6; visit++) {
            for (int i = 0; i < flipped.size(); i++) {
                List<PixelBox> got = flipped.annotated(i).boxes();
                List<PixelBox> expected = plain.annotated(i).boxes();
                assertEquals(expected.size(), got.size(), "no box is cropped away");
                boolean same = close(got.get(0), expected.get(0));
                PixelBox e = expected.get(0);
                boolean mirror = close(got.get(0), new PixelBox(64 - e.x2(), e.y1(), 64 - e.x1(), e.y2()));
                assertTrue(same || mirror, "box " + got.get(0) + " is " + e + " or its mirror image");
                mirrored += same ? 0 : 1;
            }
        }
        assertTrue(mirrored > 0, "some visits are flipped");
    }

    private static boolean close(PixelBox a, PixelBox b) {
        return Math.abs(a.x1() - b.x1()) < 0.01 && Math.abs(a.y1() - b.y1()) < 0.01
                && Math.abs(a.x2() - b.x2()) < 0.01 && Math.abs(a.y2() - b.y2()) < 0.01;
    }

    private static Set<String> names(LogoDetectionDataset d) {
        Set<String> names = new HashSet<>();
        d.images().forEach(i -> names.add(i.fileName()));
        return names;
    }
}
