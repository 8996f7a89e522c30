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
}
