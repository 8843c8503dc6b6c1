package org.logokit.notebook;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Checks that each kernel's display signature is called the way that kernel expects, using
 * stand-in classes with the same static method shapes as rapaio's {@code Global} and IJava's /
 * JJava's display classes.
 */
class KernelDisplayTest {

    static final List<Object[]> CALLS = new ArrayList<>();

    /** Same shape as rapaio's Global: display(Object) and display(String mime, Object value). */
    public static final class RapaioLike {
        public static String display(Object value) {
            CALLS.add(new Object[] {value});
            return "id";
        }

        public static String display(String mime, Object value) {
            CALLS.add(new Object[] {mime, value});
            return "id";
        }
    }

    /** Same shape as IJava's Display: display(Object) and display(Object value, String... mimes). */
    public static final class IJavaLike {
        public static String display(Object value) {
            CALLS.add(new Object[] {value});
            return "id";
        }

        public static String display(Object value, String... mimes) {
            CALLS.add(new Object[] {value, mimes});
            return "id";
        }
    }

    /** A kernel class present on the classpath whose kernel is not running. */
    public static final class NotRunning {
        public static String display(Object value) {
            throw new RuntimeException("No IJava kernel running");
        }

        public static String display(Object value, String... mimes) {
            throw new RuntimeException("No IJava kernel running");
        }
    }

    @BeforeEach
    void clear() {
        CALLS.clear();
    }

    @Test
    void rapaioGetsTheMimeTypeFirst() {
        KernelDisplay route = new KernelDisplay(KernelKind.RAPAIO, RapaioLike.class);
        assertTrue(route.isAvailable());
        assertTrue(route.displayAs("text/html", "<b>x</b>"));
        assertEquals(1, CALLS.size());
        assertArrayEquals(new Object[] {"text/html", "<b>x</b>"}, CALLS.get(0));
    }

    @Test
    void ijavaAndJjavaGetTheValueFirstAndTheMimeTypesAsVarargs() {
        for (KernelKind kind : List.of(KernelKind.IJAVA, KernelKind.JJAVA)) {
            CALLS.clear();
            KernelDisplay route = new KernelDisplay(kind, IJavaLike.class);
            assertTrue(route.displayAs("text/markdown", "# t"));
            assertEquals("# t", CALLS.get(0)[0]);
            assertArrayEquals(new String[] {"text/markdown"}, (String[]) CALLS.get(0)[1]);
        }
    }

    @Test
    void objectsGoThroughTheOneArgumentDisplay() {
        Object image = new java.awt.image.BufferedImage(1, 1, java.awt.image.BufferedImage.TYPE_INT_RGB);
        assertTrue(new KernelDisplay(KernelKind.RAPAIO, RapaioLike.class).display(image));
        assertTrue(new KernelDisplay(KernelKind.IJAVA, IJavaLike.class).display(image));
        assertEquals(2, CALLS.size());
        assertSame(image, CALLS.get(0)[0]);
        assertSame(image, CALLS.get(1)[0]);
    }

    @Test
    void aKernelClassWithoutARunningKernelReportsFailureInsteadOfThrowing() {
        KernelDisplay route = new KernelDisplay(KernelKind.IJAVA, NotRunning.class);
        assertFalse(route.display("x"));
        assertFalse(route.displayAs("text/html", "x"));
    }

    @Test
    void noKernelMeansNothingIsSent() {
        KernelDisplay none = KernelDisplay.detect(getClass().getClassLoader());
        assertEquals(KernelKind.NONE, none.kind());
        assertFalse(none.isAvailable());
        assertFalse(none.display("x"));
        assertFalse(none.displayAs("text/html", "x"));
        assertNull(KernelKind.NONE.displayClassName());
    }

    @Test
    void aClassWithoutDisplayMethodsIsNotUsable() {
        KernelDisplay route = new KernelDisplay(KernelKind.RAPAIO, String.class);
        assertFalse(route.isAvailable());
        assertFalse(route.display("x"));
    }
}
