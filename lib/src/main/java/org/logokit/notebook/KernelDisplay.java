package org.logokit.notebook;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.util.Objects;

/**
 * Sends one rich output (an image, an HTML fragment, Markdown) to whichever Java kernel runs this
 * JVM, found by reflection so the library needs none of the kernels at compile time.
 *
 * <p>The three kernels disagree on the two-argument form: rapaio has {@code display(String mime,
 * Object value)}, IJava and JJava have {@code display(Object value, String... mimes)}. The
 * one-argument {@code display(Object)} exists in all three and renders a
 * {@link java.awt.image.RenderedImage} as {@code image/png}.
 */
public final class KernelDisplay {

    /** JJava's older runtime class, tried when the newer {@code BaseNotebookStatics} is absent. */
    private static final String JJAVA_OLD_DISPLAY = "org.dflib.jjava.runtime.Display";

    private static volatile KernelDisplay detected;

    private final KernelKind kind;
    private final Method displayOne;
    private final Method displayWithMime;

    KernelDisplay(KernelKind kind, Class<?> displayClass) {
        this.kind = Objects.requireNonNull(kind, "kind");
        if (kind == KernelKind.NONE || displayClass == null) {
            this.displayOne = null;
            this.displayWithMime = null;
            return;
        }
        this.displayOne = findMethod(displayClass, Object.class);
        this.displayWithMime = kind == KernelKind.RAPAIO
                ? findMethod(displayClass, String.class, Object.class)
                : findMethod(displayClass, Object.class, String[].class);
    }

    /**
     * Returns the display route of the kernel running this JVM (looked up once, then cached).
     * Returns a {@link KernelKind#NONE} route outside a notebook.
     */
    public static KernelDisplay current() {
        KernelDisplay result = detected;
        if (result == null) {
            result = detect(KernelDisplay.class.getClassLoader());
            if (!result.isAvailable()) {
                result = detect(Thread.currentThread().getContextClassLoader());
            }
            detected = result;
        }
        return result;
    }

    /** Looks for the kernels' display classes through the given class loader, rapaio first. */
    static KernelDisplay detect(ClassLoader loader) {
        for (KernelKind kind : KernelKind.values()) {
            if (kind == KernelKind.NONE) {
                continue;
            }
            Class<?> found = load(kind.displayClassName(), loader);
            if (found == null && kind == KernelKind.JJAVA) {
                found = load(JJAVA_OLD_DISPLAY, loader);
            }
            if (found != null) {
                KernelDisplay route = new KernelDisplay(kind, found);
                if (route.displayOne != null) {
                    return route;
                }
            }
        }
        return new KernelDisplay(KernelKind.NONE, null);
    }

    /** Returns which kernel this route talks to. */
    public KernelKind kind() {
        return kind;
    }

    /** Returns true when a kernel was found and rich output can be sent. */
    public boolean isAvailable() {
        return displayOne != null;
    }

    /**
     * Displays a value with the kernel's own renderer (images become {@code image/png}).
     *
     * @return true when the kernel accepted it; false when there is no kernel or it refused
     */
    public boolean display(Object value) {
        if (displayOne == null) {
            return false;
        }
        return invoke(displayOne, value);
    }

    /**
     * Displays text as the given MIME type, e.g. {@code text/html} or {@code text/markdown}.
     *
     * @return true when the kernel accepted it; false when there is no kernel or it refused
     */
    public boolean displayAs(String mime, String text) {
        if (displayWithMime == null) {
            return false;
        }
        return kind == KernelKind.RAPAIO
                ? invoke(displayWithMime, mime, text)
                : invoke(displayWithMime, text, new String[] {mime});
    }

    private static boolean invoke(Method method, Object... args) {
        try {
            method.invoke(null, args);
            return true;
        } catch (IllegalAccessException | IllegalArgumentException e) {
            return false;
        } catch (InvocationTargetException e) {
            // The kernel class is on the classpath but no kernel is running (e.g. IJava's
            // "No IJava kernel running"): fall back to text rather than failing the cell.
            return false;
        }
    }

    private static Method findMethod(Class<?> type, Class<?>... parameters) {
        try {
            return type.getMethod("display", parameters);
        } catch (NoSuchMethodException | SecurityException e) {
            return null;
        }
    }

    private static Class<?> load(String name, ClassLoader loader) {
        try {
            return Class.forName(name, false, loader != null ? loader : KernelDisplay.class.getClassLoader());
        } catch (ClassNotFoundException | LinkageError e) {
            return null;
        }
    }
}
