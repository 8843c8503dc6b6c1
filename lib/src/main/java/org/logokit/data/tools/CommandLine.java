package org.logokit.data.tools;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The few command-line options the data scripts take: {@code --name value}, {@code --flag} and
 * positional arguments. Unknown options are an error that prints the usage. Shared by the kit's
 * command-line tools (data scripts, {@code lib/detect}).
 */
public final class CommandLine {
    private final Map<String, String> values = new HashMap<>();
    private final Set<String> flags = new HashSet<>();
    private final List<String> positional = new ArrayList<>();

    /**
     * Parses arguments.
     *
     * @param args the arguments
     * @param valued option names that take a value (without {@code --})
     * @param flagNames option names that take none
     * @throws IllegalArgumentException naming the bad option
     */
    public CommandLine(String[] args, Set<String> valued, Set<String> flagNames) {
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            if (a.startsWith("--")) {
                String name = a.substring(2);
                String value = null;
                int eq = name.indexOf('=');
                if (eq >= 0) {
                    value = name.substring(eq + 1);
                    name = name.substring(0, eq);
                }
                if (flagNames.contains(name) && value == null) {
                    flags.add(name);
                } else if (valued.contains(name)) {
                    if (value == null) {
                        if (i + 1 >= args.length) {
                            throw new IllegalArgumentException("--" + name + " needs a value");
                        }
                        value = args[++i];
                    }
                    values.put(name, value);
                } else {
                    throw new IllegalArgumentException("unknown option --" + name);
                }
            } else {
                positional.add(a);
            }
        }
    }

    /** The value of {@code --name}, or null when not given. */
    public String value(String name) {
        return values.get(name);
    }

    /** Whether the flag {@code --name} was given. */
    public boolean flag(String name) {
        return flags.contains(name);
    }

    /** The arguments that are not options, in order. */
    public List<String> positional() {
        return positional;
    }

    /** Prints an error without a stack trace and exits with status 1. */
    public static void fail(String message) {
        System.err.println("ERROR: " + message);
        System.exit(1);
    }
}
