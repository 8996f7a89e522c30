package org.ttt4j.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Exit codes and error output of the entry point. */
class MainTest {

  @TempDir Path dir;

  private record Run(int code, String out, String err) {}

  private static Run run(String... args) {
    PrintStream oldOut = System.out;
    PrintStream oldErr = System.err;
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    System.setOut(new PrintStream(out, true));
    System.setErr(new PrintStream(err, true));
    try {
      int code = Main.execute(args);
      return new Run(code, out.toString(), err.toString());
    } finally {
      System.setOut(oldOut);
      System.setErr(oldErr);
    }
  }

  @Test
  void helpAndVersionSucceed() {
    assertEquals(0, run("--help").code());
    Run v = run("version");
    assertEquals(0, v.code());
    assertTrue(v.out().contains("pytorch 2.7.1") && v.out().contains("threads"), v.out());
  }

  /** -V names the DJL and PyTorch versions that `version` names, without loading libtorch. */
  @Test
  void versionOptionReportsTheEngineVersionsAsTheVersionCommandDoes() {
    java.util.List<String> option = run("-V").out().lines()
        .filter(l -> l.startsWith("djl") || l.startsWith("pytorch")).toList();
    java.util.List<String> command = run("version").out().lines()
        .filter(l -> l.startsWith("djl") || l.startsWith("pytorch")).toList();
    assertEquals(2, option.size(), option.toString());
    assertEquals(command, option);
  }

  /** -V and `version` both report the configured threads (the launcher's TTT4J_THREADS). */
  @Test
  void versionOptionReportsTheConfiguredThreadsAsTheVersionCommandDoes() {
    String key = "ai.djl.pytorch.num_threads";
    String old = System.getProperty(key);
    System.setProperty(key, "1");
    try {
      Run v = run("-V");     // does not load the engine, so the setting cannot leak into it
      assertEquals(0, v.code());
      assertTrue(v.out().lines().anyMatch(l -> l.equals("threads 1")), v.out());
    } finally {
      if (old == null) {
        System.clearProperty(key);
      } else {
        System.setProperty(key, old);
      }
    }
  }

  /** Only the top level has -V: a subcommand that listed it printed nothing for it. */
  @Test
  void subcommandsOfferHelpButNoVersionOption() {
    java.util.ArrayDeque<picocli.CommandLine> todo = new java.util.ArrayDeque<>(
        new picocli.CommandLine(new Main()).getSubcommands().values());
    while (!todo.isEmpty()) {
      picocli.CommandLine cmd = todo.poll();
      todo.addAll(cmd.getSubcommands().values());
      String name = cmd.getCommandSpec().qualifiedName();
      assertTrue(cmd.getCommandSpec().findOption("--version") == null
          && cmd.getCommandSpec().findOption("-V") == null, name + " offers -V");
    }
    Run r = run("video", "make", "--out", dir.resolve("v").toString(), "-V");
    assertEquals(2, r.code(), r.out() + r.err());
    assertTrue(r.err().contains("Unknown option: '-V'"), r.err());
    for (String[] args : new String[][] {{"video", "make", "--help"}, {"corrupt", "-h"},
        {"bench", "corrupt", "--help"}, {"train", "seg", "-h"}}) {
      Run h = run(args);
      assertEquals(0, h.code(), String.join(" ", args));
      assertTrue(h.out().contains("-h, --help"), h.out());
    }
  }

  @Test
  void everySubcommandAnswersHelp() {
    String[][] commands = {{"eval"}, {"train"}, {"bench", "step"}, {"experiment"},
        {"video"}, {"demo"}, {"summary"}, {"test"}};
    for (String[] command : commands) {
      String[] args = java.util.Arrays.copyOf(command, command.length + 1);
      args[command.length] = "--help";
      Run r = run(args);
      assertEquals(0, r.code(), String.join(" ", args) + ": " + r.err());
      assertTrue(r.out().contains("Usage: ttt4j " + String.join(" ", command)),
          String.join(" ", args) + ": " + r.out());
    }
  }

  /**
   * Every option of every command says what it is and, if it has a default, what that is: `train
   * seg --steps 2` failing on "warm-up 100" must not be the first place a user sees the 100.
   */
  @Test
  void everyOptionHasADescriptionAndShowsItsDefault() {
    java.util.List<String> missing = new java.util.ArrayList<>();
    java.util.ArrayDeque<picocli.CommandLine> todo = new java.util.ArrayDeque<>();
    todo.add(new picocli.CommandLine(new Main()));
    while (!todo.isEmpty()) {
      picocli.CommandLine cmd = todo.poll();
      todo.addAll(cmd.getSubcommands().values());
      for (picocli.CommandLine.Model.OptionSpec o : cmd.getCommandSpec().options()) {
        String help = String.join(" ", o.description());   // ${DEFAULT-VALUE} filled in
        String name = cmd.getCommandSpec().qualifiedName() + " " + o.longestName();
        if (help.isBlank()) {
          missing.add(name + ": no description");
        } else if (o.defaultValue() != null && !showsValue(help, o.defaultValue())) {
          missing.add(name + ": default " + o.defaultValue() + " not shown");
        }
      }
    }
    assertTrue(missing.isEmpty(), String.join("\n", missing));
  }

  /**
   * Whether {@code help} names {@code value} on its own: "1..5" or "1-5" shows neither a 1 nor a
   * 5 as a default, and 0.75 shows no 5.
   */
  private static boolean showsValue(String help, String value) {
    return java.util.regex.Pattern.compile("(?<![\\w.\\-])" + java.util.regex.Pattern.quote(value)
        + "(?![\\w\\-]|\\.[\\w.])").matcher(help).find();
  }

  @Test
  void usageErrorsExitTwo() {
    assertEquals(2, run("no-such-command").code());
    assertEquals(2, run("info", "no-such-preset").code());
  }

  @Test
  void failuresExitOneWithOneLineAndNoStackTraceUnlessVerbose() throws Exception {
    Path bad = dir.resolve("bad.safetensors");
    Files.write(bad, new byte[] {1, 2, 3});
    Run r = run("info", bad.toString());
    assertEquals(1, r.code());
    assertTrue(r.err().startsWith("ttt4j: safetensors file " + bad), r.err());
    assertFalse(r.err().contains("\tat "), "no stack trace: " + r.err());
    Run verbose = run("info", bad.toString(), "--verbose");
    assertEquals(1, verbose.code());
    assertTrue(verbose.err().contains("\tat "), "stack trace with --verbose");
  }

  @Test
  void infoShowsParameterCountsPerGroup() {
    Run r = run("info", "fmnist-tiny");
    assertEquals(0, r.code());
    assertTrue(r.out().contains("encoder + mask token (TTT default) 2,673,152"), r.out());
  }

  @Test
  void infoReadsARunFolderAndDefaultsToTheShippedModel() throws Exception {
    Path shipped = Path.of(System.getProperty("ttt4j.root", "."), ModelOption.DEFAULT);
    org.junit.jupiter.api.Assumptions.assumeTrue(Files.isRegularFile(shipped), "shipped model");
    Run folder = run("info", shipped.getParent().toString());
    assertEquals(0, folder.code(), folder.err());
    assertTrue(folder.out().startsWith("checkpoint " + shipped), folder.out());
    assertTrue(folder.out().contains("provenance"), folder.out());
    Run none = run("info");
    assertEquals(0, none.code(), none.err());
    assertEquals(folder.out(), none.out());
    Path empty = Files.createDirectory(dir.resolve("empty-run"));
    Run r = run("info", empty.toString());
    assertEquals(2, r.code());
    assertTrue(r.err().contains("is a folder without model.safetensors"), r.err());
    Run eval = run("eval", "--model", empty.toString(), "--out", dir.resolve("e").toString());
    assertTrue(eval.err().contains("is a folder without model.safetensors"), eval.err());
  }

  /** A stopped run's state is no model: the hint names the command that finishes the run. */
  @Test
  void aTrainingStateGivenAsModelNamesTheCommandThatFinishesItsRun() throws Exception {
    Path run = Files.createDirectory(dir.resolve("stopped"));
    Path state = run.resolve("state.safetensors");
    org.ttt4j.model.Safetensors.write(state, Map.of(), Map.of(
        "format", org.ttt4j.train.TrainState.FORMAT,
        "train_config", "{\"mode\":\"JOINT\",\"epochs\":1.0}"));
    String finish = "finish it with `ttt4j train joint --out " + run + " --resume`";
    Run info = run("info", state.toString());
    assertEquals(1, info.code(), info.err());
    assertTrue(info.err().contains("is the training state of a `ttt4j train` run, not a model")
        && info.err().contains(finish), info.err());
    assertFalse(info.err().contains("ttt4j import"), "import cannot read it either");
    for (String[] args : new String[][] {{"info", run.toString()}, {"test", run.toString()}}) {
      Run folder = run(args);
      assertTrue(folder.err().contains(finish), String.join(" ", args) + ": " + folder.err());
    }
    org.ttt4j.model.Safetensors.write(state, Map.of(), Map.of(
        "format", org.ttt4j.train.TrainState.FORMAT, "train_config", "{\"steps\":10}"));
    assertTrue(run("info", state.toString()).err().contains("`ttt4j train seg --videos DIR --out "
        + run + " --resume`"), "a train seg state");
  }

  @Test
  void testRefusesOptionsThatWouldMisreportTheCleanAccuracy() {
    Run zero = run("test", "--limit", "0");
    assertEquals(2, zero.code(), zero.err());
    assertTrue(zero.err().contains("--limit must be >= 1"), zero.err());
    Run partial = run("test", "--limit", "3", "--record");
    assertEquals(2, partial.code(), "a partial result must not replace the recorded figure");
    assertTrue(partial.err().contains("whole split"), partial.err());
    Run level = run("test", "--level", "3");
    assertEquals(2, level.code(), "--level without --corruption did nothing before");
    assertTrue(level.err().contains("--corruption NAME"), level.err());
    Run foo = run("test", "--split", "foo");
    assertEquals(2, foo.code());
    assertTrue(foo.err().contains("valid: test, val"), "test takes val too: " + foo.err());
    assertFalse(run("test", "--help").err().contains("picocli WARN"), "the % of the help is escaped");
  }

  @Test
  void aTrainingThatCannotMakeOneStepIsRefusedBeforeItsFolderIsWritten() {
    Path run = dir.resolve("t");
    Run r = run("train", "supervised", "--preset", "micro", "--limit", "4", "--val", "100",
        "--batch", "8", "--out", run.toString());
    assertEquals(2, r.code(), r.err());
    assertTrue(r.err().contains("fewer than one batch of 8; lower --batch"), r.err());
    assertFalse(Files.exists(run), "no history.csv or folder left behind");
  }

  @Test
  void testMeasuresTheValidationSplitThatTrainHoldsOut() {
    org.junit.jupiter.api.Assumptions.assumeTrue(org.ttt4j.data.FashionMnist.isInstalled(),
        "needs the Fashion-MNIST package");
    Run r = run("test", "--split", "val", "--val", "200", "--limit", "50");
    assertEquals(0, r.code(), r.err());
    assertTrue(r.out().contains("/val (50 images)"), r.out());
    Run none = run("test", "--split", "val", "--val", "0");
    assertEquals(2, none.code(), none.err());
    assertTrue(none.err().contains("--val N > 0"), none.err());
  }
}
