package org.logokit.data;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * Where readers send problems: under {@link LoadMode#STRICT} a problem is thrown as a
 * {@link DatasetFormatException}; under {@link LoadMode#LENIENT} it is recorded and the caller skips
 * the bad item.
 */
public final class IssueCollector {
    private final LoadMode mode;
    private final List<LoadIssue> issues = Collections.synchronizedList(new ArrayList<>());

    /** Creates a collector for a load mode. */
    public IssueCollector(LoadMode mode) {
        this.mode = mode;
    }

    /** The load mode. */
    public LoadMode mode() {
        return mode;
    }

    /**
     * Reports a problem: throws under STRICT, records under LENIENT.
     *
     * @param file the file with the problem
     * @param line 1-based line, or 0 for the whole file
     * @param problem what is wrong (the strict message adds what to do)
     * @param skipped what a lenient load skips because of it, e.g. "the line"
     */
    public void report(Path file, int line, String problem, String skipped) {
        if (mode == LoadMode.STRICT) {
            throw new DatasetFormatException(file, line, problem + ". Fix the file (or re-import the "
                    + "dataset with data-scripts/import-flickrlogos), or load with LoadMode.LENIENT to "
                    + "skip such input.");
        }
        issues.add(new LoadIssue(file, line, problem + "; skipped " + skipped));
    }

    /** The problems recorded so far (empty under STRICT). */
    public List<LoadIssue> issues() {
        synchronized (issues) {
            return List.copyOf(issues);
        }
    }
}
