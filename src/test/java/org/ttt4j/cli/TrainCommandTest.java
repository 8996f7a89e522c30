package org.ttt4j.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.ttt4j.train.TrainState;

/** The train/test commands end to end on a few Fashion-MNIST images with the micro preset. */
class TrainCommandTest {

  @TempDir Path dir;
  @org.junit.jupiter.api.extension.RegisterExtension final CapturedConsole console =
      new CapturedConsole();

  @Test
  void anInitWhoseRunHeldOutFewerImagesIsNotedAndNestedSplitsAreNot() throws Exception {
    Path mae = dir.resolve("mae");
    String[] small = {"--preset", "micro", "--limit", "32", "--epochs", "1", "--warmup", "0.5",
        "--batch", "16"};
    assertEquals(0, Main.execute(concat(new String[] {"train", "mae", "--val", "40", "--out",
        mae.toString()}, small)));
    console.err().reset();
    assertEquals(0, Main.execute(concat(new String[] {"train", "mae", "--init", mae.toString(),
        "--val", "100", "--out", dir.resolve("wider").toString()}, small)));
    assertTrue(console.err().toString().contains("comes from a run that held out only the last"
        + " 40 training images, so 60 of this run's 100 validation images were trained on there"),
        console.err().toString());
    console.err().reset();
    assertEquals(0, Main.execute(concat(new String[] {"train", "mae", "--init", mae.toString(),
        "--val", "40", "--out", dir.resolve("nested").toString()}, small)));
    assertFalse(console.err().toString().contains("held out only"), console.err().toString());
  }

  private static String[] concat(String[] a, String[] b) {
    String[] out = java.util.Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, out, a.length, b.length);
    return out;
  }

  @Test
  void trainsWritesModelManifestCurvesAndRefusesToOverwrite() throws Exception {
    Path run = dir.resolve("run");
    int code = Main.execute("train", "mae", "--preset", "micro", "--limit", "64", "--val", "100",
        "--epochs", "2", "--warmup", "0.5", "--batch", "16", "--checkpoint-every", "3",
        "--out", run.toString());
    assertEquals(0, code);
    for (String f : new String[] {"model.safetensors", "state.safetensors", "manifest.json",
        "history.csv", "curves.png"}) {
      assertTrue(Files.isRegularFile(run.resolve(f)), f);
    }
    assertEquals(1 + 8, Files.readAllLines(run.resolve("history.csv")).size(), "8 steps + header");
    String manifest = Files.readString(run.resolve("manifest.json"));
    assertTrue(manifest.contains("\"gitCommit\"") && manifest.contains("sha256"), manifest);

    assertEquals(2, Main.execute("train", "mae", "--preset", "micro", "--limit", "64",
        "--out", run.toString()), "an existing run is not overwritten without --resume");

    Path probe = dir.resolve("probe");
    assertEquals(0, Main.execute("train", "probe", "--init", run.toString(),   // a run folder
        "--head", "vit-probe", "--limit", "64", "--val", "100", "--epochs", "1",
        "--warmup", "0.5", "--batch", "16", "--out", probe.toString()));
    String probeManifest = Files.readString(probe.resolve("manifest.json"));
    assertTrue(probeManifest.contains("validation_top1"), probeManifest);

    ByteArrayOutputStream out = new ByteArrayOutputStream();
    PrintStream old = System.out;
    System.setOut(new PrintStream(out, true));
    try {
      assertEquals(2, Main.execute("test", probe.toString(), "--limit", "50", "--record"),
          "a partial figure is not recorded");
      assertFalse(Files.readString(probe.resolve("manifest.json")).contains("test_top1"));
      assertEquals(0, Main.execute("test", probe.toString(), "--record"));
    } finally {
      System.setOut(old);
    }
    assertTrue(Files.readString(probe.resolve("manifest.json")).contains("test_top1"));
  }

  /** --val larger than the user's own data is a usage error (exit 2), as in `ttt4j test`. */
  @Test
  void aValidationSplitLargerThanTheDataIsAUsageError() throws Exception {
    Path data = dir.resolve("own");
    for (int i = 0; i < 3; i++) {
      org.ttt4j.data.ImageFiles.writePng(data.resolve("cat/" + i + ".png"),
          new org.ttt4j.data.Image(28, 28, 1, new byte[28 * 28]));
    }
    assertEquals(2, Main.execute("train", "mae", "--preset", "micro", "--data", data.toString(),
        "--out", dir.resolve("r").toString()));
    assertTrue(console.err().toString().contains("--val 5000 must be between 0 and 2"),
        console.err().toString());
    assertFalse(Files.exists(dir.resolve("r")), "nothing written");
  }

  @Test
  void theCurvesAreDrawnAtEveryCheckpointSoAStoppedRunHasThem() throws Exception {
    Path run = dir.resolve("watched");
    java.io.StringWriter said = new java.io.StringWriter();
    TrainLog log = new TrainLog(run, 0, "MAE on test images",
        new java.io.PrintWriter(said, true));
    for (int step = 1; step <= 5; step++) {
      log.record(new org.ttt4j.train.Trainer.StepRecord(step, step / 10.0, 1e-3, 1.0 / step,
          1.0 / step, Double.NaN, 100), 10);
    }
    assertTrue(Files.notExists(run.resolve("curves.png")), "nothing drawn before a checkpoint");
    log.checkpointed(5);
    assertTrue(Files.size(run.resolve("curves.png")) > 0, "drawn at the checkpoint");
    assertEquals(1 + 5, Files.readAllLines(run.resolve("history.csv")).size(),
        "the history is on disk at the checkpoint too");
    log.finish();
  }

  @Test
  void curvesAreDrawnAgainFromARunFolderOrAHistoryFile() throws Exception {
    Path run = dir.resolve("run");
    Files.createDirectories(run);
    StringBuilder csv = new StringBuilder(TrainCurvesCommand.TRAIN_HEADER + "\n");
    for (int step = 1; step <= 30; step++) {
      csv.append(step).append(",0.1,1e-3,").append(2.0 / step).append(",0.5,").append(1.5 / step)
          .append(",100\n");
    }
    Files.writeString(run.resolve("history.csv"), csv);
    assertEquals(0, Main.execute("train", "curves", run.toString()));
    assertTrue(Files.size(run.resolve("curves-redrawn.png")) > 0);
    Path png = dir.resolve("elsewhere.png");
    assertEquals(0, Main.execute("train", "curves", run.resolve("history.csv").toString(),
        "--out", png.toString(), "--title", "joint"));
    assertTrue(Files.size(png) > 0);

    Path running = dir.resolve("running");
    Files.createDirectories(running);
    Files.writeString(running.resolve("history.csv"), csv + "31,0.1,1e-");
    assertEquals(0, Main.execute("train", "curves", running.toString()),
        "the step a running job is half-way through writing is left out, not an error");

    Path seg = dir.resolve("seg");
    Files.createDirectories(seg);
    Files.writeString(seg.resolve("history.csv"), TrainCurvesCommand.SEG_HEADER + "\n"
        + "1,5e-4,2.0,0.6,1.4,50\n2,5e-4,1.8,0.6,1.2,50\n");
    assertEquals(0, Main.execute("train", "curves", seg.toString()));
    assertTrue(Files.size(seg.resolve("curves-redrawn.png")) > 0, "a seg history is drawn too");
  }

  @Test
  void curvesOfAFileThatIsNoTrainHistorySayWhatIsWrong() throws Exception {
    Path other = dir.resolve("records.csv");
    Files.writeString(other, "position,label\n1,2\n");
    assertEquals(1, Main.execute("train", "curves", other.toString()));
    Path broken = dir.resolve("history.csv");
    Files.writeString(broken, TrainCurvesCommand.TRAIN_HEADER + "\n1,0.1,1e-3,oops\n");
    var e = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
        () -> TrainCurvesCommand.draw(broken, dir.resolve("c.png"), "t"));
    assertTrue(e.getMessage().contains("line 2"), e.getMessage());
    var notHistory = org.junit.jupiter.api.Assertions.assertThrows(
        IllegalArgumentException.class,
        () -> TrainCurvesCommand.draw(other, dir.resolve("c.png"), "t"));
    assertTrue(notHistory.getMessage().contains("is not the history.csv of a ttt4j train run")
        && notHistory.getMessage().contains("(train seg)"),
        notHistory.getMessage());
    assertTrue(Files.notExists(dir.resolve("c.png")), "nothing half-written");
    assertEquals(2, Main.execute("train", "curves", dir.resolve("missing").toString()),
        "a missing input is a usage error");
    Path headerOnly = dir.resolve("empty-history.csv");
    Files.writeString(headerOnly, TrainCurvesCommand.TRAIN_HEADER + "\n");
    var empty = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
        () -> TrainCurvesCommand.draw(headerOnly, dir.resolve("e.png"), "t"));
    assertTrue(empty.getMessage().contains("has no step yet"), empty.getMessage());
    assertTrue(Files.notExists(dir.resolve("e.png")), "no empty figure");
    Path staged = Files.createDirectories(dir.resolve("shipped-like"));
    Files.writeString(staged.resolve("history-mae.csv"), TrainCurvesCommand.TRAIN_HEADER + "\n");
    console.err().reset();
    assertEquals(2, Main.execute("train", "curves", staged.toString()));
    assertTrue(console.err().toString(StandardCharsets.UTF_8)
        .contains("this folder holds history-mae.csv"), "names the histories it has");
  }

  @Test
  void aRunStoppedBeforeItsFirstStepSaysSoAndDrawsNothing() throws Exception {
    Path run = dir.resolve("early");
    java.io.StringWriter said = new java.io.StringWriter();
    TrainLog log = new TrainLog(run, 0, "MAE", new java.io.PrintWriter(said, true));
    log.checkpointed(0);
    log.finish();
    log.stopped(0);
    assertTrue(Files.notExists(run.resolve("curves.png")));
    assertEquals("stopped before its first step; continue with: ttt4j train --out " + run
        + " --resume", said.toString().trim());
  }

  @Test
  void ctrlCWritesTheStateAndTheCurvesAndSaysHowToContinue() throws Exception {
    Path run = dir.resolve("stopped");
    Path err = dir.resolve("stderr.txt");
    String jvm = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    Process p = new ProcessBuilder(jvm, "-cp", System.getProperty("java.class.path"),
        "-Dai.djl.offline=true", "-Dai.djl.pytorch.num_threads=1", Main.class.getName(),
        "train", "mae", "--preset", "micro", "--limit", "20000", "--val", "100", "--batch", "16",
        "--epochs", "50", "--checkpoint-every", "1000000", "--out", run.toString())
        .redirectError(err.toFile()).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
    try {
      Path history = run.resolve("history.csv");
      long deadline = System.nanoTime() + 60_000_000_000L;
      while (!(Files.exists(history) && Files.readAllLines(history).size() > 3)) {
        assertTrue(p.isAlive() && System.nanoTime() < deadline, "no step within a minute");
        Thread.sleep(50);
      }
    } finally {
      p.destroy();         // SIGTERM: the same shutdown as Ctrl-C
    }
    assertTrue(p.waitFor(60, TimeUnit.SECONDS));
    String said = Files.readString(err);
    Matcher m = Pattern
        .compile("stopped at step (\\d+); continue with: ttt4j train --out .* --resume")
        .matcher(said);
    assertTrue(m.find(), said);
    assertEquals(m.group(1), TrainState.read(run.resolve("state.safetensors")).metadata()
        .get("step"));
    assertTrue(Files.size(run.resolve("curves.png")) > 0, "drawn while the JVM shuts down");
  }

  @Test
  void aNonFiniteLossKeepsEveryStepBeforeItAndNamesTheLastCheckpoint() throws Exception {
    for (String every : new String[] {"100", "1"}) {
      Path run = dir.resolve("nan" + every);
      console.err().reset();
      assertEquals(1, Main.execute("train", "mae", "--preset", "micro", "--limit", "64", "--val",
          "100", "--epochs", "2", "--warmup", "0", "--blr", "1e30", "--batch", "16",
          "--checkpoint-every", every, "--out", run.toString()));
      String said = console.err().toString(StandardCharsets.UTF_8);
      Matcher m = Pattern.compile("loss is \\S+ at step (\\d+)")
          .matcher(said);
      assertTrue(m.find(), said);
      int bad = Integer.parseInt(m.group(1));
      assertEquals(bad, Files.readAllLines(run.resolve("history.csv")).size(),
          "the header and every step before the bad one");
      assertTrue(said.contains(every.equals("1") ? "the checkpoint of step " + (bad - 1)
          + " is the last good state" : "no checkpoint was written before it"), said);
    }
  }

  @Test
  void badHyperParametersAreUsageErrorsNamingTheOptionBeforeAnythingIsWritten() {
    Path run = dir.resolve("never");
    String[][] cases = {{"--min-lr", "1"}, {"--mae-weight", "-5"}, {"--wd", "-1"},
        {"--epochs", "0.1"}};
    for (String[] c : cases) {
      console.err().reset();
      assertEquals(2, Main.execute("train", "joint", "--preset", "micro", "--limit", "64",
          "--batch", "16", c[0], c[1], "--out", run.toString()), c[0]);
      String said = console.err().toString(StandardCharsets.UTF_8);
      assertTrue(said.contains(c[0] + " "), said);
    }
    assertTrue(said().contains("--warmup 0.2 must be shorter than --epochs 0.1"), said());
    assertTrue(Files.notExists(run));
  }

  @Test
  void aModelThatDoesNotFitTheDataIsRefusedBeforeAnythingIsWritten() {
    Path run = dir.resolve("never");
    String[][] cases = {{"mae", "--preset", "tin-small"}, {"supervised", "--preset",
        "fmnist-video"}, {"joint", "--init", "models/fmnist-video"}};
    for (String[] c : cases) {
      console.err().reset();
      assertEquals(2, Main.execute("train", c[0], c[1], c[2], "--limit", "64", "--batch", "16",
          "--out", run.toString()), String.join(" ", c));
      assertTrue(said().contains(c[2]) && (said().contains("takes 64x64 RGB images")
          || said().contains("add --head linear")), said());
    }
    assertTrue(Files.notExists(run));
  }

  @Test
  void anUnknownPresetIsAUsageErrorNamingTheOptionEvenBesideInit() {
    Path run = dir.resolve("never");
    String[][] cases = {{"train", "mae", "--preset", "nope"},
        {"train", "probe", "--init", "models/fmnist-tiny", "--preset", "nope", "--epochs", "0.001"},
        {"train", "seg", "--videos", dir.toString(), "--preset", "nope"}};
    for (String[] c : cases) {
      console.err().reset();
      String[] args = java.util.stream.Stream.concat(java.util.Arrays.stream(c),
          java.util.stream.Stream.of("--out", run.toString())).toArray(String[]::new);
      assertEquals(2, Main.execute(args), String.join(" ", c));
      assertTrue(said().contains("Invalid value for option '--preset': unknown preset 'nope';"
          + " valid: fmnist-tiny"), said());
    }
    assertTrue(Files.notExists(run));
  }

  private String said() {
    return console.err().toString(StandardCharsets.UTF_8);
  }

  @Test
  void resumeWithoutAStateSaysHowToStart() {
    assertEquals(2, Main.execute("train", "mae", "--preset", "micro", "--resume",
        "--out", dir.resolve("none").toString()));
  }

  /**
   * A run that fails mid-way (here a loss gone non-finite) keeps every step before it in
   * history.csv and leaves the file closed: the process may go on (a test, a library caller).
   */
  @Test
  void aRunThatFailsLeavesItsHistoryClosed() throws Exception {
    Path run = dir.resolve("run");
    assertEquals(1, Main.execute("train", "mae", "--preset", "micro", "--limit", "64", "--val",
        "100", "--epochs", "4", "--warmup", "0", "--batch", "16", "--blr", "1e35", "--out",
        run.toString()));
    assertTrue(console.err().toString(StandardCharsets.UTF_8).contains("loss is"),
        console.err().toString(StandardCharsets.UTF_8));
    Path history = run.resolve("history.csv").toRealPath();
    try (var fds = Files.list(Path.of("/proc/self/fd"))) {
      assertFalse(fds.anyMatch(fd -> {
        try {
          return Files.readSymbolicLink(fd).equals(history);
        } catch (java.io.IOException gone) {
          return false;                       // the fd of the listing itself, closed since
        }
      }), history + " is still open");
    }
  }
}
