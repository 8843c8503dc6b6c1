package org.logokit.grading;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.AbstractList;
import java.util.List;
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

    /** A list that claims to equal anything, as a learner's answer could. */
    private static final class AgreeableList extends AbstractList<String> {
        @Override
        public String get(int index) {
            return "wrong";
        }

        @Override
        public int size() {
            return 1;
        }

        @Override
        public boolean equals(Object other) {
            return true;
        }

        @Override
        public int hashCode() {
            return 0;
        }
    }

    @Test
    void anAnswerWhoseEqualsAlwaysAgreesDoesNotPass() {
        List<String> expected = List.of("stem", "stage1");
        java.util.function.Supplier<List<String>> answer = AgreeableList::new;
        assertThrows(AssertionError.class, () -> Check.equal("frozen blocks", answer, expected));
        assertThrows(AssertionError.class, () -> Check.that("frozen blocks", answer,
                blocks -> blocks.equals(expected), "freeze the stem and stage1"));
        assertDoesNotThrow(() -> Check.equal("frozen blocks", () -> List.of("stem", "stage1"),
                expected));
    }
}
