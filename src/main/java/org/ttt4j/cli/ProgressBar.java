package org.ttt4j.cli;

import java.io.PrintWriter;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.LongSupplier;

/**
 * A text progress bar: label, bar, percent, done/total, rate, ETA and extra fields (e.g. {@code
 * loss=0.41}). On a terminal it redraws one line in place with {@code \r} (at most 10 times a
 * second); otherwise (logs, CI) it prints a full line each time another 10 % is done. Thread-safe.
 *
 * <pre>{@code
 * ProgressBar bar = ProgressBar.onStderr("corrupt", total, "img");
 * bar.field("part", "fog/3");
 * bar.advance(32);
 * bar.finish();
 * }</pre>
 */
public final class ProgressBar {

  private static final int WIDTH = 24;
  private static final long REDRAW_NANOS = 100_000_000L;

  private final PrintWriter out;
  private final String label;
  private final String unit;
  private final long total;
  private final boolean interactive;
  private final LongSupplier clock;
  private final long start;
  private final Map<String, String> fields = new LinkedHashMap<>();
  private long done;
  private long base;            // units done before this bar started (a resumed run)
  private long lastDraw;
  private int lastDecile;
  private int drawnWidth;

  /** A bar on {@code out}; {@code interactive} selects in-place redraws. */
  public ProgressBar(PrintWriter out, String label, long total, String unit, boolean interactive,
      LongSupplier nanoClock) {
    this.out = out;
    this.label = label;
    this.unit = unit;
    this.total = Math.max(total, 0);
    this.interactive = interactive;
    this.clock = nanoClock;
    this.start = nanoClock.getAsLong();
    this.lastDraw = start - REDRAW_NANOS; // draw on the first advance
  }

  /** A bar on standard error, redrawn in place when standard error is a terminal. */
  public static ProgressBar onStderr(String label, long total, String unit) {
    return onStderr(new PrintWriter(System.err, true), label, total, unit);
  }

  /**
   * A bar on {@code err}, a writer onto standard error (a command's {@code getErr()}), redrawn in
   * place when standard error is a terminal.
   */
  public static ProgressBar onStderr(PrintWriter err, String label, long total, String unit) {
    return new ProgressBar(err, label, total, unit, stderrIsTerminal(), System::nanoTime);
  }

  /**
   * Whether standard error is a terminal: its file descriptor links to a terminal device (Linux),
   * else whether the JVM has a console. System.console() alone asks about standard input and
   * output: {@code ttt4j eval ... 2> log} filled the log with in-place redraws, and
   * {@code ttt4j eval ... > table.md} lost the live bar.
   */
  static boolean stderrIsTerminal() {
    return isTerminal(java.nio.file.Path.of("/proc/self/fd/2"), System.console() != null);
  }

  /** Whether {@code fdLink} links to a terminal device; {@code otherwise} when it is no link. */
  static boolean isTerminal(java.nio.file.Path fdLink, boolean otherwise) {
    try {
      String target = java.nio.file.Files.readSymbolicLink(fdLink).toString();
      return target.startsWith("/dev/pts/") || target.startsWith("/dev/tty")
          || target.equals("/dev/console");
    } catch (java.io.IOException | UnsupportedOperationException | SecurityException e) {
      return otherwise;
    }
  }

  /**
   * A resumed job: {@code already} units were done before, so they show in the bar but not in
   * the rate or the ETA.
   */
  public synchronized void startAt(long already) {
    done = Math.min(total, Math.max(0, already));
    base = done;
    lastDecile = total == 0 ? 10 : (int) (done * 10 / total);
  }

  /** {@code count} more units are done. */
  public synchronized void advance(long count) {
    done = Math.min(total, done + count);
    int decile = total == 0 ? 10 : (int) (done * 10 / total);
    long now = clock.getAsLong();
    if (interactive && (now - lastDraw >= REDRAW_NANOS || done == total)) {
      redraw(now);
    } else if (!interactive && decile > lastDecile && done < total) {
      out.println(line(now));
      out.flush();
    }
    lastDecile = decile;
  }

  /** Sets an extra field shown after the ETA ({@code key=value}); shown from the next redraw. */
  public synchronized void field(String key, Object value) {
    fields.put(key, String.valueOf(value));
  }

  /** Prints {@code text} on its own line without garbling the bar. */
  public synchronized void message(String text) {
    if (interactive && drawnWidth > 0) {
      out.print("\r" + " ".repeat(drawnWidth) + "\r");
    }
    out.println(text);
    drawnWidth = 0;
    if (interactive) {
      redraw(clock.getAsLong());
    }
    out.flush();
  }

  /** Draws the final state and ends the line. */
  public synchronized void finish() {
    long now = clock.getAsLong();
    if (interactive) {
      redraw(now);
      out.println();
    } else {
      out.println(line(now));
    }
    drawnWidth = 0;
    out.flush();
  }

  /** The bar as text at time {@code now} (nanoseconds of the clock given to the constructor). */
  synchronized String line(long now) {
    double seconds = Math.max((now - start) / 1e9, 1e-9);
    double rate = (done - base) / seconds;
    int filled = total == 0 ? WIDTH : (int) (done * WIDTH / total);
    StringBuilder s = new StringBuilder(label).append(" [")
        .append("#".repeat(filled)).append(".".repeat(WIDTH - filled)).append("] ")
        .append(String.format("%3d%% %d/%d %.1f %s/s", total == 0 ? 100 : done * 100 / total, done,
            total, rate, unit));
    s.append(done >= total ? " took " + clock(seconds)
        : rate > 0 ? " ETA " + clock((total - done) / rate) : " ETA ?");
    fields.forEach((k, v) -> s.append(' ').append(k).append('=').append(v));
    return s.toString();
  }

  private void redraw(long now) {
    String text = line(now);
    int pad = Math.max(0, drawnWidth - text.length());
    out.print("\r" + text + " ".repeat(pad));
    out.flush();
    drawnWidth = text.length();
    lastDraw = now;
  }

  /** h:mm:ss or m:ss. */
  static String clock(double seconds) {
    long s = Math.round(seconds);
    return s >= 3600 ? String.format("%d:%02d:%02d", s / 3600, s / 60 % 60, s % 60)
        : String.format("%d:%02d", s / 60, s % 60);
  }
}
