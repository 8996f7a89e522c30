package org.ttt4j.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.ttt4j.bench.MemoryBenchmark;
import org.ttt4j.model.FusedMaeLoss;

/** The bench commands' usage errors, failures and what they say when there is nothing to show. */
class BenchCommandTest {

  @RegisterExtension final CapturedConsole console = new CapturedConsole();

  @TempDir Path dir;

  private String out() {
    return console.out().toString(StandardCharsets.UTF_8);
  }

  private String err() {
    return console.err().toString(StandardCharsets.UTF_8);
  }

  @Test
  void benchWithoutASubcommandIsAUsageErrorNamingThem() {
    assertEquals(2, Main.execute("bench"));
    assertTrue(err().contains("Missing required subcommand: one of step, train, profile")
        && err().contains("(see: ttt4j bench --help)"), err());
  }

  @Test
  void anUnknownPresetOrCorruptionIsAUsageErrorBeforeAnyOutput() {
    for (String[] args : new String[][] {{"bench", "step", "--preset", "nope"},
        {"bench", "train", "--preset", "nope"}, {"bench", "profile", "--preset", "nope"},
        {"bench", "online", "--preset", "nope"}, {"bench", "memory", "--preset", "nope"}}) {
      console.err().reset();
      assertEquals(2, Main.execute(args), String.join(" ", args));
      assertTrue(err().contains("unknown preset 'nope'; valid: fmnist-tiny"), err());
    }
    assertEquals(2, Main.execute("bench", "corrupt", "--corruptions", "nope"));
    assertTrue(err().contains("unknown corruption 'nope'"), err());
    assertEquals("", out(), "no table header before the error");
  }

  @Test
  void growingMemoryFailsWithAOneLineCause() {
    MemoryBenchmark.Result r = new MemoryBenchmark.Result("micro", 2, 1, List.of(
        new MemoryBenchmark.Point(10, 100, 10, 50, 0.01),
        new MemoryBenchmark.Point(20, 120, 10, 53, 0.01)), 0.2, 3);
    assertFalse(r.flat(0.05));
    String cause = BenchMemoryCommand.growing(r, 0.05).getMessage();
    assertEquals("memory is not flat: resident set +20.00 % from step 10 to 20 (--tolerance 5.0 %),"
        + " live arrays +3; a leak, or a warm-up longer than --every: run more --steps to tell",
        cause);
  }

  /** The fused MAE step runs no libtorch operator: say so, and write no empty trace. */
  @Test
  void profileOfTheFusedStepSaysNoOperatorRanAndWritesNoTrace() {
    Assumptions.assumeTrue(FusedMaeLoss.available(), "the fused native MAE step");
    Path trace = dir.resolve("t.json");
    assertEquals(0, Main.execute("bench", "profile", "--preset", "micro", "--batch", "1",
        "--steps", "1", "--trace", trace.toString()), err());
    assertTrue(out().contains("no libtorch operator ran in the 1 profiled steps, so no trace was"
        + " written") && out().contains("JAVA_OPTS=-Dttt4j.native.mae=off"), out());
    assertFalse(out().contains("ms in libtorch operators"), out());
    assertFalse(Files.exists(trace), "no trace of '[]'");
  }

  /** One {@code --preset} option, the same field, serves every bench that builds a model. */
  @Test
  void everyBenchOfAModelSharesOnePresetOption() {
    picocli.CommandLine bench = new picocli.CommandLine(new Main()).getSubcommands().get("bench");
    java.util.Set<Object> declared = new java.util.HashSet<>();
    for (String name : List.of("step", "train", "profile", "online", "memory")) {
      picocli.CommandLine.Model.OptionSpec preset = bench.getSubcommands().get(name)
          .getCommandSpec().findOption("--preset");
      assertEquals("fmnist-tiny", preset.defaultValue(), name);
      assertEquals("Architecture preset (default: fmnist-tiny).",
          String.join(" ", preset.description()).replace("${DEFAULT-VALUE}", "fmnist-tiny"), name);
      declared.add(preset.userObject());
    }
    assertEquals(1, declared.size(), "declared once: " + declared);
  }

  /** bench online and bench memory check k and B through their shared workload options. */
  @Test
  void theWindowWorkloadChecksItsSizesForOnlineAndMemory() {
    WindowWorkloadOptions w = new WindowWorkloadOptions();
    w.window = 16;
    w.batch = 8;
    assertTrue(w.sizesValid());
    w.batch = 0;
    assertFalse(w.sizesValid(), "B = 0");
    w.batch = 1;
    w.window = 0;
    assertFalse(w.sizesValid(), "k = 0");
    assertEquals(2, Main.execute("bench", "memory", "--preset", "micro", "--batch", "0"));
    assertTrue(err().contains("need --every >= 1, --steps >= 2 x --every, --window and --batch"
        + " >= 1, --tolerance >= 0"), err());
    console.err().reset();
    assertEquals(2, Main.execute("bench", "online", "--preset", "micro", "--batch", "0"));
    assertTrue(err().contains("--window, --batch, --frames, --warmup and --standard-samples must"
        + " be >= 1 and --standard-steps >= 0"), err());
    assertEquals("", out(), "nothing measured");
  }

  /** The --min-time help says how many steps (products) the timer takes: at least 5, at most. */
  @Test
  void theMinTimeHelpNamesTheTimersLimits() {
    org.ttt4j.bench.Timer sweep = new BatchSweepOptions().timer(3);
    for (String name : List.of("step", "train")) {
      console.out().reset();
      assertEquals(0, Main.execute("bench", name, "--help"));
      assertTrue(out().replaceAll("\\s+", " ").contains("Seconds of timed steps per point, at"
          + " least " + sweep.minReps() + " and at most " + sweep.maxReps() + " steps"), out());
    }
    assertEquals(200, sweep.maxReps(), "the timer of bench step and bench train");
    console.out().reset();
    assertEquals(0, Main.execute("bench", "matmul", "--help"));
    assertTrue(out().replaceAll("\\s+", " ").contains("Seconds of timed products, at least 5 and"
        + " at most 1000 of them"), out());
  }

  /**
   * A bench train point times two figures in steps, each for --min-time (the step on a fixed
   * batch, then the trainer step), and the augmentation between them, so it takes about twice
   * --min-time: its help says so. It said "Seconds of timed steps per point" and no more.
   */
  @Test
  void theTrainMinTimeHelpSaysAPointTakesAboutTwiceIt() {
    assertEquals(0, Main.execute("bench", "train", "--help"));
    String help = out().replaceAll("\\s+", " ");
    assertTrue(help.contains("bench train two (step_med, then train_med, with up to about 2 s of"
        + " augmentation between them), so a bench train point takes about twice this"), help);
  }
}
