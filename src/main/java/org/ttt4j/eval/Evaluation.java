package org.ttt4j.eval;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import org.ttt4j.data.Image;
import org.ttt4j.provenance.AtomicFiles;
import org.ttt4j.provenance.FolderLock;
import org.ttt4j.provenance.JsonFiles;
import org.ttt4j.train.TrainState;
import org.ttt4j.ttt.Adapter;
import org.ttt4j.ttt.AdapterState;
import org.ttt4j.ttt.Prediction;
import org.ttt4j.ttt.Sample;
import org.ttt4j.ttt.Strategy;

/**
 * Runs a strategy over a stream's segments (the model reset to its base weights before each) and
 * keeps the run safe on disk as it goes:
 * <ul>
 *   <li>{@code records.jsonl}: one JSON line per sample, appended and flushed;</li>
 *   <li>{@code state.safetensors}: the adapting state (weights, optimizer, stream position, and
 *       offline TTT's adaptation losses) every N samples, at the end of each segment and when
 *       stopped; a resumed run truncates the records to that state and continues, so no record is
 *       lost or duplicated;</li>
 *   <li>{@code holdout.jsonl}: optionally, every N samples and at the end of each segment, the
 *       accuracy of the current weights on held-out samples of the segment's shift (predictions
 *       only: it never trains).</li>
 * </ul>
 */
public final class Evaluation {

  /**
   * One line of records.jsonl. {@code confidences} (the softmax probability of each prediction) is
   * null in records written before it was recorded. {@code image} is the index in the clean
   * dataset of the sample's image (see {@link Streams}): null in records written before it was
   * recorded, and for samples not made from a dataset image.
   */
  public record Record(int segment, int position, String corruption, int severity, int label,
      int[] predictions, float[] losses, double seconds, float[] confidences, Integer image) {

    /** A record without confidences or image index (as older runs wrote them). */
    public Record(int segment, int position, String corruption, int severity, int label,
        int[] predictions, float[] losses, double seconds) {
      this(segment, position, corruption, severity, label, predictions, losses, seconds, null,
          null);
    }

    /** A record without an image index. */
    public Record(int segment, int position, String corruption, int severity, int label,
        int[] predictions, float[] losses, double seconds, float[] confidences) {
      this(segment, position, corruption, severity, label, predictions, losses, seconds,
          confidences, null);
    }

    public boolean correct() {
      return predictions[predictions.length - 1] == label;
    }

    /** The same record, in segment {@code newSegment} (runs pooled from shards renumber them). */
    public Record inSegment(int newSegment) {
      return new Record(newSegment, position, corruption, severity, label, predictions, losses,
          seconds, confidences, image);
    }

    /** The sample's prediction, without the segment (what a strategy emitted). */
    public Prediction prediction() {
      return new Prediction(position, corruption, severity, label, predictions, losses, seconds,
          confidences, image);
    }

    /** Value equality: the segment, and the rest as {@link Prediction#equals} (arrays by content). */
    @Override
    public boolean equals(Object o) {
      return o instanceof Record r && segment == r.segment && prediction().equals(r.prediction());
    }

    @Override
    public int hashCode() {
      return 31 * segment + prediction().hashCode();
    }

    /** The record's fields, the arrays by their contents (not {@code [I@40005471}). */
    @Override
    public String toString() {
      String fields = prediction().toString();                  // "Prediction[position=..."
      return "Record[segment=" + segment + ", " + fields.substring(fields.indexOf('[') + 1);
    }
  }

  /** One line of holdout.jsonl: held-out accuracy after {@code seen} samples of a segment. */
  public record HoldoutRecord(int segment, String corruption, int seen, int records, int correct,
      int total, double top1) {

    /** The same measurement, in segment {@code newSegment}. */
    public HoldoutRecord inSegment(int newSegment) {
      return new HoldoutRecord(newSegment, corruption, seen, records, correct, total, top1);
    }
  }

  /**
   * How a run is kept.
   *
   * @param dir the run folder
   * @param checkpointEvery samples between adapting-state checkpoints (0: only at segment ends)
   * @param resume continue from the folder's state instead of starting over
   * @param stop polled after every sample: true writes a checkpoint and returns early (Ctrl-C)
   * @param holdoutEvery samples between held-out measurements, also made at each segment's end
   *     (0: none)
   * @param holdout per segment, the held-out samples (empty when none)
   * @param kept on resume, sees the records kept from before the stop, before any new one (so a
   *     progress display can start where the run stopped)
   */
  public record Options(Path dir, int checkpointEvery, boolean resume, BooleanSupplier stop,
      int holdoutEvery, List<List<Sample>> holdout, Consumer<List<Record>> kept) {

    public Options {
      if (checkpointEvery < 0 || holdoutEvery < 0) {
        throw new IllegalArgumentException("checkpoint and held-out intervals must be >= 0");
      }
      holdout = List.copyOf(holdout);
    }

    /** Records only: a checkpoint at the end of each segment, no held-out checks, no resume. */
    public static Options records(Path dir) {
      return new Options(dir, 0, false, () -> false, 0, List.of(), k -> { });
    }
  }

  /** What a run produced; {@code complete} is false when it was stopped early. */
  public record Outcome(List<Record> records, List<HoldoutRecord> holdout, boolean complete) {}

  private static final String RECORDS = "records.jsonl";
  private static final String HOLDOUT = "holdout.jsonl";

  private Evaluation() {}

  /**
   * Runs every segment into {@code dir} (created when missing), resetting the adapter before each,
   * and returns the records; {@code progress} sees each record. The run starts over: a {@code
   * records.jsonl} already in {@code dir} is replaced. The folder is locked meanwhile.
   */
  public static List<Record> run(List<List<Sample>> segments, Strategy strategy, Adapter adapter,
      Path dir, Consumer<Record> progress) {
    return run(segments, strategy, adapter, Options.records(dir), progress).records();
  }

  /**
   * Runs (or resumes) the stream as {@code o} says; {@code progress} sees each new record. The run
   * folder is locked meanwhile: a second job on it fails at once and writes nothing.
   */
  public static Outcome run(List<List<Sample>> segments, Strategy strategy, Adapter adapter,
      Options o, Consumer<Record> progress) {
    try (FolderLock lock = FolderLock.acquire(o.dir())) {
      return runLocked(segments, strategy, adapter, o, progress);
    }
  }

  /**
   * The same, for a caller that already holds the run folder's lock: `ttt4j eval` takes it before
   * it writes the manifest, so that a second job on the folder changes nothing at all.
   */
  public static Outcome run(FolderLock held, List<List<Sample>> segments, Strategy strategy,
      Adapter adapter, Options o, Consumer<Record> progress) {
    held.requireFor(o.dir());
    return runLocked(segments, strategy, adapter, o, progress);
  }

  private static Outcome runLocked(List<List<Sample>> segments, Strategy strategy,
      Adapter adapter, Options o, Consumer<Record> progress) {
    if (!o.holdout().isEmpty() && o.holdout().size() != segments.size()) {
      throw new IllegalArgumentException("held-out sets: " + o.holdout().size() + " for "
          + segments.size() + " segments");
    }
    Path records = o.dir().resolve(RECORDS);
    Path holdoutFile = o.dir().resolve(HOLDOUT);
    Path state = o.dir().resolve(TrainState.FILE);
    Position start = new Position(0, 0, 0);
    if (o.resume() && Files.isRegularFile(state)) {
      Map<String, String> meta = AdapterState.restore(adapter, state);
      if (!strategy.id().equals(meta.get("strategy"))) {
        throw new IllegalArgumentException(state + " was written by strategy "
            + meta.get("strategy") + ", not " + strategy.id() + "; resume with the same options");
      }
      start = new Position(Integer.parseInt(meta.get("segment")),
          Integer.parseInt(meta.get("index")), Integer.parseInt(meta.get("records")));
    }
    List<Record> all = new ArrayList<>(readPrefix(records, start.records(), Record.class));
    if (o.resume()) {
      o.kept().accept(List.copyOf(all));
    }
    List<HoldoutRecord> held = new ArrayList<>(readPrefix(holdoutFile, Integer.MAX_VALUE,
        HoldoutRecord.class));
    // keep the measurements the resumed loop will not make again: those of earlier segments,
    // and within the segment it resumes in, those up to its position; a segment it starts
    // from 0 is measured again at 0 (the stop came at its boundary)
    boolean segmentDone = start.segment() < segments.size()
        && start.index() >= segments.get(start.segment()).size();
    final int resumeSegment = segmentDone ? start.segment() + 1 : start.segment();
    final int resumeIndex = segmentDone ? 0 : start.index();
    held.removeIf(h -> h.segment() > resumeSegment
        || (h.segment() == resumeSegment && (resumeIndex == 0 || h.seen() > resumeIndex)));
    rewrite(records, all);
    boolean holding = o.holdoutEvery() > 0 && !o.holdout().isEmpty();
    if (holding || Files.exists(holdoutFile)) {
      rewrite(holdoutFile, held);
    }
    try (BufferedWriter w = append(records);
        BufferedWriter hw = holding ? append(holdoutFile)
            : new BufferedWriter(Writer.nullWriter())) {
      for (int seg = start.segment(); seg < segments.size(); seg++) {
        List<Sample> stream = segments.get(seg);
        int from = seg == start.segment() ? start.index() : 0;
        if (from >= stream.size()) {
          continue;
        }
        List<Sample> holdout = o.holdout().isEmpty() ? List.of() : o.holdout().get(seg);
        if (from == 0) {
          adapter.reset();
          if (holding) {
            held.add(measure(adapter, holdout, seg, 0, all.size(), hw, holdoutFile));
          }
        }
        int segment = seg;
        int[] index = {from};
        // a stop asked for before a segment's first record (offline TTT adapts on the whole
        // segment first) ends the run at once: nothing is checkpointed, so a resume starts the
        // segment again from the last state written, at the previous segment's end
        try (Adapter.Subscription c = adapter.observeSteps(sources -> {
          if (index[0] == 0 && o.stop().getAsBoolean()) {
            throw new Stopped();
          }
        })) {
          strategy.run(stream, from, adapter, p -> {
            Record r = toRecord(segment, p);
            writeLine(w, r, records);
            all.add(r);
            index[0]++;
            progress.accept(r);
            // every N samples, and once more at the segment's end: the weights it ends with
            if (holding && (index[0] % o.holdoutEvery() == 0 || index[0] == stream.size())) {
              held.add(measure(adapter, holdout, segment, index[0], all.size(), hw,
                  holdoutFile));
            }
            boolean stop = o.stop().getAsBoolean();
            if (stop || index[0] == stream.size()
                || (o.checkpointEvery() > 0 && all.size() % o.checkpointEvery() == 0)) {
              checkpoint(adapter, strategy, state, new Position(segment, index[0], all.size()));
            }
            if (stop) {
              throw new Stopped();
            }
          });
        } catch (Stopped s) {
          return new Outcome(all, held, false);
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write to " + o.dir() + ": " + e.getMessage(), e);
    }
    try {
      Files.deleteIfExists(state);     // complete: nothing left to resume
    } catch (IOException e) {
      throw new UncheckedIOException("cannot delete " + state + ": " + e.getMessage(), e);
    }
    return new Outcome(all, held, true);
  }

  /** Where a run stands: the next sample is {@code index} of {@code segment}. */
  private record Position(int segment, int index, int records) {}

  /** Thrown out of a strategy's loop to stop after a checkpoint. */
  private static final class Stopped extends RuntimeException {
    Stopped() {
      super(null, null, false, false);
    }
  }

  private static HoldoutRecord measure(Adapter adapter, List<Sample> holdout, int segment,
      int seen, int records, BufferedWriter w, Path file) {
    int correct = 0;
    for (int i = 0; i < holdout.size(); i += 256) {
      List<Sample> batch = holdout.subList(i, Math.min(holdout.size(), i + 256));
      List<Image> images = batch.stream().map(Sample::image).toList();
      int[] pred = adapter.predict(images);
      for (int j = 0; j < pred.length; j++) {
        correct += pred[j] == batch.get(j).label() ? 1 : 0;
      }
    }
    String shift = holdout.stream().map(s -> s.corruption() + ":" + s.severity()).distinct()
        .reduce((a, b) -> a + "+" + b).orElse("");
    HoldoutRecord h = new HoldoutRecord(segment, shift.length() > 60 ? "mixed" : shift, seen,
        records, correct, holdout.size(), (double) correct / holdout.size());
    writeLine(w, h, file);
    return h;
  }

  private static void checkpoint(Adapter adapter, Strategy strategy, Path file, Position p) {
    Map<String, String> meta = new LinkedHashMap<>();
    meta.put("strategy", strategy.id());
    meta.put("segment", Integer.toString(p.segment()));
    meta.put("index", Integer.toString(p.index()));
    meta.put("records", Integer.toString(p.records()));
    AdapterState.save(adapter, file, meta);
  }

  private static void writeLine(BufferedWriter w, Object value, Path file) {
    try {
      w.write(JsonFiles.toCompactJson(value));
      w.newLine();
      w.flush();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot append to " + file, e);
    }
  }

  /** The first {@code n} complete lines of a JSON-lines file (none when it does not exist). */
  private static <T> List<T> readPrefix(Path file, int n, Class<T> type) {
    List<T> out = new ArrayList<>();
    if (!Files.isRegularFile(file)) {
      return out;
    }
    try {
      for (String line : Files.readAllLines(file)) {
        if (out.size() == n || line.isBlank()) {
          break;
        }
        out.add(JsonFiles.fromJson(line, type));
      }
    } catch (IOException | RuntimeException e) {
      throw new IllegalArgumentException("cannot read " + file + " to resume (" + e.getMessage()
          + "); start the run again in a new folder", e);
    }
    if (out.size() < n && n != Integer.MAX_VALUE) {
      throw new IllegalArgumentException(file + " has " + out.size() + " records but its state "
          + "says " + n + "; the run folder was changed by hand: start again in a new folder");
    }
    return out;
  }

  /** Replaces {@code file} atomically with these lines. */
  private static void rewrite(Path file, List<?> lines) {
    StringBuilder sb = new StringBuilder();
    lines.forEach(l -> sb.append(JsonFiles.toCompactJson(l)).append('\n'));
    AtomicFiles.writeString(file, sb.toString());
  }

  private static BufferedWriter append(Path file) throws IOException {
    Files.createDirectories(file.toAbsolutePath().getParent());
    return Files.newBufferedWriter(file, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
  }

  static Record toRecord(int segment, Prediction p) {
    return new Record(segment, p.position(), p.corruption(), p.severity(), p.label(),
        p.predictions(), p.losses(), p.seconds(), p.confidences(), p.image());
  }
}
