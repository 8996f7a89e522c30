package org.ttt4j.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.ttt4j.report.RunFolders;

/** {@code ttt4j experiment --report-only}: bad and cut-short run folders (no model needed). */
class ExperimentCommandTest {

  @TempDir Path dir;
  @RegisterExtension final CapturedConsole console = new CapturedConsole();

  @Test
  void aCutShortRunIsReadUpToItsLastCompleteRecordAndSaysSo() throws Exception {
    Path out = dir.resolve("steps");
    for (String name : List.of("sgd", "adamw")) {
      Path run = out.resolve(name);
      RunFolders.writeRecords(run, RunFolders.records(List.of("fog", "contrast"), 30, 11, 0.7, 1));
      RunFolders.writeManifest(run, List.of("ttt4j", "eval", "--split", "test"), Map.of());
    }
    Path records = out.resolve("adamw/records.jsonl");
    Files.writeString(records, Files.readString(records) + "{\"segment\":1,\"posi");

    assertEquals(0, Main.execute("experiment", "steps-optimizer", "--report-only", "--out",
        out.toString()));

    String err = console.err().toString(StandardCharsets.UTF_8);
    assertTrue(err.contains("warning: " + records + ": skipped 1 unreadable line (line 61: the"
        + " last, cut short mid-write); using the 60 complete records"), err);
    String md = Files.readString(out.resolve("report.md"));
    assertTrue(md.contains("> **Warning:** " + records + ": skipped 1 unreadable line"), md);
    assertTrue(md.contains("| adamw | ? | ? | 60 |"), "every complete record used: " + md);
  }

  @Test
  void anEmptyOrForeignFolderIsAOneLineError() throws Exception {
    Path empty = Files.createDirectories(dir.resolve("empty"));
    assertEquals(1, Main.execute("experiment", "batch-size", "--report-only", "--out",
        empty.toString()));
    assertEquals(2, Main.execute("experiment", "batch", "--report-only", "--out",
        empty.toString()), "an unknown experiment name is a usage error");
    assertEquals(2, Main.execute("experiment", "stream-order", "--report-only", "--window", "0",
        "--out", empty.toString()), "--window 0 is refused up front, not deep in a figure");
    String[] lines = console.err().toString(StandardCharsets.UTF_8).split("\\R");
    assertEquals("ttt4j: " + empty + " has no b1 run of batch-size; --report-only reports the"
        + " runs that `ttt4j experiment batch-size` made there: run it without --report-only"
        + " first (or give its --out)", lines[0]);
    assertTrue(lines[2].startsWith("ttt4j: unknown experiment 'batch'; valid: steps-optimizer,"),
        lines[2]);
    assertTrue(Files.notExists(empty.resolve("report.html")), "no report from bad input");
  }

  @Test
  void aStopRequestedBeforeARunStartsNoRunAndSaysHowToContinue() {
    java.io.StringWriter text = new java.io.StringWriter();
    Path out = dir.resolve("pc");
    org.ttt4j.experiment.Scale scale = new org.ttt4j.experiment.Scale(null, "fashion-mnist",
        "fog", 5, 5, 0);

    int code = ExperimentCommand.runEvals(org.ttt4j.experiment.Experiment.PER_CLASS, scale, out,
        new java.io.PrintWriter(text), () -> true);

    assertEquals(130, code, "as eval's own Ctrl-C");
    assertEquals("ttt4j: stopped before the per-class run fixed; run the experiment again to"
        + " continue it", text.toString().strip());
    assertTrue(Files.notExists(out), "no run was started");
  }
}
