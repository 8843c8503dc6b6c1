package org.logokit.data;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;

/**
 * What {@link DatasetVerifier} found: one row per check (expected vs found), plus the problems a
 * lenient load skipped.
 */
public final class VerificationReport {
    /**
     * One check.
     *
     * @param check what was checked
     * @param expected the expected value ("-" when nothing is expected)
     * @param found the value found
     * @param ok whether it passed
     */
    public record Row(String check, String expected, String found, boolean ok) {}

    private final Path root;
    private final List<Row> rows = new ArrayList<>();
    private final List<LoadIssue> issues = new ArrayList<>();

    VerificationReport(Path root) {
        this.root = root;
    }

    void add(String check, Object expected, Object found) {
        rows.add(new Row(check, String.valueOf(expected), String.valueOf(found),
                String.valueOf(expected).equals(String.valueOf(found))));
    }

    void info(String check, Object found) {
        rows.add(new Row(check, "-", String.valueOf(found), true));
    }

    void addIssues(List<LoadIssue> more) {
        issues.addAll(more);
    }

    /** The dataset root that was checked. */
    public Path root() {
        return root;
    }

    /** The checks in order. */
    public List<Row> rows() {
        return List.copyOf(rows);
    }

    /** Problems found in list and box files (each names its file and line). */
    public List<LoadIssue> issues() {
        return List.copyOf(issues);
    }

    /** True when every check passed and no file had a problem. */
    public boolean passed() {
        return issues.isEmpty() && rows.stream().allMatch(Row::ok);
    }

    /** The checks as a Tablesaw table (check, expected, found, result). */
    public Table table() {
        StringColumn check = StringColumn.create("check");
        StringColumn expected = StringColumn.create("expected");
        StringColumn found = StringColumn.create("found");
        StringColumn result = StringColumn.create("result");
        for (Row r : rows) {
            check.append(r.check());
            expected.append(r.expected());
            found.append(r.found());
            result.append(r.ok() ? "ok" : "MISMATCH");
        }
        return Table.create("Dataset check: " + root, check, expected, found, result);
    }

    /** A plain-text report: the table, then up to 20 problems, then the verdict. */
    @Override
    public String toString() {
        int w = rows.stream().mapToInt(r -> r.check().length()).max().orElse(10);
        StringBuilder sb = new StringBuilder("Dataset check: " + root + "\n");
        String format = "  %-" + w + "s  %10s  %10s  %s%n";
        sb.append(String.format(format, "check", "expected", "found", "result"));
        for (Row r : rows) {
            sb.append(String.format(format, r.check(), r.expected(), r.found(),
                    r.ok() ? "ok" : "MISMATCH"));
        }
        if (!issues.isEmpty()) {
            sb.append(issues.size()).append(" problem(s) in list/box files");
            sb.append(issues.size() > 20 ? ", the first 20:\n" : ":\n");
            issues.stream().limit(20).forEach(i -> sb.append("  ").append(i).append('\n'));
        }
        sb.append(passed() ? "RESULT: ok, the tree matches" : "RESULT: problems found (see above)");
        sb.append('\n');
        return sb.toString();
    }
}
