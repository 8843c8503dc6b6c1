package org.logokit.notebook;

import ai.djl.util.Progress;
import java.io.PrintStream;
import java.util.Locale;

/**
 * A text progress bar for long work in notebooks and on the command line, with its whole label.
 *
 * <p>It draws the way DJL's {@code ai.djl.training.util.ProgressBar} does ({@code \r}, the label,
 * the percentage, a 40-character bar, an optional trailing message; a line end at 100 %), so it
 * can be handed to any DJL API that takes a {@link Progress}. Unlike DJL's, it never shortens the
 * label: DJL keeps only the first 4 and last 5 characters of a label longer than 12 ("Epoc...of
 * 2)"). It redraws only when the whole percentage changes, and like DJL's it stays silent when
 * {@code DJL_DISABLE_PROGRESS_BAR} (environment or system property) is {@code true}. Executed
 * notebooks keep only each bar's final state (the kit's notebook tools settle the redraws).
 *
 * <pre>{@code
 * ProgressBar bar = new ProgressBar("Epoch 3 (4 of 10)", batches);
 * for (...) { ...; bar.increment(1); }
 * bar.end();
 * }</pre>
 */
public final class ProgressBar implements Progress {

    private static final int BAR_WIDTH = 40;
    private static final int LABEL_COLUMN = 12;

    private final PrintStream out;
    private final char fill;
    private final boolean disabled;
    private String label = "";
    private String trailing;
    private long max = 1;
    private long progress;
    private int shownPercent = -1;
    private boolean finished;

    /** A bar for {@code max} steps, printed to standard output. */
    public ProgressBar(String label, long max) {
        this(label, max, null);
    }

    /** A bar for {@code max} steps with a trailing message, printed to standard output. */
    public ProgressBar(String label, long max, String trailingMessage) {
        this(label, max, trailingMessage, System.out, fillCharacter(), disabledBySetting());
    }

    ProgressBar(String label, long max, String trailingMessage, PrintStream out, char fill,
            boolean disabled) {
        this.out = out;
        this.fill = fill;
        this.disabled = disabled;
        reset(label, max, trailingMessage);
    }

    @Override
    public synchronized void reset(String message, long maximum, String trailingMessage) {
        label = message == null ? "" : message;
        max = Math.max(1, maximum);
        trailing = trailingMessage;
        progress = 0;
        shownPercent = -1;
        finished = false;
    }

    @Override
    public void start(long initialProgress) {
        update(initialProgress);
    }

    /** Completes the bar (draws 100 % and ends the line), whatever the progress was. */
    @Override
    public synchronized void end() {
        if (!finished) {
            update(max, null);
        }
    }

    @Override
    public synchronized void increment(long increment) {
        update(progress + increment, null);
    }

    /**
     * Moves the bar to {@code steps} done of the maximum (clamped to 0..max).
     *
     * @param steps the steps done so far
     * @param message shown after the bar instead of the trailing message, when not null
     */
    @Override
    public synchronized void update(long steps, String message) {
        progress = Math.max(0, Math.min(max, steps));
        int percent = (int) (progress * 100 / max);
        if (disabled || finished || (percent == shownPercent && message == null)) {
            return;
        }
        shownPercent = percent;
        out.print(line(percent, message == null ? trailing : message));
        if (percent == 100) {
            out.println();
            finished = true;
        }
        out.flush();
    }

    /** The label exactly as it is shown. */
    public String label() {
        return label;
    }

    String line(int percent, String message) {
        StringBuilder text = new StringBuilder(label.length() + BAR_WIDTH + 32);
        text.append('\r').append(label).append(':');
        text.append(" ".repeat(Math.max(1, LABEL_COLUMN - label.length())));
        text.append(String.format(Locale.ROOT, "%3d%% |", percent));
        int filled = percent * BAR_WIDTH / 100;
        text.append(String.valueOf(fill).repeat(filled)).append(" ".repeat(BAR_WIDTH - filled));
        text.append('|');
        if (message != null && !message.isEmpty()) {
            text.append(' ').append(message);
        }
        return text.toString();
    }

    private static boolean disabledBySetting() {
        String value = System.getProperty("DJL_DISABLE_PROGRESS_BAR");
        if (value == null) {
            value = System.getenv("DJL_DISABLE_PROGRESS_BAR");
        }
        return Boolean.parseBoolean(value) || Boolean.getBoolean("disableProgressBar");
    }

    private static char fillCharacter() {
        String os = System.getProperty("os.name", "");
        if (os.startsWith("Win")) {
            return '=';
        }
        String lang = System.getenv("LC_ALL") != null ? System.getenv("LC_ALL") : System.getenv("LANG");
        boolean utf8 = lang != null && lang.toUpperCase(Locale.ROOT).replace("-", "").contains("UTF8");
        return os.startsWith("Mac") || utf8 ? '█' : '=';
    }
}
