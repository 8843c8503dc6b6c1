package org.logokit.annotate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.logokit.data.Split;

class BrandAnnotationTest {

    @Test
    void settingsDefaultToTrainAndValOnTheDefaultEngineWithTheRuleTemplate() {
        BrandAnnotation.Settings s = BrandAnnotation.Settings.of("fosters");
        assertEquals(List.of(Split.TRAIN, Split.VAL), s.splits());
        assertNull(s.engine());
        assertNull(s.templateFile());
        BrandAnnotation.Settings other = s.searching(List.of(Split.TEST)).onEngine("PyTorch").templateFrom("1.jpg");
        assertEquals(List.of(Split.TEST), other.splits());
        assertEquals("PyTorch", other.engine());
        assertEquals("1.jpg", other.templateFile());
        assertEquals(s.annotator(), other.annotator());
    }

    @Test
    void badSettingsGetClearErrors() {
        String brand = assertThrows(IllegalArgumentException.class, () -> BrandAnnotation.Settings.of("fostres"))
                .getMessage();
        assertTrue(brand.contains("not a FlickrLogos-32 brand"), brand);
        assertThrows(IllegalArgumentException.class, () -> BrandAnnotation.Settings.of("fosters").searching(List.of()));
        assertThrows(IllegalArgumentException.class, () -> new BrandAnnotation.Settings("fosters", List.of(Split.TRAIN),
                AutoAnnotator.Settings.defaults(), 0, null));
        String orientation = assertThrows(IllegalArgumentException.class,
                () -> BrandAnnotation.main(new String[] {"fosters", "TRAIN", "PyTorch", "sideways"})).getMessage();
        assertTrue(orientation.contains("'all' or 'upright'"), orientation);
    }
}
