package org.ttt4j.cli;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import org.ttt4j.provenance.AtomicFiles;

/**
 * The history.csv of a training run, as {@code train} and {@code train seg} write it: a header,
 * then one line per step, on disk as soon as the step ends (a crash or a non-finite loss keeps
 * every step before it, and {@code train curves} can draw a run still going). A resume keeps the
 * steps up to the state it continues from. The commands differ only in their columns
 * ({@link TrainCurvesCommand#TRAIN_HEADER}, {@link TrainCurvesCommand#SEG_HEADER}).
 */
final class TrainHistory implements AutoCloseable {

  private final Path csv;
  private final List<String> kept;
  private final BufferedWriter writer;

  private TrainHistory(Path csv, List<String> kept, BufferedWriter writer) {
    this.csv = csv;
    this.kept = kept;
    this.writer = writer;
  }

  /**
   * Opens {@code dir}'s history.csv under {@code header}, keeping the steps up to
   * {@code resumeStep} (0 for a new run: none) that it holds. A line after them (the stopped run
   * went on past its last saved state) is dropped, and so is one a crash cut short or garbled: a
   * line with another number of fields than the header, or a field that is no number.
   */
  static TrainHistory open(Path dir, String header, long resumeStep) {
    Path csv = dir.resolve("history.csv");
    int columns = header.split(",").length;
    try {
      Files.createDirectories(dir);
      List<String> kept = new ArrayList<>();
      if (Files.exists(csv)) {
        for (String line : Files.readAllLines(csv)) {
          String[] f = line.split(",");
          if (f.length == columns && isStep(f) && Long.parseLong(f[0]) <= resumeStep) {
            kept.add(line);
          }
        }
      }
      List<String> lines = new ArrayList<>(List.of(header));
      lines.addAll(kept);
      AtomicFiles.writeString(csv, String.join("\n", lines) + "\n");
      return new TrainHistory(csv, List.copyOf(kept),
          Files.newBufferedWriter(csv, StandardOpenOption.APPEND));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + csv + ": " + e.getMessage(), e);
    }
  }

  /** Whether {@code fields} are a step: its number, then numbers (NaN for a loss not computed). */
  private static boolean isStep(String[] fields) {
    try {
      Long.parseLong(fields[0]);
      for (int i = 1; i < fields.length; i++) {
        Double.parseDouble(fields[i]);
      }
      return true;
    } catch (NumberFormatException e) {
      return false;
    }
  }

  /** The file: {@code dir}/history.csv. */
  Path file() {
    return csv;
  }

  /** The lines of the steps kept from before (a resumed run's), oldest first. */
  List<String> kept() {
    return kept;
  }

  /** Appends a step's line, on disk before the next step starts. */
  void append(String line) {
    try {
      writer.write(line + "\n");
      writer.flush();       // a step takes milliseconds or more: one small write each is free
    } catch (IOException e) {
      throw new UncheckedIOException("cannot append to " + csv + ": " + e.getMessage(), e);
    }
  }

  @Override
  public void close() {
    try {
      writer.close();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot close " + csv + ": " + e.getMessage(), e);
    }
  }
}
