package org.logokit.detect;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

class DetectorSpecRoundTripTest {

    /** Settings with floats that have no short exact decimal form, like chapter 07's anchor ratios. */
    record Ratios(float[] ratios, double beta) {}

    @Test
    void aSpecWithFloatSettingsEqualsItsJsonRoundTrip() {
        DetectorSpec spec = DetectorSpec.of("tiny-anchor", "tiny", List.of("a", "b"), 64,
                new Ratios(new float[] {1 / 3f, 2 / 3f, 4 / 3f}, 1.0 / 9));
        DetectorSpec read = DetectorSpec.fromJson(spec.toJson());
        assertEquals(spec, read);
        assertEquals(spec.hashCode(), read.hashCode());
        assertEquals(1 / 3f, read.settings(Ratios.class).ratios()[0]);
    }
}
