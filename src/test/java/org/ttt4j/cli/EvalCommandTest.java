package org.ttt4j.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDManager;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.ttt4j.eval.Evaluation;
import org.ttt4j.model.Checkpoint;
import org.ttt4j.model.MaeConfig;
import org.ttt4j.model.YShapedVit;
import org.ttt4j.provenance.JsonFiles;

class EvalCommandTest {

  @TempDir Path dir;
  @org.junit.jupiter.api.extension.RegisterExtension final CapturedConsole console =
      new CapturedConsole();

  /** A micro-preset checkpoint in the test folder. */
  private Path microModel() {
    Path model = dir.resolve("m.safetensors");
    try (NDManager m = NDManager.newBaseManager();
        YShapedVit vit = YShapedVit.create(MaeConfig.micro(), m, 1)) {
      Checkpoint.save(vit, model, Map.of());
    }
    return model;
  }

  /**
   * Writes the manifest of the micro model's run ({@link #microModel}'s folder), saying it held
   * out {@code held} Fashion-MNIST training images ({@code data.validation_images}).
   */
  private void modelHeldOut(String held) throws java.io.IOException {
    Files.writeString(dir.resolve("manifest.json"), "{\"tool\": \"ttt4j 0.1.0\", \"data\":"
        + " {\"source\": \"fashion-mnist\", \"validation_images\": \"" + held + "\"}}\n");
  }

  /** The fixed {@code model} on the first 2 fog images of the validation split, into {@code run}. */
  private void fixedOnSplitVal(Path model, Path run) {
    assertEquals(0, Main.execute("eval", "--model", model.toString(), "--strategy", "fixed",
        "--corruptions", "fog", "--samples", "2", "--split", "val", "--out", run.toString()),
        err());
  }

  /** Leaves the finished eval {@code run} as one stopped after its first record. */
  private static void stopAfterFirstRecord(Path run) throws java.io.IOException {
    Path manifestFile = run.resolve("manifest.json");
    Files.writeString(manifestFile, Files.readString(manifestFile)
        .replaceAll("\"finished\": \"[^\"]*\",", ""));
    Files.write(run.resolve("records.jsonl"), Files.readAllLines(run.resolve("records.jsonl"))
        .subList(0, 1));
  }

  @Test
  void writesOneRecordPerSampleWithOnePredictionPerStepAndASummary() throws Exception {
    Path model = microModel();
    Path run = dir.resolve("run");
    assertEquals(0, Main.execute("eval", "--model", model.toString(), "--strategy", "standard",
        "--steps", "2", "--batch", "2", "--corruptions", "fog,contrast", "--samples", "3",
        "--out", run.toString()));
    List<String> lines = Files.readAllLines(run.resolve("records.jsonl"));
    assertEquals(6, lines.size(), "3 samples x 2 separate corruptions");
    Evaluation.Record r = JsonFiles.fromJson(lines.get(0), Evaluation.Record.class);
    assertEquals(3, r.predictions().length, "steps 0, 1, 2");
    assertEquals(2, r.losses().length);
    assertEquals("fog", r.corruption());
    String summary = Files.readString(run.resolve("summary.md"));
    assertTrue(summary.contains("fog:5") && summary.contains("contrast:5"), summary);
    assertTrue(Files.readString(run.resolve("manifest.json")).contains("mean_top1"));
    assertTrue(Files.readString(run.resolve("manifest.json")).contains("standard-k2"),
        "the manifest names the strategy that ran");
  }

  @Test
  void anOutThatIsAFileIsAUsageErrorSayingSo() throws Exception {
    Path file = Files.writeString(dir.resolve("notes.txt"), "x");
    assertEquals(2, Main.execute("eval", "--strategy", "fixed", "--out", file.toString()));
    String err = console.err().toString(java.nio.charset.StandardCharsets.UTF_8);
    assertTrue(err.contains("--out " + file + " is a file, not a folder; give a new folder path"),
        err);
    assertEquals("x", Files.readString(file), "left as it was");
  }

  @Test
  void resumeRerunsTheOriginalCommandAndRefusesToOverwriteARun() throws Exception {
    Path model = microModel();
    Path run = dir.resolve("run");
    String[] args = {"eval", "--model", model.toString(), "--strategy", "online", "--batch", "2",
        "--corruptions", "fog", "--samples", "4", "--split", "val", "--val", "50",
        "--holdout-every", "2", "--holdout", "3", "--checkpoint-every", "2", "--out",
        run.toString()};
    assertEquals(0, Main.execute(args));
    List<String> straight = Files.readAllLines(run.resolve("records.jsonl"));
    assertEquals(4, straight.size());
    assertEquals(3, Files.readAllLines(run.resolve("holdout.jsonl")).size(), "n = 0, 2, 4");
    String manifest = Files.readString(run.resolve("manifest.json"));
    assertTrue(manifest.contains("the last 50 training images"), manifest);
    assertEquals(2, Main.execute(args), "a second run into the same folder is refused");
    assertEquals(0, Main.execute("eval", "--resume", run.toString()), "complete: nothing to do");

    // An interrupted run, as a crash before its first checkpoint leaves it: resume redoes it all.
    Files.writeString(run.resolve("manifest.json"), manifest.replaceAll("\"finished\": \"[^\"]*\",", ""));
    Files.write(run.resolve("records.jsonl"), straight.subList(0, 1));
    assertEquals(0, Main.execute("eval", "--resume", run.toString()));
    List<String> resumed = Files.readAllLines(run.resolve("records.jsonl"));
    assertEquals(straight.size(), resumed.size());
    for (int i = 0; i < straight.size(); i++) {
      assertEquals(straight.get(i).replaceAll("\"seconds\":[^,}]*", ""),
          resumed.get(i).replaceAll("\"seconds\":[^,}]*", ""), "record " + i);
    }

    // A run whose manifest recorded other settings than its command line gives today (a default
    // changed in between) is not continued with the new ones.
    String unfinished = manifest.replaceAll("\"finished\": \"[^\"]*\",", "");
    assertTrue(unfinished.contains("\"lr\": 0.01"), unfinished);
    Files.writeString(run.resolve("manifest.json"), unfinished.replace("\"lr\": 0.01",
        "\"lr\": 0.003"));
    Files.write(run.resolve("records.jsonl"), straight.subList(0, 1));
    Map<String, String> before = FolderContents.of(run);
    assertFalse(before.containsKey(".lock"), "the runs before left no .lock: " + before);
    assertEquals(1, Main.execute("eval", "--resume", run.toString()));
    assertTrue(console.err().toString(java.nio.charset.StandardCharsets.UTF_8)
        .contains("a default changed since the run started"));
    assertEquals(1, Files.readAllLines(run.resolve("records.jsonl")).size(), "nothing appended");
    assertEquals(before, FolderContents.of(run), "refused under its lock, left as it was");
  }

  @Test
  void aRunFolderAnotherJobIsWritingIsLeftExactlyAsItWas() throws Exception {
    Path model = microModel();
    Path run = dir.resolve("run");
    String[] args = {"eval", "--model", model.toString(), "--strategy", "online", "--batch", "2",
        "--corruptions", "fog", "--samples", "2", "--out", run.toString()};
    assertEquals(0, Main.execute(args));
    // an unfinished run that a job still writes: its lock is held (here, by this test)
    Path manifestFile = run.resolve("manifest.json");
    Files.writeString(manifestFile,
        Files.readString(manifestFile).replaceAll("\"finished\": \"[^\"]*\",", ""));
    Files.write(run.resolve("records.jsonl"), Files.readAllLines(run.resolve("records.jsonl"))
        .subList(0, 1));
    byte[] manifest = Files.readAllBytes(manifestFile);
    byte[] records = Files.readAllBytes(run.resolve("records.jsonl"));
    try (org.ttt4j.provenance.FolderLock busy = org.ttt4j.provenance.FolderLock.acquire(run)) {
      assertEquals(1, Main.execute("eval", "--resume", run.toString()));
      assertTrue(console.err().toString(java.nio.charset.StandardCharsets.UTF_8)
          .contains("is being written by another ttt4j job"));
      assertArrayEquals(manifest, Files.readAllBytes(manifestFile), "manifest rewritten");
      assertArrayEquals(records, Files.readAllBytes(run.resolve("records.jsonl")));
      // the same folder as a new run finds it before the running job's first record
      Files.delete(run.resolve("records.jsonl"));
      assertEquals(1, Main.execute(args), "a second new run into the folder");
    }
    assertArrayEquals(manifest, Files.readAllBytes(manifestFile),
        "the manifest of the job that holds the folder is not rewritten");
    assertFalse(Files.exists(run.resolve("records.jsonl")), "nor a record written");
  }

  @Test
  void stepsLearningRateAndMaskDefaultToTheValidatedRecipeOfEachStrategy() throws Exception {
    Path model = microModel();
    Path run = dir.resolve("standard");
    assertEquals(0, Main.execute("eval", "--model", model.toString(), "--strategy", "standard",
        "--corruptions", "fog", "--samples", "1", "--out", run.toString()));
    Evaluation.Record r = JsonFiles.fromJson(Files.readAllLines(run.resolve("records.jsonl"))
        .get(0), Evaluation.Record.class);
    assertEquals(21, r.predictions().length, "standard: K = 20 steps by default");
    assertTrue(console.err().toString(java.nio.charset.StandardCharsets.UTF_8).contains(
        "standard-k20 (20 steps per sample, reset after each): SGD lr 0.04 momentum 0.9, wd 0,"
        + " B=32, encoder adapts, mask 0.9, crop 0.35-1"),
        "the resolved settings are printed before the run");
    String manifest = Files.readString(run.resolve("manifest.json"));
    assertTrue(manifest.contains("\"lr\": 0.04") && manifest.contains("\"batch\": 32")
        && manifest.contains("\"steps\": 20") && manifest.contains("\"maskRatio\": 0.9"), manifest);
    Path window = dir.resolve("window");
    assertEquals(0, Main.execute("eval", "--model", model.toString(), "--strategy", "window",
        "--corruptions", "fog", "--samples", "1", "--out", window.toString()));
    String windowManifest = Files.readString(window.resolve("manifest.json"));
    assertTrue(windowManifest.contains("\"lr\": 0.01") && windowManifest.contains("\"batch\": 8"),
        "window: lr 1e-2 at B = 8, chosen on 1,000-image validation streams (tuning.md)");
    assertTrue(windowManifest.contains("\"maskRatio\": 0.75"), "window keeps MAE's mask ratio");
    Path offline = dir.resolve("offline");
    assertEquals(0, Main.execute("eval", "--model", model.toString(), "--strategy", "offline",
        "--corruptions", "fog", "--samples", "2", "--out", offline.toString()));
    String offlineManifest = Files.readString(offline.resolve("manifest.json"));
    assertTrue(offlineManifest.contains("\"lr\": 0.01") && offlineManifest.contains("\"batch\": 8")
        && offlineManifest.contains("\"maskRatio\": 0.75"),
        "offline: lr 1e-2 at B = 8, chosen on 1,000-image validation streams (tuning.md)");
    String bar = console.err().toString(java.nio.charset.StandardCharsets.UTF_8);
    assertTrue(bar.matches("(?s).*offline-e1 \\[#+\\] 100% 4/4 [0-9.]+ steps\\+predictions/s.*"),
        "offline's bar counts its adaptation steps (2) and its predictions (2)\n" + bar);
  }

  @Test
  void anUnknownOptimizerOrAdamWithoutALearningRateIsAUsageError() throws Exception {
    Path model = microModel();
    Path run = dir.resolve("adam");
    assertEquals(2, Main.execute("eval", "--model", model.toString(), "--strategy", "online",
        "--optimizer", "adam", "--corruptions", "fog", "--samples", "1", "--out", run.toString()));
    String err = console.err().toString(java.nio.charset.StandardCharsets.UTF_8);
    assertTrue(err.contains("unknown optimizer 'adam'; valid: sgd, adamw"), err);
    assertEquals(2, Main.execute("eval", "--model", model.toString(), "--strategy", "online",
        "--optimizer", "adamw", "--corruptions", "fog", "--samples", "1", "--out", run.toString()));
    err = console.err().toString(java.nio.charset.StandardCharsets.UTF_8);
    assertTrue(err.contains("--optimizer adamw needs --lr"), err);
    assertTrue(!Files.exists(run), "nothing written for a usage error");
    assertEquals(0, Main.execute("eval", "--model", model.toString(), "--strategy", "online",
        "--optimizer", "adamw", "--lr", "3e-5", "--batch", "2", "--corruptions", "fog",
        "--samples", "1", "--out", run.toString()));
    assertTrue(Files.readString(run.resolve("manifest.json")).contains("ADAMW"),
        "the manifest records the optimizer that ran");
  }

  @Test
  void aResumedOfflineBarCountsTheAdaptationOfEverySegmentItHasPredicted() {
    List<List<org.ttt4j.ttt.Sample>> segments = List.of(
        java.util.Collections.nCopies(3, (org.ttt4j.ttt.Sample) null),
        java.util.Collections.nCopies(2, (org.ttt4j.ttt.Sample) null));
    assertEquals(0, EvalCommand.unitsDone(segments, 2, 0), "nothing kept: all to do");
    assertEquals(3 * 2 + 1, EvalCommand.unitsDone(segments, 2, 1), "segment 0 adapted, 1 predicted");
    assertEquals(3 * 3, EvalCommand.unitsDone(segments, 2, 3), "segment 0 done");
    assertEquals(3 * 3 + 2 * 2 + 1, EvalCommand.unitsDone(segments, 2, 4));
    assertEquals(5, EvalCommand.unitsDone(segments, 0, 5), "other strategies: one unit a sample");
  }

  @Test
  void summaryCombinesRunsIntoOneTable() throws Exception {
    Path model = microModel();
    for (String strategy : new String[] {"fixed", "standard"}) {
      assertEquals(0, Main.execute("eval", "--model", model.toString(), "--strategy", strategy,
          "--steps", "2", "--batch", "2", "--corruptions", "fog,contrast", "--samples", "2",
          "--out", dir.resolve(strategy).toString()));
    }
    Path md = dir.resolve("table.md");
    assertEquals(0, Main.execute("summary", dir.resolve("fixed").toString(),
        dir.resolve("standard").toString(), "--label", "no TTT,standard K=2", "--out",
        md.toString()));
    String table = Files.readString(md);
    assertTrue(console.out().toString(java.nio.charset.StandardCharsets.UTF_8)
        .contains("| standard K=2 |"), "the table is printed too");
    assertTrue(table.contains("| no TTT |") && table.contains("| standard K=2 |"), table);
    assertTrue(table.contains("fog:5") && table.contains("| k=2 |"), table);
    assertTrue(Files.readString(dir.resolve("table.csv")).contains("standard K=2,contrast:5,"));
    assertEquals(0, Main.execute("summary", dir.resolve("fixed").toString(),
        dir.resolve("standard").toString(), "--paired"));
    assertTrue(console.out().toString(java.nio.charset.StandardCharsets.UTF_8)
        .contains("| standard − fixed | 4 |"), "paired on the 4 shared images");
    assertEquals(2, Main.execute("summary", dir.resolve("fixed").toString(), "--paired"),
        "one row has nothing to pair with");
    assertEquals(2, Main.execute("summary", dir.resolve("fixed").toString(), "--out",
        dir.resolve("t.csv").toString()), "--out names the Markdown, not the CSV");
    assertTrue(Files.notExists(dir.resolve("t.csv")));
    assertEquals(0, Main.execute("summary", dir.resolve("fixed").toString(), "--by", "level"));
    assertEquals(1, Main.execute("summary", dir.resolve("nothing").toString()));
    assertEquals(2, Main.execute("summary", dir.resolve("fixed").toString(), "--by", "colour"));

    // shards: the same method on other corruptions pools into the same row; other methods do not
    assertEquals(0, Main.execute("eval", "--model", model.toString(), "--strategy", "fixed",
        "--batch", "2", "--corruptions", "snow", "--samples", "2", "--out", dir.resolve("fixed-b").toString()));
    Path pooled = dir.resolve("pooled.md");
    assertEquals(0, Main.execute("summary", dir.resolve("fixed").toString(),
        dir.resolve("fixed-b").toString(), "--label", "fixed,fixed", "--out", pooled.toString()),
        () -> console.err().toString(java.nio.charset.StandardCharsets.UTF_8));
    String row = Files.readAllLines(pooled).stream().filter(l -> l.startsWith("| fixed |"))
        .reduce((x, y) -> x + "\n" + y).orElse("");
    assertEquals(1, row.lines().count(), Files.readString(pooled));
    String header = Files.readAllLines(pooled).get(0);
    assertTrue(header.contains("fog:5") && header.contains("snow:5"), header);
    String two = Files.readString(pooled);
    assertFalse(two.contains("not comparable"), "one pooled row covers every column: " + two);
    assertEquals(2, Main.execute("summary", dir.resolve("fixed").toString(),
        dir.resolve("standard").toString(), "--label", "same,same"));
    Path uneven = dir.resolve("uneven.md");
    assertEquals(0, Main.execute("summary", dir.resolve("standard").toString(),
        dir.resolve("fixed-b").toString(), "--out", uneven.toString()));
    String marked = Files.readString(uneven);
    assertTrue(marked.contains(" *") && marked.contains("not comparable"),
        "means over different corruptions are marked: " + marked);
  }

  @Test
  void badOptionValuesAreUsageErrorsThatLeaveNoFolder() {
    Path model = microModel();
    String[][] bad = {{"--samples", "0"}, {"--steps", "-3"}, {"--batch", "-1"}, {"--lr", "0"},
        {"--level", "6"}, {"--mask-ratio", "1.5"}, {"--momentum", "-1"}, {"--group", "foo"},
        {"--holdout-every", "-5"}, {"--split", "foo"}, {"--stream", "foo"},
        {"--corruptions", "fgo"}, {"--stream", "gradual"}, {"--samples", "20000"}};
    for (String[] option : bad) {
      Path run = dir.resolve("bad" + option[0]);
      Map<String, String> given = new java.util.LinkedHashMap<>(Map.of("--model",
          model.toString(), "--strategy", "standard", "--corruptions", "fog", "--samples", "1",
          "--steps", "1", "--batch", "2", "--out", run.toString()));
      given.put(option[0], option[1]);
      List<String> args = new java.util.ArrayList<>(List.of("eval"));
      given.forEach((k, v) -> args.addAll(List.of(k, v)));
      assertEquals(2, Main.execute(args.toArray(String[]::new)), String.join(" ", option)
          + " is a usage error: " + console.err().toString(java.nio.charset.StandardCharsets.UTF_8));
      assertTrue(!Files.exists(run), String.join(" ", option) + " left " + run);
    }
    assertTrue(console.err().toString(java.nio.charset.StandardCharsets.UTF_8)
        .contains("valid: test, val"), "--split names val too");
    Path reset = dir.resolve("bad-reset");
    assertEquals(2, Main.execute("eval", "--model", model.toString(), "--strategy", "window",
        "--reset-optimizer", "--corruptions", "fog", "--samples", "1", "--out", reset.toString()),
        "--reset-optimizer is online's option: elsewhere it would be ignored without a word");
    assertTrue(!Files.exists(reset));
  }

  @Test
  void aModelThatCannotClassifyTheDataIsRefusedBeforeTheRun() {
    Path dense = dir.resolve("dense.safetensors");
    Path big = dir.resolve("big.safetensors");
    try (NDManager m = NDManager.newBaseManager();
        YShapedVit a = YShapedVit.create(MaeConfig.micro().withHead(
            org.ttt4j.model.HeadType.DENSE, 0), m, 1);
        YShapedVit b = YShapedVit.create(new MaeConfig(32, 8, 1, 32, 1, 2, 16, 1, 2, 4, 0.75,
            true, 10, org.ttt4j.model.HeadType.LINEAR, 1, new double[] {0.2860},
            new double[] {0.3530}), m, 1)) {
      Checkpoint.save(a, dense, Map.of());
      Checkpoint.save(b, big, Map.of());
    }
    for (Path model : List.of(dense, big)) {
      Path run = dir.resolve("run-" + model.getFileName());
      assertEquals(2, Main.execute("eval", "--model", model.toString(), "--strategy", "fixed",
          "--corruptions", "fog", "--samples", "1", "--out", run.toString()));
      assertTrue(!Files.exists(run), "nothing written for " + model);
    }
    String err = console.err().toString(java.nio.charset.StandardCharsets.UTF_8);
    assertTrue(err.contains("dense-prediction") && err.contains("takes 32x32 grey images"), err);
  }

  @Test
  void summaryOutThatIsAFolderIsAUsageErrorSuggestingAFile() throws Exception {
    Path folder = Files.createDirectory(dir.resolve("dd"));
    assertEquals(2, Main.execute("summary", dir.resolve("run").toString(), "--out",
        folder.toString()));
    String err = console.err().toString(java.nio.charset.StandardCharsets.UTF_8);
    assertTrue(err.contains("--out " + folder + " is a folder; give a file path, e.g. "
        + folder.resolve("summary.md")), err);
  }

  @Test
  void unknownStrategyIsAUsageError() {
    assertEquals(2, Main.execute("eval", "--strategy", "sometimes", "--out",
        dir.resolve("x").toString()));
  }

  private String err() {
    return console.err().toString(java.nio.charset.StandardCharsets.UTF_8);
  }

  @Test
  void theHeadGroupIsRefusedBecauseTheMaeLossNeverReachesIt() {
    Path model = microModel();
    Path run = dir.resolve("head");
    assertEquals(2, Main.execute("eval", "--model", model.toString(), "--strategy", "online",
        "--group", "head", "--batch", "2", "--corruptions", "fog", "--samples", "1", "--out",
        run.toString()));
    assertTrue(err().contains("--group head adapts nothing"), err());
    assertFalse(Files.exists(run), "nothing written");
  }

  /** `all` adds only the head to encoder+decoder, and the MAE loss never reaches the head. */
  @Test
  void theAllGroupIsRefusedNamingEncoderPlusDecoder() {
    Path model = microModel();
    Path run = dir.resolve("all");
    assertEquals(2, Main.execute("eval", "--model", model.toString(), "--strategy", "online",
        "--group", "all", "--batch", "2", "--corruptions", "fog", "--samples", "1", "--out",
        run.toString()));
    assertTrue(err().contains("--group all adapts exactly what encoder+decoder adapts")
        && err().contains("give --group encoder+decoder"), err());
    assertFalse(Files.exists(run), "nothing written");
  }

  @Test
  void anOutHoldingAnotherCommandsFilesIsRefusedAndLeftAsItWas() throws Exception {
    Path model = microModel();
    Path train = Files.createDirectory(dir.resolve("train-run"));
    String manifest = "{\"tool\": \"ttt4j\", \"command\": [\"ttt4j\", \"train\", \"mae\"]}";
    Files.writeString(train.resolve("manifest.json"), manifest);
    assertEquals(2, Main.execute("eval", "--model", model.toString(), "--strategy", "fixed",
        "--corruptions", "fog", "--samples", "1", "--out", train.toString()));
    assertTrue(err().contains("holds the manifest.json of another run (`ttt4j train mae`)"), err());
    assertEquals(manifest, Files.readString(train.resolve("manifest.json")), "not overwritten");
    assertFalse(Files.exists(train.resolve("records.jsonl")));
    Path notes = Files.createDirectory(dir.resolve("notes"));
    Files.writeString(notes.resolve("summary.md"), "mine");
    assertEquals(2, Main.execute("eval", "--model", model.toString(), "--strategy", "fixed",
        "--corruptions", "fog", "--samples", "1", "--out", notes.toString()));
    assertEquals("mine", Files.readString(notes.resolve("summary.md")));
  }

  @Test
  void optionsTheStrategyWouldIgnoreAreUsageErrors() {
    Path model = microModel();
    String[][] ignored = {{"--strategy", "offline", "--steps", "5"},
        {"--strategy", "online", "--window", "4"},
        {"--strategy", "standard", "--epochs", "2"},
        {"--strategy", "online", "--optimizer", "adamw", "--lr", "1e-4", "--momentum", "0.5"},
        {"--strategy", "online", "--holdout", "50"}, {"--strategy", "online", "--val", "100"},
        {"--stream", "clean", "--level", "3"}};
    for (String[] options : ignored) {
      Path run = dir.resolve("ignored");
      List<String> args = new java.util.ArrayList<>(List.of("eval", "--model", model.toString(),
          "--batch", "2", "--corruptions", "fog", "--samples", "1", "--out", run.toString()));
      args.addAll(List.of(options));
      assertEquals(2, Main.execute(args.toArray(String[]::new)), String.join(" ", options));
      assertTrue(err().contains("would be ignored"), err());
      assertFalse(Files.exists(run), String.join(" ", options));
    }
  }

  @Test
  void theCleanStreamIsCleanHoweverItsNameIsWritten() throws Exception {
    Path model = microModel();
    for (String name : List.of("clean", "CLEAN", "Clean")) {
      Path refused = dir.resolve("refused-" + name);
      assertEquals(2, Main.execute("eval", "--model", model.toString(), "--strategy", "fixed",
          "--stream", name, "--corruptions", "fog", "--samples", "2", "--out",
          refused.toString()), name);
      assertTrue(err().contains("the clean stream has no corruption"), name + ": " + err());
      assertFalse(Files.exists(refused), name);
      Path run = dir.resolve("run-" + name);
      assertEquals(0, Main.execute("eval", "--model", model.toString(), "--strategy", "fixed",
          "--stream", name, "--samples", "2", "--out", run.toString()), name);
      Map<?, ?> stream = (Map<?, ?>) JsonFiles.read(run.resolve("manifest.json"),
          org.ttt4j.provenance.RunManifest.class).orElseThrow().configs().get("stream");
      assertEquals(List.of(), stream.get("corruptions"),
          name + ": the manifest records no corruption for a clean stream");
    }
  }

  @Test
  void aResumeRefusesOtherOptionsKeepsTheManifestsIntegersAndRecordsItself() throws Exception {
    Path model = microModel();
    Path run = dir.resolve("run");
    assertEquals(0, Main.execute("eval", "--model", model.toString(), "--strategy", "online",
        "--batch", "2", "--corruptions", "fog", "--samples", "3", "--out", run.toString()));
    Path manifestFile = run.resolve("manifest.json");
    String unfinished = Files.readString(manifestFile)
        .replaceAll("\"finished\": \"[^\"]*\",", "");
    Files.writeString(manifestFile, unfinished);
    Files.write(run.resolve("records.jsonl"), Files.readAllLines(run.resolve("records.jsonl"))
        .subList(0, 1));
    assertEquals(2, Main.execute("eval", "--resume", run.toString(), "--samples", "10"));
    assertTrue(err().contains("--samples would be ignored"), err());
    assertEquals(unfinished, Files.readString(manifestFile), "left as it was");
    assertEquals(0, Main.execute("eval", "--resume", run.toString()));
    String resumed = Files.readString(manifestFile);
    for (String integer : List.of("batch\": 2", "perCorruption\": 3", "stepsPerSample\": 1",
        "level\": 5")) {           // followed by a comma, or a newline where it ends its object
      assertTrue(java.util.regex.Pattern.compile(java.util.regex.Pattern.quote(integer) + "[,\n]")
          .matcher(resumed).find(), "integers stay integers: " + integer + "\n" + resumed);
    }
    assertTrue(resumed.contains("\"resumed\"") && resumed.contains("\"fromStep\": 0"),
        "the manifest says the run was resumed\n" + resumed);
  }

  /**
   * Fixed takes the TTT options a sweep passes to every strategy, and says once which of those
   * given it ignores; nothing when none was given, or for a strategy that adapts.
   */
  @Test
  void fixedSaysOnceWhichOfTheTttOptionsGivenItIgnores() {
    Path model = microModel();
    List<String> common = List.of("eval", "--model", model.toString(), "--corruptions", "fog",
        "--samples", "1");
    List<String> fixed = new java.util.ArrayList<>(common);
    fixed.addAll(List.of("--strategy", "fixed", "--lr", "0.02", "--steps", "3", "--batch", "2",
        "--out", dir.resolve("fixed").toString()));
    assertEquals(0, Main.execute(fixed.toArray(String[]::new)), err());
    String note = "note: --strategy fixed does not adapt, so --lr, --steps, --batch are ignored";
    assertTrue(err().contains(note + System.lineSeparator()), err());
    assertEquals(err().indexOf("note:"), err().lastIndexOf("note:"), "one note: " + err());

    console.err().reset();
    List<String> bare = new java.util.ArrayList<>(common);
    bare.addAll(List.of("--strategy", "fixed", "--out", dir.resolve("bare").toString()));
    assertEquals(0, Main.execute(bare.toArray(String[]::new)), err());
    assertFalse(err().contains("note:"), err());

    console.err().reset();
    List<String> online = new java.util.ArrayList<>(common);
    online.addAll(List.of("--strategy", "online", "--lr", "0.02", "--batch", "2", "--out",
        dir.resolve("online").toString()));
    assertEquals(0, Main.execute(online.toArray(String[]::new)), err());
    assertFalse(err().contains("note:"), err());
  }

  @Test
  void theSettingsLineSaysHowTheStrategyAdapts() {
    Path model = microModel();
    assertEquals(0, Main.execute("eval", "--model", model.toString(), "--strategy", "online",
        "--steps", "3", "--reset-optimizer", "--clip", "1", "--batch", "2", "--corruptions",
        "fog", "--samples", "1", "--out", dir.resolve("online").toString()));
    assertTrue(err().contains("online (3 steps per sample, never reset, optimizer state cleared"
        + " after each): SGD lr 0.01 momentum 0.9, wd 0, clip 1, B=2"), err());
    assertEquals(0, Main.execute("eval", "--model", model.toString(), "--strategy", "window",
        "--window", "4", "--batch", "2", "--corruptions", "fog", "--samples", "1", "--out",
        dir.resolve("window").toString()));
    assertTrue(err().contains("window-k4 (1 step per sample on views of the last 4): "), err());
  }

  @Test
  void aResumeFromAnotherFolderFindsARelativeModelByTheManifestsAbsolutePath() throws Exception {
    Path model = microModel();
    Path relative = Path.of("").toAbsolutePath().relativize(model);
    Path run = dir.resolve("run");
    assertEquals(0, Main.execute("eval", "--model", relative.toString(), "--strategy", "online",
        "--batch", "2", "--corruptions", "fog", "--samples", "2", "--out", run.toString()));
    Path manifestFile = run.resolve("manifest.json");
    String manifest = Files.readString(manifestFile);
    assertTrue(manifest.contains("\"modelFile\": \"" + model + "\""), manifest);
    // the resume runs where the relative path no longer names the model
    Files.writeString(manifestFile, manifest.replaceAll("\"finished\": \"[^\"]*\",", "")
        .replace("\"" + relative + "\"", "\"elsewhere/m.safetensors\""));
    Files.write(run.resolve("records.jsonl"), Files.readAllLines(run.resolve("records.jsonl"))
        .subList(0, 1));
    assertEquals(0, Main.execute("eval", "--resume", run.toString()), err());
    assertEquals(2, Files.readAllLines(run.resolve("records.jsonl")).size());

    // a run from before the absolute path was recorded still resumes where it started
    Files.writeString(manifestFile, manifest.replaceAll("\"finished\": \"[^\"]*\",", "")
        .replaceAll(",\\s*\"modelFile\": \"[^\"]*\"", ""));
    assertFalse(Files.readString(manifestFile).contains("modelFile"));
    Files.write(run.resolve("records.jsonl"), Files.readAllLines(run.resolve("records.jsonl"))
        .subList(0, 1));
    assertEquals(0, Main.execute("eval", "--resume", run.toString()), err());
  }

  @Test
  void aRunStartedWithVerboseAfterEvalResumes() throws Exception {
    Path model = microModel();
    Path run = dir.resolve("run");
    // -v is ttt4j's (inherited by every command), typed here after the command's name
    assertEquals(0, Main.execute("eval", "--model", model.toString(), "--strategy", "online",
        "--batch", "2", "--corruptions", "fog", "--samples", "2", "--out", run.toString(), "-v"));
    Path manifestFile = run.resolve("manifest.json");
    stopAfterFirstRecord(run);
    assertEquals(0, Main.execute("eval", "--resume", run.toString()), err());
    assertEquals(2, Files.readAllLines(run.resolve("records.jsonl")).size());
    assertTrue(Files.readString(manifestFile).contains("\"finished\""));
  }

  /**
   * Without --val, --split val takes as many images as the model's run held out, read from its
   * manifest at every start, a resume's too: a run begun on other images (before that count was
   * recorded, or read) is refused rather than continued on another validation split.
   */
  @Test
  void aResumeOnSplitValRefusesAValidationSplitOtherThanTheRunBeganOn() throws Exception {
    Path model = microModel();
    Path run = dir.resolve("run");
    fixedOnSplitVal(model, run);
    assertTrue(Files.readString(run.resolve("manifest.json"))
        .contains("the last 5000 training images"));
    stopAfterFirstRecord(run);
    modelHeldOut("40 (last of the train split)");     // its manifest, written since

    // the resume keeps the run's 5000 images, of which the model's run trained on 4960
    assertEquals(2, Main.execute("eval", "--resume", run.toString()));
    assertTrue(err().contains("--val 5000: the run of " + model + " held out only the last 40"
        + " training images, so 4960 of these 5000 were trained on; a resume keeps the run's"
        + " --val, so start a new run with --out"), err());
    assertEquals(1, Files.readAllLines(run.resolve("records.jsonl")).size(), "nothing added");
  }

  /**
   * A run begun on --split val without --val keeps its images when resumed, though the model's
   * manifest (written since, or read since ttt4j reads it) says its run held out more: they are
   * among them.
   */
  @Test
  void aResumeOnSplitValKeepsTheImagesTheRunBeganOnWhenTheModelHeldOutMore() throws Exception {
    Path model = microModel();
    Path run = dir.resolve("run");
    fixedOnSplitVal(model, run);
    List<String> straight = Files.readAllLines(run.resolve("records.jsonl"));
    stopAfterFirstRecord(run);
    modelHeldOut("10000 (last of the train split)");
    assertEquals(0, Main.execute("eval", "--resume", run.toString()), err());
    assertEquals(straight.size(), Files.readAllLines(run.resolve("records.jsonl")).size());
    assertTrue(Files.readString(run.resolve("manifest.json"))
        .contains("validation: the last 5000 training images"));
  }

  /**
   * A run begun with a --val larger than the model's run held out (before that count was
   * recorded, or read), or on a model that held out none, cannot be resumed: the refusal cannot
   * ask for another --val or --split, which a resume does not take, and asks for a new run.
   */
  @Test
  void aResumeWithATypedValLargerThanTheModelHeldOutAsksForANewRun() throws Exception {
    Path model = microModel();
    Path run = dir.resolve("run");
    assertEquals(0, Main.execute("eval", "--model", model.toString(), "--strategy", "fixed",
        "--corruptions", "fog", "--samples", "2", "--split", "val", "--val", "100", "--out",
        run.toString()), err());
    stopAfterFirstRecord(run);
    modelHeldOut("40 (last of the train split)");

    assertEquals(2, Main.execute("eval", "--resume", run.toString()));
    assertTrue(err().contains("--val 100: the run of " + model + " held out only the last 40"
        + " training images, so 60 of these 100 were trained on; a resume keeps the run's --val,"
        + " so start a new run with --out and --val 40 or less, or without --val"), err());
    assertFalse(err().contains("or drop --val"), err());

    modelHeldOut("0");
    assertEquals(2, Main.execute("eval", "--resume", run.toString()));
    assertTrue(err().contains("a resume keeps the run's split, so start a new run with --out and"
        + " --split test"), err());
  }

  @Test
  void anEvalRunWhoseCommandLineNoLongerParsesIsAUsageErrorOfTheResume() throws Exception {
    Path run = Files.createDirectories(dir.resolve("run"));
    org.ttt4j.provenance.RunManifest.start(List.of("ttt4j", "eval", "--renamed", "3", "--out",
        run.toString()), Map.of(), 0, Map.of()).write(run.resolve("manifest.json"));
    assertEquals(2, Main.execute("eval", "--resume", run.toString()));
    assertTrue(err().contains("Unknown options: '--renamed', '3'"), err());
    // the user typed only --resume: the refusal says the line is the run's own, and what to do
    assertTrue(err().contains("--resume " + run + ": the command line the run was started with,"
        + " `ttt4j eval --renamed 3 --out " + run + "` (its manifest.json), no longer parses"
        + " (Unknown options: '--renamed', '3'); finish the run with the ttt4j version in its"
        + " manifest, or start a new run with --out"), err());
    assertFalse(Files.exists(run.resolve("records.jsonl")));
  }

  @Test
  void theHelpSaysWhatSamplesAndLevelMeanForEachStream() {
    assertEquals(0, Main.execute("eval", "--help"));
    String help = console.out().toString(java.nio.charset.StandardCharsets.UTF_8)
        .replaceAll("\\s+", " ");
    assertTrue(help.contains("blend: per pair of neighbouring corruptions; clean: in all"), help);
    assertTrue(help.contains("take it only for the --holdout images"), help);
    assertTrue(help.contains("head and all are refused: the MAE loss never reaches the head"),
        help);
    assertTrue(help.contains("Every N samples and at each segment's end"), help);
  }

  @Test
  void aManifestIsAnEvalRunsOnlyWhenEvalIsItsSubcommand() {
    assertEquals(1, EvalCommand.evalAt(List.of("ttt4j", "eval", "--out", "r")));
    assertEquals(2, EvalCommand.evalAt(List.of("ttt4j", "-v", "eval", "--out", "r")));
    assertEquals(-1, EvalCommand.evalAt(List.of("ttt4j", "demo", "--out", "eval")),
        "a demo written to a folder named eval");
    assertEquals(-1, EvalCommand.evalAt(List.of("ttt4j")));
  }

  @Test
  void splitValTakesTheImagesTheModelsRunHeldOutAndRefusesMore() throws Exception {
    Path model = microModel();
    modelHeldOut("40 (last of the train split)");
    Path run = dir.resolve("run");
    fixedOnSplitVal(model, run);
    String manifest = Files.readString(run.resolve("manifest.json"));
    assertTrue(manifest.contains("the last 40 training images"), manifest);

    assertEquals(2, Main.execute("eval", "--model", model.toString(), "--strategy", "fixed",
        "--corruptions", "fog", "--samples", "2", "--split", "val", "--val", "5000", "--out",
        dir.resolve("run2").toString()));
    assertTrue(console.err().toString().contains("held out only the last 40 training images"),
        console.err().toString());
    assertFalse(Files.exists(dir.resolve("run2")), "refused before anything is written");
  }
}
