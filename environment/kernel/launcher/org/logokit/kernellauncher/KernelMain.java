package org.logokit.kernellauncher;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.util.Arrays;

/**
 * Starts IJava or JJava with the course settings applied: kernel.json runs
 * {@code java <options> -cp <this folder>:<kernel jar> org.logokit.kernellauncher.KernelMain
 * <kernel main class> {connection_file}}, and this class applies {@link KernelSettings}, then
 * calls the kernel's own {@code main} with the remaining arguments. The kernel runs in this JVM,
 * exactly as with {@code java -jar <kernel jar>}.
 */
public final class KernelMain {

    private KernelMain() {}

    /**
     * Runs a kernel.
     *
     * @param args the kernel's main class (the Main-Class of its jar), then its own arguments
     */
    public static void main(String[] args) throws Throwable {
        if (args.length < 2) {
            System.err.println("usage: KernelMain <kernel main class> <connection-file>  (started by Jupyter,"
                    + " see kernel.json)");
            System.exit(2);
        }
        KernelSettings.apply();
        Method main;
        try {
            main = Class.forName(args[0]).getMethod("main", String[].class);
        } catch (ClassNotFoundException | NoSuchMethodException e) {
            System.err.println("logokit kernel: cannot start " + args[0] + " (" + e + "): is the kernel jar"
                    + " on the -cp of kernel.json? Run environment/setup again.");
            System.exit(2);
            return;
        }
        try {
            main.invoke(null, (Object) Arrays.copyOfRange(args, 1, args.length));
        } catch (InvocationTargetException e) {
            throw e.getCause();
        }
    }
}
