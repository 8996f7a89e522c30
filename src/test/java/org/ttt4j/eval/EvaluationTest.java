package org.ttt4j.eval;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDManager;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.ttt4j.data.Image;
import org.ttt4j.model.MaeConfig;
import org.ttt4j.model.YShapedVit;
import org.ttt4j.ttt.Adapter;
import org.ttt4j.ttt.Sample;
import org.ttt4j.ttt.Strategy;
import org.ttt4j.ttt.TttConfig;

/** Resuming a stopped or killed run, and held-out checks that never train. */
class EvaluationTest {

  @TempDir Path dir;

  /** Two segments of random 28x28 images (a separate-corruptions run in miniature). */
  static List<List<Sample>> segments(int perSegment) {
    Random rng = new Random(4);
    List<List<Sample>> out = new ArrayList<>();
    for (int seg = 0; seg < 2; seg++) {
      List<Sample> s = new ArrayList<>();
      for (int i = 0; i < perSegment; i++) {
        byte[] px = new byte[784];
        rng.nextBytes(px);
        s.add(new Sample(i, new Image(28, 28, 1, px), rng.nextInt(10), "c" + seg, 5));
      }
      out.add(s);
    }
    return out;
  }

  interface Body {
    Evaluation.Outcome run(Adapter adapter);
  }

  /** A fresh model and adapter per call, as a new process would have. */
  static Evaluation.Outcome withAdapter(Body body) {
    try (NDManager m = NDManager.newBaseManager();
        YShapedVit model = YShapedVit.create(MaeConfig.micro(), m, 5);
        Adapter adapter = new Adapter(model, TttConfig.paperDefaults(0.05, 3, 3))) {
      return body.run(adapter);
    }
  }

  static Evaluation.Options options(Path run, int every, boolean resume, int stopAt,
      AtomicInteger seen) {
    return options(run, every, resume, stopAt, seen, k -> { });
  }

  static Evaluation.Options options(Path run, int every, boolean resume, int stopAt,
      AtomicInteger seen, java.util.function.Consumer<List<Evaluation.Record>> kept) {
    return new Evaluation.Options(run, every, resume, () -> stopAt > 0 && seen.get() >= stopAt, 0,
        List.of(), kept);
  }

  /** Everything a record holds but its wall time. */
  static void assertSameRecords(List<Evaluation.Record> a, List<Evaluation.Record> b) {
    assertEquals(a.size(), b.size());
    for (int i = 0; i < a.size(); i++) {
      Evaluation.Record x = a.get(i);
      Evaluation.Record y = b.get(i);
      String at = "record " + i;
      assertEquals(x.segment(), y.segment(), at);
      assertEquals(x.position(), y.position(), at);
      assertEquals(x.corruption(), y.corruption(), at);
      assertEquals(x.label(), y.label(), at);
      assertArrayEquals(x.predictions(), y.predictions(), at);
      assertArrayEquals(x.losses(), y.losses(), at);
      assertArrayEquals(x.confidences(), y.confidences(), at);
      assertEquals(x.image(), y.image(), at);
    }
  }

  /** Every record holds the MAE loss of each step taken for it: {@code n} of them. */
  static void assertLossesPerRecord(int n, List<Evaluation.Record> records) {
    for (Evaluation.Record r : records) {
      assertEquals(n, r.losses().length, "losses of record " + r.segment() + "/" + r.position());
    }
  }

  static List<Evaluation.Record> fromFile(Path run) throws Exception {
    List<Evaluation.Record> out = new ArrayList<>();
    for (String line : Files.readAllLines(run.resolve("records.jsonl"))) {
      out.add(org.ttt4j.provenance.JsonFiles.fromJson(line, Evaluation.Record.class));
    }
    return out;
  }

  void stoppedAndResumedEqualsStraight(Strategy strategy, int stopAt, int lossesPerRecord)
      throws Exception {
    List<List<Sample>> segs = segments(6);
    Path straight = dir.resolve(strategy.id() + "-straight");
    Evaluation.Outcome full = withAdapter(a -> Evaluation.run(segs, strategy, a,
        options(straight, 4, false, 0, new AtomicInteger()), r -> { }));
    assertTrue(full.complete());
    assertLossesPerRecord(lossesPerRecord, full.records());
    assertFalse(Files.exists(straight.resolve("state.safetensors")), "no state left when done");

    Path split = dir.resolve(strategy.id() + "-split");
    AtomicInteger seen = new AtomicInteger();
    Evaluation.Outcome first = withAdapter(a -> Evaluation.run(segs, strategy, a,
        options(split, 4, false, stopAt, seen), r -> seen.incrementAndGet()));
    assertFalse(first.complete());
    assertEquals(stopAt, first.records().size());
    assertTrue(Files.exists(split.resolve("state.safetensors")));
    List<List<Evaluation.Record>> kept = new ArrayList<>();
    AtomicInteger fresh = new AtomicInteger();
    Evaluation.Outcome second = withAdapter(a -> Evaluation.run(segs, strategy, a,
        options(split, 4, true, 0, new AtomicInteger(), k -> {
          assertEquals(0, fresh.get(), "the kept records come before any new one");
          kept.add(k);
        }), r -> fresh.incrementAndGet()));
    assertTrue(second.complete());
    assertEquals(1, kept.size(), "the resume reports its kept records once");
    assertSameRecords(first.records(), kept.get(0));
    assertEquals(full.records().size() - kept.get(0).size(), fresh.get(),
        "progress sees only the records the resume adds to the kept ones");
    assertSameRecords(full.records(), second.records());
    assertSameRecords(full.records(), fromFile(split));
  }

  @Test
  void aRunFolderInUseByAnotherJobIsRefusedAndLeftAsItWas() throws Exception {
    List<List<Sample>> segs = segments(2);
    Path run = dir.resolve("busy");
    try (org.ttt4j.provenance.FolderLock held = org.ttt4j.provenance.FolderLock.acquire(run)) {
      IllegalStateException e = assertThrows(IllegalStateException.class, () -> withAdapter(a ->
          Evaluation.run(segs, new Strategy.Online(1, false), a,
              options(run, 4, true, 0, new AtomicInteger()), r -> { })));
      assertTrue(e.getMessage().contains("is being written by another ttt4j job"), e.getMessage());
    }
    assertFalse(Files.exists(run.resolve("records.jsonl")), "nothing written");
  }

  /** A run refused once its folder is locked leaves no folder where there was none. */
  @Test
  void aRefusedRunLeavesNoFolderBehind() {
    List<List<Sample>> segs = segments(2);
    Path run = dir.resolve("new/run");
    Evaluation.Options oneHeldOutSetForTwoSegments = new Evaluation.Options(run, 4, false,
        () -> false, 1, List.of(segs.get(0)), k -> { });
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> withAdapter(
        a -> Evaluation.run(segs, new Strategy.Online(1, false), a, oneHeldOutSetForTwoSegments,
            r -> { })));
    assertEquals("held-out sets: 1 for 2 segments", e.getMessage());
    assertFalse(Files.exists(dir.resolve("new")), "no folder, and no .lock in one");
  }

  @Test
  void onlineStoppedMidSegmentResumesExactly() throws Exception {
    stoppedAndResumedEqualsStraight(new Strategy.Online(2, false), 3, 2);
  }

  @Test
  void windowResumedRebuildsItsWindowFromTheStream() throws Exception {
    stoppedAndResumedEqualsStraight(new Strategy.Window(2, 1), 9, 1);
  }

  @Test
  void standardStoppedAtASegmentEndResumesExactly() throws Exception {
    stoppedAndResumedEqualsStraight(new Strategy.Standard(2), 6, 2);
  }

  @Test
  void offlineStoppedWhilePredictingResumesWithItsAdaptedWeightsAndLosses() throws Exception {
    // one loss per epoch: the resumed records take theirs from the saved state, not a new pass
    stoppedAndResumedEqualsStraight(new Strategy.Offline(2), 2, 2);
  }

  @Test
  void offlineStoppedWhilePredictingALaterSegmentResumesWithThatSegmentsLosses() throws Exception {
    stoppedAndResumedEqualsStraight(new Strategy.Offline(2), 8, 2);
  }

  @Test
  void anOfflineStateSavedBeforeLossesWereKeptStillResumesWithEmptyLosses() throws Exception {
    Strategy offline = new Strategy.Offline(2);
    List<List<Sample>> segs = segments(6);
    Evaluation.Outcome full = withAdapter(a -> Evaluation.run(segs, offline, a,
        options(dir.resolve("straight"), 4, false, 0, new AtomicInteger()), r -> { }));
    Path split = dir.resolve("split");
    AtomicInteger seen = new AtomicInteger();
    withAdapter(a -> Evaluation.run(segs, offline, a, options(split, 4, false, 2, seen),
        r -> seen.incrementAndGet()));
    // the state as an earlier ttt4j wrote it: weights and optimizer, no adaptation losses
    Path state = split.resolve("state.safetensors");
    org.ttt4j.model.Safetensors.Contents c = org.ttt4j.model.Safetensors.read(state);
    java.util.Map<String, org.ttt4j.model.Safetensors.Tensor> tensors =
        new java.util.LinkedHashMap<>(c.tensors());
    assertTrue(tensors.remove("carried") != null, "the state keeps the losses");
    org.ttt4j.model.Safetensors.write(state, tensors, c.metadata());
    Evaluation.Outcome resumed = withAdapter(a -> Evaluation.run(segs, offline, a,
        options(split, 4, true, 0, new AtomicInteger()), r -> { }));
    assertTrue(resumed.complete());
    List<Evaluation.Record> rest = resumed.records().subList(2, 6);
    assertLossesPerRecord(0, rest);
    for (int i = 0; i < rest.size(); i++) {
      assertArrayEquals(full.records().get(2 + i).predictions(), rest.get(i).predictions());
    }
    assertSameRecords(full.records().subList(6, 12), resumed.records().subList(6, 12));
  }

  @Test
  void offlineStoppedWhileAdaptingStopsAtOnceAndResumesExactly() throws Exception {
    Strategy offline = new Strategy.Offline(1);
    List<List<Sample>> segs = segments(6);
    Path straight = dir.resolve("straight");
    Evaluation.Outcome full = withAdapter(a -> Evaluation.run(segs, offline, a,
        options(straight, 4, false, 0, new AtomicInteger()), r -> { }));
    assertLossesPerRecord(1, full.records());
    // Ctrl-C after the third adaptation step of the second segment (6 steps per segment)
    Path split = dir.resolve("split");
    AtomicInteger steps = new AtomicInteger();
    Evaluation.Outcome first = withAdapter(a -> {
      a.observeSteps(sources -> steps.incrementAndGet());
      return Evaluation.run(segs, offline, a, new Evaluation.Options(split, 4, false,
          () -> steps.get() >= 9, 0, List.of(), k -> { }), r -> { });
    });
    assertFalse(first.complete());
    assertEquals(9, steps.get(), "no step after the stop was asked for");
    assertEquals(6, first.records().size(), "only the first segment's records");
    Evaluation.Outcome second = withAdapter(a -> Evaluation.run(segs, offline, a,
        options(split, 4, true, 0, new AtomicInteger()), r -> { }));
    assertTrue(second.complete());
    assertSameRecords(full.records(), second.records());
    assertSameRecords(full.records(), fromFile(split));
  }

  /** {@link #segments} with each sample naming dataset image 10 + its position. */
  static List<List<Sample>> segmentsWithImages(int perSegment) {
    return segments(perSegment).stream().map(seg -> seg.stream().map(x -> new Sample(
        x.position(), x.image(), x.label(), x.corruption(), x.severity(), 10 + x.position()))
        .toList()).toList();
  }

  @Test
  void eachRecordNamesItsDatasetImage() throws Exception {
    List<List<Sample>> segs = segmentsWithImages(3);
    Path run = dir.resolve("images");
    withAdapter(a -> Evaluation.run(segs, new Strategy.Fixed(), a,
        options(run, 0, false, 0, new AtomicInteger()), r -> { }));
    List<String> lines = Files.readAllLines(run.resolve("records.jsonl"));
    assertEquals(6, lines.size());
    for (int i = 0; i < lines.size(); i++) {
      assertTrue(lines.get(i).contains("\"image\":" + (10 + i % 3)), lines.get(i));
    }
    assertEquals(List.of(10, 11, 12, 10, 11, 12),
        fromFile(run).stream().map(Evaluation.Record::image).toList());
  }

  @Test
  void aRunWhoseRecordsPredateTheImageFieldStillResumes() throws Exception {
    List<List<Sample>> segs = segmentsWithImages(6);
    Strategy online = new Strategy.Online(1, false);
    Evaluation.Outcome full = withAdapter(a -> Evaluation.run(segs, online, a,
        options(dir.resolve("straight"), 3, false, 0, new AtomicInteger()), r -> { }));
    Path run = dir.resolve("old");
    AtomicInteger seen = new AtomicInteger();
    withAdapter(a -> Evaluation.run(segs, online, a, options(run, 3, false, 4, seen),
        r -> seen.incrementAndGet()));
    Path records = run.resolve("records.jsonl");
    String old = Files.readString(records).replaceAll(",\"image\":\\d+", "");
    assertFalse(old.contains("image"), old);
    Files.writeString(records, old);                    // as a run of an older ttt4j wrote it
    Evaluation.Outcome resumed = withAdapter(a -> Evaluation.run(segs, online, a,
        options(run, 3, true, 0, new AtomicInteger()), r -> { }));
    assertTrue(resumed.complete());
    List<Evaluation.Record> back = fromFile(run);
    assertEquals(full.records().size(), back.size());
    for (int i = 0; i < back.size(); i++) {
      assertEquals(i < 4 ? null : full.records().get(i).image(), back.get(i).image(),
          "record " + i + ": kept as written, new ones with the field");
      assertArrayEquals(full.records().get(i).predictions(), back.get(i).predictions());
      assertArrayEquals(full.records().get(i).losses(), back.get(i).losses());
    }
  }

  @Test
  void aKilledRunDropsTheRecordsAfterItsLastCheckpointAndRedoesThem() throws Exception {
    List<List<Sample>> segs = segments(6);
    Strategy online = new Strategy.Online(1, false);
    Evaluation.Outcome full = withAdapter(a -> Evaluation.run(segs, online, a,
        options(dir.resolve("straight"), 3, false, 0, new AtomicInteger()), r -> { }));
    Path run = dir.resolve("killed");
    AtomicInteger seen = new AtomicInteger();
    Consumer<Evaluation.Record> dies = r -> {
      if (seen.incrementAndGet() == 5) {       // records 4 and 5 are on disk, the state is at 3
        throw new IllegalStateException("killed");
      }
    };
    assertThrows(IllegalStateException.class, () -> withAdapter(a -> Evaluation.run(segs, online,
        a, options(run, 3, false, 0, seen), dies)));
    assertEquals(5, Files.readAllLines(run.resolve("records.jsonl")).size());
    Evaluation.Outcome resumed = withAdapter(a -> Evaluation.run(segs, online, a,
        options(run, 3, true, 0, new AtomicInteger()), r -> { }));
    assertSameRecords(full.records(), resumed.records());
    assertSameRecords(full.records(), fromFile(run));
  }

  @Test
  void heldOutChecksNeverTrain() throws Exception {
    List<List<Sample>> segs = segments(6);
    List<List<Sample>> holdout = segments(4);
    Strategy online = new Strategy.Online(1, false);
    Evaluation.Outcome plain = withAdapter(a -> Evaluation.run(segs, online, a,
        options(dir.resolve("plain"), 0, false, 0, new AtomicInteger()), r -> { }));
    Path run = dir.resolve("held");
    Evaluation.Outcome held = withAdapter(a -> Evaluation.run(segs, online, a,
        new Evaluation.Options(run, 0, false, () -> false, 2, holdout, k -> { }), r -> { }));
    assertSameRecords(plain.records(), held.records());
    assertEquals(8, held.holdout().size(), "n = 0, 2, 4, 6 in each of 2 segments");
    assertEquals(8, Files.readAllLines(run.resolve("holdout.jsonl")).size());
    assertEquals(List.of(0, 2, 4, 6, 0, 2, 4, 6),
        held.holdout().stream().map(Evaluation.HoldoutRecord::seen).toList());
    assertTrue(held.holdout().stream().allMatch(h -> h.total() == 4));
    assertFalse(Files.exists(dir.resolve("plain").resolve("holdout.jsonl")));
  }

  @Test
  void aRunKilledJustAfterASegmentStartsKeepsOneHeldOutLinePerMeasurement() throws Exception {
    List<List<Sample>> segs = segments(6);
    List<List<Sample>> holdout = segments(4);
    Strategy online = new Strategy.Online(1, false);
    Evaluation.Outcome straight = withAdapter(a -> Evaluation.run(segs, online, a,
        new Evaluation.Options(dir.resolve("straight-held"), 0, false, () -> false, 2, holdout,
            k -> { }), r -> { }));
    Path run = dir.resolve("killed-held");
    AtomicInteger seen = new AtomicInteger();
    // dies on record 8, in segment 1: its n = 0 line is written, the last state is segment 0's end
    Consumer<Evaluation.Record> dies = r -> {
      if (seen.incrementAndGet() == 8) {
        throw new IllegalStateException("killed");
      }
    };
    assertThrows(IllegalStateException.class, () -> withAdapter(a -> Evaluation.run(segs, online,
        a, new Evaluation.Options(run, 0, false, () -> false, 2, holdout, k -> { }), dies)));
    Evaluation.Outcome resumed = withAdapter(a -> Evaluation.run(segs, online, a,
        new Evaluation.Options(run, 0, true, () -> false, 2, holdout, k -> { }), r -> { }));
    assertSameRecords(straight.records(), resumed.records());
    assertEquals(List.of(0, 2, 4, 6, 0, 2, 4, 6),
        resumed.holdout().stream().map(Evaluation.HoldoutRecord::seen).toList());
    assertEquals(8, Files.readAllLines(run.resolve("holdout.jsonl")).size(),
        "no measurement twice in the file");
  }

  @Test
  void heldOutAccuracyIsAlsoMeasuredOnTheWeightsASegmentEndsWith() throws Exception {
    List<List<Sample>> segs = segments(5);
    Path run = dir.resolve("held-end");
    Evaluation.Outcome held = withAdapter(a -> Evaluation.run(segs, new Strategy.Online(1, false),
        a, new Evaluation.Options(run, 0, false, () -> false, 2, segments(4), k -> { }),
        r -> { }));
    assertEquals(List.of(0, 2, 4, 5, 0, 2, 4, 5),
        held.holdout().stream().map(Evaluation.HoldoutRecord::seen).toList(),
        "5 samples every 2: n = 5 is the segment's last state");
  }
}
