package org.logokit.grading;

import java.util.Arrays;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * Immediate feedback for graded exercise cells.
 *
 * <p>Each check prints one line starting with {@code PASS} when the answer is right. When it is
 * wrong it throws an {@link AssertionError} whose message says what was checked, the learner's value
 * and the expected one, so the notebook cell fails (which is how nbgrader and the kit's own grader
 * score it). Answers are given as suppliers so that an exercise that is not done yet (its stub
 * throws {@link UnsupportedOperationException}) is reported as such instead of as a stack trace.
 * Output goes to standard output only: nbgrader scores a cell with any stderr output as zero.
 *
 * <p>The comparison is always made by the expected value, never by the learner's: {@code equal}
 * asks {@code expected.equals(value)}, and a collection the learner returns is copied into a
 * plain JDK collection before a predicate sees it, so an object whose own {@code equals} always
 * says yes cannot pass a check.
 */
public final class Check {
    private Check() {}

    /** Passes when {@code |actual - expected| <= tolerance}. */
    public static void close(String what, Supplier<? extends Number> actual, double expected,
            double tolerance) {
        Number value = evaluate(what, actual);
        if (value == null || Double.isNaN(value.doubleValue())
                || Math.abs(value.doubleValue() - expected) > tolerance) {
            fail(what, "your value is " + value + "; expected " + expected
                    + (tolerance > 0 ? " (within " + tolerance + ")" : ""));
        }
        pass(what, String.valueOf(value));
    }

    /** Passes when {@code expected.equals(actual)} (the expected value decides). */
    public static <T> void equal(String what, Supplier<T> actual, T expected) {
        T value = evaluate(what, actual);
        if (!Objects.equals(expected, value)) {
            fail(what, "your value is " + value + "; expected " + expected);
        }
        pass(what, String.valueOf(value));
    }

    /** Passes when every element is within {@code tolerance} of the expected array. */
    public static void arrayClose(String what, Supplier<double[]> actual, double[] expected,
            double tolerance) {
        double[] value = evaluate(what, actual);
        if (value == null || value.length != expected.length) {
            fail(what, "your array has " + (value == null ? "no" : value.length)
                    + " elements; expected " + expected.length);
        }
        for (int i = 0; i < expected.length; i++) {
            if (!(Math.abs(value[i] - expected[i]) <= tolerance)) {
                fail(what, "element " + i + " is " + value[i] + "; expected " + expected[i]);
            }
        }
        pass(what, Arrays.toString(value));
    }

    /** Passes when {@code condition} holds for the learner's value; {@code hint} says what to fix. */
    public static <T> void that(String what, Supplier<T> actual,
            java.util.function.Predicate<T> condition, String hint) {
        T value = plain(evaluate(what, actual));
        boolean holds;
        try {
            holds = condition.test(value);
        } catch (RuntimeException e) {
            throw new AssertionError("FAIL " + what + ": " + hint + " (checking your value "
                    + value + " threw " + e + ")", e);
        }
        if (!holds) {
            fail(what, hint + " (your value: " + value + ")");
        }
        pass(what, String.valueOf(value));
    }

    /** A collection of the learner's own class as a plain JDK copy; anything else unchanged. */
    @SuppressWarnings("unchecked")
    private static <T> T plain(T value) {
        if (value == null || value.getClass().getName().startsWith("java.")) {
            return value;
        }
        if (value instanceof java.util.List<?> list) {
            return (T) new java.util.ArrayList<>(list);
        }
        if (value instanceof java.util.Set<?> set) {
            return (T) new java.util.LinkedHashSet<>(set);
        }
        if (value instanceof java.util.Map<?, ?> map) {
            return (T) new java.util.LinkedHashMap<>(map);
        }
        return value;
    }

    private static <T> T evaluate(String what, Supplier<T> actual) {
        try {
            return actual.get();
        } catch (UnsupportedOperationException e) {
            throw new AssertionError("FAIL " + what + ": not answered yet ("
                    + (e.getMessage() == null ? "the exercise stub is still in place" : e.getMessage())
                    + ").", null);
        } catch (RuntimeException e) {
            throw new AssertionError("FAIL " + what + ": your code threw " + e, e);
        }
    }

    private static void pass(String what, String value) {
        System.out.println("PASS " + what + " = " + value);
    }

    private static void fail(String what, String detail) {
        throw new AssertionError("FAIL " + what + ": " + detail);
    }
}
