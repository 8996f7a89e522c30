package org.ttt4j.report;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;
import org.ttt4j.provenance.JsonFiles;

/**
 * A tolerant reader of JSON-lines files that another process may still be writing, or that a crash
 * cut short: every complete line that parses as the record is kept, every other line is skipped and
 * counted (a report shows what it could read and says what it could not; {@code eval --resume}
 * stays strict).
 */
final class JsonLines {

  /**
   * What a file held.
   *
   * @param values the records of the readable lines, in file order
   * @param skipped 1-based numbers of the lines that were not a complete record
   * @param lastLineCut true when the last line is skipped as incomplete JSON (a write cut short)
   * @param firstProblem why the first skipped line was skipped ("" when none was)
   */
  record Read<T>(List<T> values, List<Integer> skipped, boolean lastLineCut,
      String firstProblem) {

    Read {
      values = List.copyOf(values);
      skipped = List.copyOf(skipped);
    }

    /**
     * A one-line account of the skipped lines, e.g. "1 unreadable line (line 1501: the last, cut
     * short mid-write)".
     */
    String skippedSummary() {
      int n = skipped.size();
      String where = n == 1 ? "line " + skipped.get(0)
          : "lines " + (n <= 3 ? skipped.toString().replaceAll("[\\[\\]]", "")
          : skipped.get(0) + ", " + skipped.get(1) + ", ... " + skipped.get(n - 1));
      String why = n == 1 && lastLineCut ? "the last, cut short mid-write"
          : firstProblem + (lastLineCut ? "; the last cut short mid-write" : "");
      return n + " unreadable line" + (n == 1 ? "" : "s") + " (" + where + ": " + why + ")";
    }
  }

  private JsonLines() {}

  /**
   * Reads {@code file} as lines of {@code type}; a line that does not parse, or parses into a value
   * that {@code complete} rejects (missing fields), is skipped. Blank lines are ignored.
   */
  static <T> Read<T> read(Path file, Class<T> type, Predicate<T> complete) {
    String text;
    try {
      text = Files.readString(file, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + file + ": " + e.getMessage(), e);
    }
    // A line without its newline is the one being written (or cut by a crash); it is still
    // parsed, since the writer may have stopped exactly at the end of a record.
    String[] lines = text.split("\n", -1);
    List<T> values = new ArrayList<>();
    List<Integer> skipped = new ArrayList<>();
    String first = "";
    int last = 0;
    boolean lastInvalid = false;
    for (int i = 0; i < lines.length; i++) {
      String line = lines[i].strip();
      if (line.isEmpty()) {
        continue;
      }
      last = i + 1;
      String problem;
      lastInvalid = false;
      try {
        T value = JsonFiles.fromJson(line, type);
        problem = value != null && complete.test(value) ? null : "not a " + type.getSimpleName()
            + " (fields missing)";
        if (problem == null) {
          values.add(value);
        }
      } catch (RuntimeException e) {
        problem = "not valid JSON";
        lastInvalid = true;
      }
      if (problem != null) {
        skipped.add(i + 1);
        first = first.isEmpty() ? problem : first;
      }
    }
    boolean cut = lastInvalid && !skipped.isEmpty() && skipped.get(skipped.size() - 1) == last;
    return new Read<>(values, skipped, cut, first);
  }
}
