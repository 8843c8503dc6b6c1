package org.logokit.notebook;

import tech.tablesaw.api.Table;
import tech.tablesaw.columns.Column;

/**
 * Renders a Tablesaw {@link Table} as a small HTML table for notebooks: a caption with the table's
 * name and size, a header row with the column names, and at most {@code maxRows} rows (the rest is
 * summarised in a last line, so a 100,000-row table does not flood the notebook).
 */
public final class HtmlTable {

    /** Rows shown when the caller does not say. */
    public static final int DEFAULT_MAX_ROWS = 20;

    private HtmlTable() {}

    /**
     * Returns the table as HTML with at most {@code maxRows} rows; every cell text is HTML-escaped.
     *
     * @throws IllegalArgumentException when {@code maxRows} is negative
     */
    public static String render(Table table, int maxRows) {
        if (table == null) {
            throw new IllegalArgumentException("table is null: pass a tech.tablesaw.api.Table");
        }
        if (maxRows < 0) {
            throw new IllegalArgumentException("maxRows must be >= 0, got " + maxRows);
        }
        int rows = table.rowCount();
        int shown = Math.min(rows, maxRows);
        StringBuilder html = new StringBuilder(256 + 64 * shown * Math.max(1, table.columnCount()));
        html.append("<table class=\"logokit-table\">\n<caption>")
                .append(escape(table.name() == null ? "table" : table.name()))
                .append(" (").append(rows).append(rows == 1 ? " row" : " rows").append(" × ")
                .append(table.columnCount()).append(table.columnCount() == 1 ? " column" : " columns")
                .append(")</caption>\n<thead><tr>");
        for (String name : table.columnNames()) {
            html.append("<th>").append(escape(name)).append("</th>");
        }
        html.append("</tr></thead>\n<tbody>\n");
        for (int r = 0; r < shown; r++) {
            html.append("<tr>");
            for (Column<?> column : table.columns()) {
                html.append("<td>").append(escape(column.getString(r))).append("</td>");
            }
            html.append("</tr>\n");
        }
        html.append("</tbody>\n</table>");
        if (shown < rows) {
            html.append("\n<p><i>… ").append(rows - shown).append(" more rows not shown (")
                    .append(shown).append(" of ").append(rows).append(").</i></p>");
        }
        return html.toString();
    }

    /** Escapes the five HTML special characters so cell text cannot inject markup. */
    public static String escape(String text) {
        if (text == null) {
            return "";
        }
        StringBuilder out = new StringBuilder(text.length());
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '&' -> out.append("&amp;");
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '"' -> out.append("&quot;");
                case '\'' -> out.append("&#39;");
                default -> out.append(c);
            }
        }
        return out.toString();
    }
}
