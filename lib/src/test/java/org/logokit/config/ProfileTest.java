package org.logokit.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class ProfileTest {
    @Test
    void parsesNamesInAnyCase() {
        assertEquals(Profile.SMOKE, Profile.parse(" Smoke ", "test"));
        assertEquals(Profile.FULL, Profile.parse("FULL", "test"));
    }

    @Test
    void unknownNameSaysWhatIsAllowed() {
        IllegalArgumentException e =
                assertThrows(IllegalArgumentException.class, () -> Profile.parse("quick", "test"));
        assertTrue(e.getMessage().contains("'smoke'"), e.getMessage());
    }

    @Test
    void picksTheValueForTheProfile() {
        assertEquals(1, Profile.SMOKE.pick(1, 10));
        assertEquals(10, Profile.FULL.pick(1, 10));
        assertEquals("tiny", Profile.SMOKE.pick("tiny", "big"));
    }

    @Test
    void systemPropertySelectsTheProfile() {
        String old = System.getProperty(Profile.PROPERTY);
        try {
            System.setProperty(Profile.PROPERTY, "smoke");
            assertEquals(Profile.SMOKE, Profile.current());
        } finally {
            if (old == null) {
                System.clearProperty(Profile.PROPERTY);
            } else {
                System.setProperty(Profile.PROPERTY, old);
            }
        }
    }
}
