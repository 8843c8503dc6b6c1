package org.logokit.grading;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class CheckTest {
    @Test
    void closeAnswerPasses() {
        assertDoesNotThrow(() -> Check.close("IoU", () -> 1.0 / 9, 0.1111111, 1e-6));
    }

    @Test
    void wrongAnswerSaysYoursAndExpected() {
        AssertionError e = assertThrows(AssertionError.class,
                () -> Check.close("IoU of A,B", () -> 0.2, 1.0 / 9, 1e-6));
        assertTrue(e.getMessage().contains("your value is 0.2"), e.getMessage());
        assertTrue(e.getMessage().contains("expected 0.111"), e.getMessage());
    }

    @Test
    void unfinishedStubIsReportedAsNotAnswered() {
        AssertionError e = assertThrows(AssertionError.class, () -> Check.equal("count",
                () -> { throw new UnsupportedOperationException("exercise count"); }, 3));
        assertTrue(e.getMessage().contains("not answered yet"), e.getMessage());
    }

    @Test
    void nanNeverPasses() {
        assertThrows(AssertionError.class, () -> Check.close("x", () -> Double.NaN, 0, 1e9));
    }

    @Test
    void arrayOfWrongLengthFails() {
        assertThrows(AssertionError.class,
                () -> Check.arrayClose("a", () -> new double[] {1}, new double[] {1, 2}, 0));
    }
}
