package org.logokit.notebook;

/**
 * The Java Jupyter kernels the course knows how to display through, plus {@link #NONE} for plain
 * JVMs (unit tests, {@code jshell}, a main class), where {@link Show} prints text instead.
 */
public enum KernelKind {
    /** rapaio-jupyter-kernel: {@code org.rapaio.jupyter.kernel.global.Global.display(mime, obj)}. */
    RAPAIO("org.rapaio.jupyter.kernel.global.Global"),
    /** IJava: {@code io.github.spencerpark.ijava.runtime.Display.display(obj, mime...)}. */
    IJAVA("io.github.spencerpark.ijava.runtime.Display"),
    /** JJava (IJava's maintained fork): {@code org.dflib.jjava.jupyter.kernel.BaseNotebookStatics}. */
    JJAVA("org.dflib.jjava.jupyter.kernel.BaseNotebookStatics"),
    /** No notebook kernel in this JVM. */
    NONE(null);

    private final String displayClassName;

    KernelKind(String displayClassName) {
        this.displayClassName = displayClassName;
    }

    /** Returns the fully qualified name of the kernel's display class, or null for {@link #NONE}. */
    public String displayClassName() {
        return displayClassName;
    }
}
