package org.logokit.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DetectionSplitsTest {
    @TempDir
    Path tmp;

    @Test
    void validationIsHeldOutOfTrainingAndTestIsTheTestLogos() {
        // fixture: train adidas 101 102, HP 201 202; val adidas 103, HP 203 (+ no-logo); test adidas 104, HP 204
        DetectionSplits splits = DetectionSplits.of(FlickrLogos32.open(Fixture.copy(tmp)),
                DetectionSplits.Settings.of(32, 2).holdingOut(1));
        Set<String> train = names(splits.train());
        Set<String> validation = names(splits.validation());
        assertEquals(Set.of("101.jpg", "102.jpg", "201.jpg", "202.jpg"), train);
        assertEquals(Set.of("103.jpg", "203.jpg"), validation);
        assertEquals(Set.of("104.jpg", "204.jpg"), names(splits.test()));
        assertTrue(splits.train().augments());
        assertFalse(splits.validation().augments());
        assertTrue(splits.describe().contains("train 4 · validation 2 · test 2"), splits.describe());
    }

    private static Set<String> names(LogoDetectionDataset d) {
        Set<String> names = new HashSet<>();
        d.images().forEach(i -> names.add(i.fileName()));
        return names;
    }
}
