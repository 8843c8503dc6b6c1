package org.logokit.data.tools;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.logokit.data.synth.BackgroundPhotos;
import org.logokit.data.synth.SynthLogosGenerator;

/**
 * The Java half of {@code data-scripts/fetch-backgrounds} (the script downloads and unpacks the
 * Debian packages; this class says which files to take and imports them).
 *
 * <pre>
 * ImportBackgrounds packages                       one line per photo: package TAB file in the package
 * ImportBackgrounds import --from DIR [--dest DIR] import DIR/&lt;package&gt;/&lt;file&gt; (versions from DIR/&lt;package&gt;.version)
 * ImportBackgrounds status [--dest DIR]            how many photos the folder holds; exit 3 when fewer than 50
 * </pre>
 *
 * Default folder: {@code <dataDir>/backgrounds}.
 */
public final class ImportBackgrounds {
    /** Exit status of {@code status} and {@code import} when the folder holds too few photos. */
    static final int TOO_FEW = 3;

    private ImportBackgrounds() {}

    /** Runs the command; exits with its status when it is not 0. */
    public static void main(String[] args) {
        int code = run(args);
        if (code != 0) {
            System.exit(code);
        }
    }

    /** Runs the command and returns its exit status (messages go to standard output). */
    static int run(String[] args) {
        CommandLine cl;
        try {
            cl = new CommandLine(args, Set.of("from", "dest"), Set.of("help"));
        } catch (IllegalArgumentException e) {
            System.out.println("import-backgrounds: " + e.getMessage());
            return 2;
        }
        String command = cl.positional().isEmpty() ? "help" : cl.positional().get(0);
        Path dest = cl.value("dest") != null ? Paths.get(cl.value("dest"))
                : SynthLogosGenerator.defaultBackgrounds();
        switch (command) {
            case "packages":
                BackgroundPhotos.catalog().forEach(p -> System.out.println(p.debianPackage()
                        + "\t" + p.member()));
                return 0;
            case "status": {
                int n = BackgroundPhotos.listed(dest).size();
                System.out.println(BackgroundPhotos.describe(dest));
                return n >= BackgroundPhotos.MIN_PHOTOS ? 0 : TOO_FEW;
            }
            case "import": {
                if (cl.value("from") == null) {
                    System.out.println("import-backgrounds: import needs --from DIR");
                    return 2;
                }
                Path from = Paths.get(cl.value("from"));
                BackgroundPhotos.ImportReport report = BackgroundPhotos.importFrom(from, dest,
                        versions(from));
                System.out.println(report);
                return report.imported() >= BackgroundPhotos.MIN_PHOTOS ? 0 : TOO_FEW;
            }
            default:
                System.out.println("usage: ImportBackgrounds packages | import --from DIR [--dest DIR]"
                        + " | status [--dest DIR]");
                return "help".equals(command) ? 0 : 2;
        }
    }

    /** Reads {@code <from>/<package>.version} files written by the script. */
    private static Map<String, String> versions(Path from) {
        Map<String, String> versions = new HashMap<>();
        for (String pkg : BackgroundPhotos.byPackage().keySet()) {
            Path file = from.resolve(pkg + ".version");
            try {
                if (Files.isRegularFile(file)) {
                    List<String> lines = Files.readAllLines(file);
                    if (!lines.isEmpty() && !lines.get(0).isBlank()) {
                        versions.put(pkg, lines.get(0).trim());
                    }
                }
            } catch (IOException e) {
                // No version recorded for this package: the licence file then omits it.
            }
        }
        return versions;
    }
}
