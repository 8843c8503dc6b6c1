package org.logokit.notebook;

import java.awt.image.BufferedImage;
import java.awt.image.RenderedImage;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.imageio.ImageIO;
import org.jfree.chart.JFreeChart;
import tech.tablesaw.api.Table;

/**
 * Shows pictures, charts, tables and formatted text inline in a notebook, under whichever Java
 * kernel runs it (rapaio, IJava or JJava; see {@link KernelDisplay}).
 *
 * <p>Outside a notebook (a unit test, {@code jshell}, a main class) nothing is lost: text and HTML
 * are printed, a table is printed as text, and an image or chart is saved as a PNG file in the
 * temporary folder whose path is printed.
 *
 * <pre>{@code
 * Show.image(picture);
 * Show.chart(chart);            // 640 × 400 pixels
 * Show.table(boxSizes);         // first 20 rows
 * Show.html("<b>done</b>");
 * }</pre>
 */
public final class Show {

    /** Width in pixels of a chart drawn without an explicit size. */
    public static final int DEFAULT_CHART_WIDTH = 640;
    /** Height in pixels of a chart drawn without an explicit size. */
    public static final int DEFAULT_CHART_HEIGHT = 400;

    private static final int MAX_CHART_SIDE = 8192;

    private Show() {}

    /** Shows an image (a {@link BufferedImage} or any {@link RenderedImage}) as a PNG. */
    public static void image(RenderedImage image) {
        if (image == null) {
            throw new IllegalArgumentException("Show.image: the image is null");
        }
        KernelDisplay kernel = KernelDisplay.current();
        if (kernel.display(image)) {
            return;
        }
        printSaved(image, "image");
    }

    /** Shows a JFreeChart as a {@value #DEFAULT_CHART_WIDTH} × {@value #DEFAULT_CHART_HEIGHT} PNG. */
    public static void chart(JFreeChart chart) {
        chart(chart, DEFAULT_CHART_WIDTH, DEFAULT_CHART_HEIGHT);
    }

    /**
     * Shows a JFreeChart drawn at the given size in pixels.
     *
     * @throws IllegalArgumentException when the chart is null or a side is not in 1..8192
     */
    public static void chart(JFreeChart chart, int width, int height) {
        if (chart == null) {
            throw new IllegalArgumentException("Show.chart: the chart is null");
        }
        if (width < 1 || height < 1 || width > MAX_CHART_SIDE || height > MAX_CHART_SIDE) {
            throw new IllegalArgumentException("Show.chart: size must be 1.." + MAX_CHART_SIDE
                    + " pixels per side, got " + width + " × " + height);
        }
        BufferedImage picture = chart.createBufferedImage(width, height);
        if (KernelDisplay.current().display(picture)) {
            return;
        }
        printSaved(picture, "chart");
    }

    /** Shows the first {@value HtmlTable#DEFAULT_MAX_ROWS} rows of a Tablesaw table. */
    public static void table(Table table) {
        table(table, HtmlTable.DEFAULT_MAX_ROWS);
    }

    /** Shows the first {@code maxRows} rows of a Tablesaw table (HTML in a notebook, text elsewhere). */
    public static void table(Table table, int maxRows) {
        String html = HtmlTable.render(table, maxRows);
        if (KernelDisplay.current().displayAs("text/html", html)) {
            return;
        }
        // Same rows as the HTML view: the first maxRows, then how many were left out.
        Table head = table.first(maxRows);
        out().println(head.rowCount() == 0 ? table.name() + " (no rows shown)" : head.printAll());
        if (table.rowCount() > maxRows) {
            out().println("… " + (table.rowCount() - maxRows) + " more rows not shown ("
                    + maxRows + " of " + table.rowCount() + ")");
        }
    }

    /** Shows an HTML fragment; prints it as it is outside a notebook. */
    public static void html(String html) {
        String text = html == null ? "" : html;
        if (!KernelDisplay.current().displayAs("text/html", text)) {
            out().println(text);
        }
    }

    /** Shows Markdown text; prints it as it is outside a notebook. */
    public static void markdown(String markdown) {
        String text = markdown == null ? "" : markdown;
        if (!KernelDisplay.current().displayAs("text/markdown", text)) {
            out().println(text);
        }
    }

    /** Prints plain text (on stdout, never stderr: a graded cell must not write to stderr). */
    public static void text(String text) {
        out().println(text);
    }

    /** Writes a PNG to the temporary folder and prints where it went. */
    private static void printSaved(RenderedImage image, String what) {
        try {
            Path file = savePng(image, what);
            out().println("[" + what + " " + image.getWidth() + "×" + image.getHeight()
                    + " saved to " + file + " — no notebook kernel found to show it inline]");
        } catch (IOException e) {
            out().println("[" + what + " " + image.getWidth() + "×" + image.getHeight()
                    + " could not be shown or saved: " + e.getMessage() + "]");
        }
    }

    /** Saves an image as a PNG file in the temporary folder and returns its path. */
    static Path savePng(RenderedImage image, String prefix) throws IOException {
        Path file = Files.createTempFile("logokit-" + prefix + "-", ".png");
        if (!ImageIO.write(image, "png", file.toFile())) {
            throw new IOException("no PNG writer for this image type");
        }
        return file;
    }

    private static PrintStream out() {
        return System.out;
    }
}
