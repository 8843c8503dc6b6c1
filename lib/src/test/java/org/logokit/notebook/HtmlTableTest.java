package org.logokit.notebook;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;

class HtmlTableTest {

    private static Table brands(int rows) {
        String[] names = new String[rows];
        double[] widths = new double[rows];
        for (int i = 0; i < rows; i++) {
            names[i] = "brand" + i;
            widths[i] = i + 0.5;
        }
        return Table.create("boxes", StringColumn.create("brand", names), DoubleColumn.create("width", widths));
    }

    private static int count(String text, String part) {
        int n = 0;
        for (int i = text.indexOf(part); i >= 0; i = text.indexOf(part, i + 1)) {
            n++;
        }
        return n;
    }

    @Test
    void rendersHeaderCaptionAndEveryCellOfASmallTable() {
        String html = HtmlTable.render(brands(2), 20);
        assertTrue(html.contains("<caption>boxes (2 rows × 2 columns)</caption>"), html);
        assertTrue(html.contains("<thead><tr><th>brand</th><th>width</th></tr></thead>"), html);
        assertTrue(html.contains("<tr><td>brand0</td><td>0.5</td></tr>"), html);
        assertTrue(html.contains("<tr><td>brand1</td><td>1.5</td></tr>"), html);
        assertEquals(3, count(html, "<tr>"), "header row + 2 body rows");
        assertFalse(html.contains("more rows"), html);
    }

    @Test
    void capsTheRowsAndSaysHowManyWereLeftOut() {
        String html = HtmlTable.render(brands(100), 5);
        assertEquals(1 + 5, count(html, "<tr>"));
        assertTrue(html.contains("95 more rows not shown (5 of 100)"), html);
        assertTrue(html.contains("brand4") && !html.contains("brand5<"), html);
    }

    @Test
    void escapesMarkupInCellsAndColumnNames() {
        Table table = Table.create("<script>", StringColumn.create("a<b", new String[] {"x & \"y\" <z>", "it's"}));
        String html = HtmlTable.render(table, 10);
        assertTrue(html.contains("<th>a&lt;b</th>"), html);
        assertTrue(html.contains("<td>x &amp; &quot;y&quot; &lt;z&gt;</td>"), html);
        assertTrue(html.contains("<td>it&#39;s</td>"), html);
        assertTrue(html.contains("<caption>&lt;script&gt; (2 rows"), html);
        assertFalse(html.contains("<script>"), html);
    }

    @Test
    void rendersAnEmptyTableWithItsHeaderOnly() {
        String html = HtmlTable.render(brands(0), 10);
        assertTrue(html.contains("(0 rows × 2 columns)"), html);
        assertEquals(1, count(html, "<tr>"));
    }

    @Test
    void rejectsANullTableAndANegativeRowCap() {
        assertThrows(IllegalArgumentException.class, () -> HtmlTable.render(null, 5));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> HtmlTable.render(brands(1), -1));
        assertTrue(e.getMessage().contains("-1"));
    }
}
