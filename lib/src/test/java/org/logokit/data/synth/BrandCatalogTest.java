package org.logokit.data.synth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.Color;
import java.awt.geom.Rectangle2D;
import org.junit.jupiter.api.Test;

class BrandCatalogTest {
    @Test
    void thereAre32BrandsPlusNoLogo() {
        assertEquals(32, BrandCatalog.BRANDS.size());
        assertEquals(33, BrandCatalog.CLASSES.size());
        assertEquals("no-logo", BrandCatalog.CLASSES.get(32));
        assertEquals("hp", BrandCatalog.maskFolder("HP"));
    }

    @Test
    void sixteenBrandsUseSimpleIconsAndSixteenSyntheticWordMarks() {
        int icons = 0;
        for (String brand : BrandCatalog.BRANDS) {
            LogoDesign d = BrandCatalog.design(brand);
            Rectangle2D b = d.bounds();
            assertTrue(b.getWidth() > 0 && b.getHeight() > 0, brand);
            if (d.source().startsWith("simple-icons")) {
                icons++;
            } else {
                assertEquals("synthetic word-mark", d.source(), brand);
            }
        }
        assertEquals(16, icons);
        assertEquals(16, WordMarks.SPECS.size());
    }

    @Test
    void iconsCarryTheirBrandColour() {
        // simple-icons' hex for HP is 0096D6.
        assertEquals(new Color(0x0096D6), BrandCatalog.design("HP").layers().get(0).color());
    }

    @Test
    void noLogoAndUnknownNamesHaveNoDesign() {
        assertThrows(IllegalArgumentException.class, () -> BrandCatalog.design("no-logo"));
        assertThrows(IllegalArgumentException.class, () -> BrandCatalog.design("nike"));
    }
}
