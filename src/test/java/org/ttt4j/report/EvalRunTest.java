package org.ttt4j.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.ttt4j.eval.Evaluation;
import org.ttt4j.eval.Summary;

class EvalRunTest {

  @TempDir Path dir;

  @Test
  void truncatedLastLineIsSkippedAndEveryCompleteRecordKept() throws IOException {
    List<Evaluation.Record> records = RunFolders.records(List.of("fog"), 100, 1, 0.5, 1);
    Path file = RunFolders.writeRecords(dir, records);
    // a crash mid-write: half a line, no newline
    Files.writeString(file, "{\"segment\":0,\"position\":100,\"corrupt", StandardOpenOption.APPEND);

    EvalRun run = EvalRun.read(dir, "cut");

    assertEquals(100, run.records().size());
    assertEquals(1, run.skippedRecords());
    assertEquals(Summary.of("all", records).byCorruption().get("fog:5").correct(),
        Summary.of("read", run.records()).byCorruption().get("fog:5").correct(),
        "the complete records are read as written");
    assertEquals(1, run.warnings().stream()
        .filter(w -> w.contains("1 unreadable line (line 101: the last, cut short mid-write)")
            && w.contains("using the 100 complete records")).count(), run.warnings().toString());
  }

  @Test
  void blankLinesAreIgnoredAndForeignLinesSkippedWherever() throws IOException {
    Path file = RunFolders.writeRecords(dir, RunFolders.records(List.of("fog"), 3, 1, 0.5, 1));
    List<String> lines = Files.readAllLines(file);
    Files.write(file, List.of(lines.get(0), "", "{\"step\":12,\"loss\":0.5}", lines.get(1),
        lines.get(2), ""));

    EvalRun run = EvalRun.read(dir, "x");

    assertEquals(3, run.records().size());
    assertEquals(1, run.skippedRecords());
    assertTrue(run.warnings().get(0).contains("line 3: not a Record (fields missing)"),
        run.warnings().toString());
  }

  @Test
  void recordsWithNoCompleteLineAreAnErrorNamingTheFile() throws IOException {
    Files.writeString(dir.resolve("records.jsonl"), "{\"segment\":0,\"posi");

    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> EvalRun.read(dir, "x"));

    assertTrue(e.getMessage().startsWith(dir.resolve("records.jsonl") + " holds no complete"
        + " record"), e.getMessage());
  }

  @Test
  void missingManifestIsAWarningNotAnError() {
    RunFolders.writeRecords(dir, RunFolders.records(List.of("fog"), 3, 1, 0.5, 1));

    EvalRun run = EvalRun.read(dir, "x");

    assertTrue(run.manifest().isEmpty());
    assertTrue(run.warnings().get(0).contains("no manifest.json"), run.warnings().toString());
    assertEquals("class 0", run.classNames().get(0), "without a manifest the dataset is unknown");
  }

  @Test
  void foreignFolderIsAnErrorSayingWhatItHoldsAndWhatWasExpected() throws IOException {
    RunFolders.writeManifest(dir, List.of("ttt4j", "train", "joint", "--out", "x"),
        java.util.Map.of());
    Files.writeString(dir.resolve("model.safetensors"), "");

    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> EvalRun.read(dir, "x"));

    assertTrue(e.getMessage().contains(dir + " is not a `ttt4j eval` run folder: it has no"
        + " records.jsonl (it holds manifest.json, model.safetensors; its manifest says it was"
        + " made by `ttt4j train joint`)"), e.getMessage());
  }
  @Test
  void shardsOfOneMethodPoolIntoOneRunWithTheirSegmentsKeptApart() {
    Path a = dir.resolve("a");
    Path b = dir.resolve("b");
    RunFolders.writeRecords(a, RunFolders.records(List.of("fog", "snow"), 4, 1, 0.5, 1));
    RunFolders.writeRecords(b, RunFolders.records(List.of("contrast"), 3, 1, 0.5, 2));
    RunFolders.writeHoldout(b, List.of(new Evaluation.HoldoutRecord(0, "contrast:5", 3, 3, 1, 2,
        0.5)));
    java.util.Map<String, Object> ttt = java.util.Map.of("ttt", java.util.Map.of("batch", 8));
    RunFolders.writeManifest(a, List.of("ttt4j", "eval"), ttt);
    RunFolders.writeManifest(b, List.of("ttt4j", "eval"), ttt);

    EvalRun pooled = EvalRun.pool("online", List.of(EvalRun.read(a, "x"), EvalRun.read(b, "x")));

    assertEquals("online", pooled.name());
    assertEquals(List.of(a, b), pooled.shards());
    assertTrue(pooled.manifest().orElseThrow().finished() != null, "both shards finished");
    assertEquals(11, pooled.records().size());
    assertEquals(List.of(0, 1, 2), pooled.records().stream().map(Evaluation.Record::segment)
        .distinct().toList(), "b's segment 0 follows a's segments 0 and 1");
    assertEquals(2, pooled.holdout().get(0).segment());
    assertEquals(List.of("fog:5", "snow:5", "contrast:5"),
        List.copyOf(Summary.of("online", pooled.records()).byCorruption().keySet()));
  }

  @Test
  void shardsThatOverlapOrDifferInSettingsDoNotPool() {
    Path a = dir.resolve("a");
    Path b = dir.resolve("b");
    Path c = dir.resolve("c");
    RunFolders.writeRecords(a, RunFolders.records(List.of("fog"), 4, 1, 0.5, 1));
    RunFolders.writeRecords(b, RunFolders.records(List.of("fog"), 2, 1, 0.5, 2));
    RunFolders.writeRecords(c, RunFolders.records(List.of("snow"), 2, 1, 0.5, 3));
    RunFolders.writeManifest(a, List.of("ttt4j", "eval"),
        java.util.Map.of("ttt", java.util.Map.of("batch", 8)));
    RunFolders.writeManifest(c, List.of("ttt4j", "eval"),
        java.util.Map.of("ttt", java.util.Map.of("batch", 32)));

    IllegalArgumentException twice = assertThrows(IllegalArgumentException.class,
        () -> EvalRun.pool("x", List.of(EvalRun.read(a, "x"), EvalRun.read(b, "x"))));
    assertTrue(twice.getMessage().contains(a.toString()) && twice.getMessage().contains(
        b.toString()) && twice.getMessage().contains("fog:5 position 0"), twice.getMessage());
    IllegalArgumentException settings = assertThrows(IllegalArgumentException.class,
        () -> EvalRun.pool("x", List.of(EvalRun.read(a, "x"), EvalRun.read(c, "x"))));
    assertTrue(settings.getMessage().contains("differ in their ttt"), settings.getMessage());
  }

  /**
   * Two shards labelled "x" in folders a and b of two samples each (fog, snow), whose manifests
   * record {@code aTtt} and {@code bTtt} as their ttt settings.
   */
  private List<EvalRun> twoShards(Map<String, Object> aTtt, Map<String, Object> bTtt) {
    Path a = dir.resolve("a");
    Path b = dir.resolve("b");
    RunFolders.writeRecords(a, RunFolders.records(List.of("fog"), 2, 1, 0.5, 1));
    RunFolders.writeRecords(b, RunFolders.records(List.of("snow"), 2, 1, 0.5, 2));
    RunFolders.writeManifest(a, List.of("ttt4j", "eval"), Map.of("ttt", aTtt));
    RunFolders.writeManifest(b, List.of("ttt4j", "eval"), Map.of("ttt", bTtt));
    return List.of(EvalRun.read(a, "x"), EvalRun.read(b, "x"));
  }

  @Test
  void shardsWhoseManifestsWriteOneNumberTwoWaysPool() {
    // a manifest read and written again by a ttt4j before integers kept their form holds 8.0
    // where a new run's holds 8: the same setting, so the shards pool
    EvalRun pooled = EvalRun.pool("x", twoShards(Map.of("batch", 8.0), Map.of("batch", 8)));

    assertEquals(4, pooled.records().size());
  }

  @Test
  void shardsThatDifferAreRefusedNamingTheSettingThatDiffersNotOneNumberWrittenTwoWays() {
    // an old manifest's 8.0 and a new one's 8 are one setting: the refusal names the lr alone,
    // printed as the manifests hold it, not the whole maps (where batch=8.0 against batch=8
    // reads as the difference)
    List<EvalRun> shards = twoShards(Map.of("batch", 8.0, "lr", 0.01),
        Map.of("batch", 8, "lr", 0.02));

    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> EvalRun.pool("x", shards));

    assertTrue(e.getMessage().contains("differ in their ttt (ttt.lr: 0.01 in " + dir.resolve("a")
        + ", 0.02 in " + dir.resolve("b") + ")"), e.getMessage());
    assertFalse(e.getMessage().contains("batch"), e.getMessage());
  }

  @Test
  void aFinishedRunWithFewerRecordsThanItsManifestCountsSaysRecordsAreMissing() {
    // records.jsonl cut at a line boundary (a copy stopped short): every line parses, so only
    // the manifest's count tells that half the run is gone
    RunFolders.writeRecords(dir, RunFolders.records(List.of("fog", "contrast"), 30, 1, 0.5, 1)
        .subList(0, 30));
    RunFolders.manifest(List.of("ttt4j", "eval"), Map.of(), Map.of("source", "fashion-mnist"), 1)
        .withMetrics(Map.of("samples", 60, "mean_top1", 0.5)).write(dir.resolve("manifest.json"));

    EvalRun run = EvalRun.read(dir, "cut");

    assertEquals(30, run.records().size());
    assertTrue(run.warnings().stream().anyMatch(w -> w.contains("holds 30 complete records, but"
        + " manifest.json says the run finished after 60 samples: 30 records are missing")),
        run.warnings().toString());
  }

  @Test
  void oneMissingRecordIsNamedInTheSingular() {
    RunFolders.writeRecords(dir, RunFolders.records(List.of("fog"), 30, 1, 0.5, 1)
        .subList(0, 29));
    RunFolders.manifest(List.of("ttt4j", "eval"), Map.of(), Map.of("source", "fashion-mnist"), 1)
        .withMetrics(Map.of("samples", 30)).write(dir.resolve("manifest.json"));

    EvalRun run = EvalRun.read(dir, "cut");

    assertTrue(run.warnings().stream().anyMatch(w -> w.contains("finished after 30 samples: 1"
        + " record is missing")), run.warnings().toString());
  }

  @Test
  void aCompleteRunHasNoMissingRecordsWarning() {
    RunFolders.writeRecords(dir, RunFolders.records(List.of("fog"), 30, 1, 0.5, 1));
    RunFolders.manifest(List.of("ttt4j", "eval"), Map.of(), Map.of("source", "fashion-mnist"), 1)
        .withMetrics(Map.of("samples", 30)).write(dir.resolve("manifest.json"));

    assertEquals(List.of(), EvalRun.read(dir, "whole").warnings());
  }

  @Test
  void classFolderDataIsNamedByItsFolders() throws IOException {
    // a class-folder dataset: labels are the sorted folder positions, names the folder names
    Path data = dir.resolve("data");
    for (String c : List.of("cat", "dog", "emu")) {
      Path folder = Files.createDirectories(data.resolve("test").resolve(c));
      javax.imageio.ImageIO.write(new java.awt.image.BufferedImage(4, 4,
          java.awt.image.BufferedImage.TYPE_BYTE_GRAY), "png", folder.resolve("0.png").toFile());
    }
    Path run = dir.resolve("run");
    RunFolders.writeRecords(run, List.of(
        new Evaluation.Record(0, 0, "fog", 5, 0, new int[] {0}, new float[0], 0.1),
        new Evaluation.Record(0, 1, "fog", 5, 2, new int[] {1}, new float[0], 0.1)));
    RunFolders.manifest(List.of("ttt4j", "eval"), Map.of(), Map.of("source", data.toString(),
        "split", "test"), 1).write(run.resolve("manifest.json"));

    assertEquals(List.of("cat", "dog", "emu"), EvalRun.read(run, "r").classNames());
    assertEquals(List.of("class 0", "class 1"), ClassNames.complete(List.of("0", "1"), 2),
        "a name that is only the label's number says nothing more");
  }

  @Test
  void classNamesRecordedInTheManifestNameClassesWhoseDataIsGone() {
    // the run's data folder was moved or deleted since: the manifest's names still hold
    Path run = dir.resolve("run");
    RunFolders.writeRecords(run, List.of(
        new Evaluation.Record(0, 0, "fog", 5, 0, new int[] {0}, new float[0], 0.1),
        new Evaluation.Record(0, 1, "fog", 5, 2, new int[] {1}, new float[0], 0.1)));
    RunFolders.manifest(List.of("ttt4j", "eval"), Map.of(), Map.of("source",
        dir.resolve("gone").toString(), "split", "test",
        "class_names", "[\"cat\",\"dog\",\"emu\"]"), 1).write(run.resolve("manifest.json"));

    assertEquals(List.of("cat", "dog", "emu"), EvalRun.read(run, "r").classNames());
  }

  @Test
  void unreadableClassNamesInTheManifestFallBackToTheData() {
    Path run = dir.resolve("run");
    RunFolders.writeRecords(run, List.of(
        new Evaluation.Record(0, 0, "fog", 5, 1, new int[] {0}, new float[0], 0.1)));
    RunFolders.manifest(List.of("ttt4j", "eval"), Map.of(), Map.of("source", "fashion-mnist",
        "class_names", "{not a list"), 1).write(run.resolve("manifest.json"));

    assertEquals(List.of("T-shirt/top", "Trouser"),
        EvalRun.read(run, "r").classNames().subList(0, 2));
  }

  @Test
  void runsOnDifferentSplitsOrModelsAreNamed() {
    Path a = dir.resolve("a");
    Path b = dir.resolve("b");
    for (Path p : List.of(a, b)) {
      RunFolders.writeRecords(p, RunFolders.records(List.of("fog"), 5, 1, 0.5, 1));
    }
    RunFolders.manifest(List.of("ttt4j", "eval"), Map.of("model", "m1.safetensors"),
        Map.of("source", "fashion-mnist", "split", "test"), 1).write(a.resolve("manifest.json"));
    RunFolders.manifest(List.of("ttt4j", "eval"), Map.of("model", "m2.safetensors"),
        Map.of("source", "fashion-mnist", "split", "validation"), 1)
        .write(b.resolve("manifest.json"));

    List<String> d = EvalRun.differences(List.of(EvalRun.read(a, "a"), EvalRun.read(b, "b")));

    assertEquals(2, d.size(), d.toString());
    assertTrue(d.get(0).startsWith("The runs were made on different splits (a: test; b:"
        + " validation)"), d.get(0));
    assertTrue(d.get(1).startsWith("The runs are of different models (a: m1.safetensors; b:"
        + " m2.safetensors)"), d.get(1));
    assertEquals(List.of(), EvalRun.differences(List.of(EvalRun.read(a, "a"),
        EvalRun.read(a, "a2"))), "the same run twice differs in nothing");
  }

  @Test
  void theSameModelNamedTwoWaysIsOneModel() {
    Path a = dir.resolve("a");
    Path b = dir.resolve("b");
    for (Path p : List.of(a, b)) {
      RunFolders.writeRecords(p, RunFolders.records(List.of("fog"), 5, 1, 0.5, 1));
    }
    RunFolders.manifest(List.of("ttt4j", "eval"), Map.of("model", "m.safetensors",
        "modelFile", "/srv/models/m.safetensors"), Map.of("source", "fashion-mnist"), 1)
        .write(a.resolve("manifest.json"));
    RunFolders.manifest(List.of("ttt4j", "eval"), Map.of("model", "./m.safetensors",
        "modelFile", "/srv/models/m.safetensors"), Map.of("source", "fashion-mnist"), 1)
        .write(b.resolve("manifest.json"));

    assertEquals(List.of(), EvalRun.differences(List.of(EvalRun.read(a, "a"),
        EvalRun.read(b, "b"))), "m and ./m, started from one folder, are the same file");
  }
}
