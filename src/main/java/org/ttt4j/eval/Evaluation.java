package org.ttt4j.eval;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import org.ttt4j.provenance.JsonFiles;
import org.ttt4j.ttt.Adapter;
import org.ttt4j.ttt.Prediction;
import org.ttt4j.ttt.Sample;
import org.ttt4j.ttt.Strategy;

/**
 * Runs a strategy over a stream's segments and writes one JSON line per sample to
 * {@code records.jsonl} as it goes (appended and flushed, so a crash loses at most the sample in
 * flight). The model is reset to its base weights before each segment.
 */
public final class Evaluation {

  /** One line of records.jsonl. */
  public record Record(int segment, int position, String corruption, int severity, int label,
      int[] predictions, float[] losses, double seconds) {

    public boolean correct() {
      return predictions[predictions.length - 1] == label;
    }
  }

  private Evaluation() {}

  /** Runs everything; {@code progress} sees each record. Returns all records. */
  public static List<Record> run(List<List<Sample>> segments, Strategy strategy, Adapter adapter,
      Path records, Consumer<Record> progress) {
    List<Record> all = new ArrayList<>();
    try {
      Files.createDirectories(records.toAbsolutePath().getParent());
      try (BufferedWriter w = Files.newBufferedWriter(records, StandardOpenOption.CREATE,
          StandardOpenOption.TRUNCATE_EXISTING)) {
        for (int seg = 0; seg < segments.size(); seg++) {
          adapter.reset();
          final int segment = seg;
          strategy.run(segments.get(seg), adapter, p -> {
            Record r = toRecord(segment, p);
            all.add(r);
            try {
              w.write(JsonFiles.toCompactJson(r));
              w.newLine();
              w.flush();
            } catch (IOException e) {
              throw new UncheckedIOException("cannot append to " + records, e);
            }
            progress.accept(r);
          });
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + records + ": " + e.getMessage(), e);
    }
    return all;
  }

  static Record toRecord(int segment, Prediction p) {
    return new Record(segment, p.position(), p.corruption(), p.severity(), p.label(),
        p.predictions(), p.losses(), p.seconds());
  }
}
