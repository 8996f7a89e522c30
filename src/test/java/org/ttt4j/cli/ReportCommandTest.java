package org.ttt4j.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.ttt4j.eval.Evaluation;
import org.ttt4j.report.RunFolders;

class ReportCommandTest {

  @TempDir Path dir;
  @RegisterExtension final CapturedConsole console = new CapturedConsole();

  private static final List<String> CORRUPTIONS = List.of("fog", "contrast");

  /** A fixed run, an online run with held-out points, and a standard run with K = 2 steps. */
  private List<Path> threeRuns() {
    Path fixed = dir.resolve("runs/fixed");
    RunFolders.writeRecords(fixed, RunFolders.records(CORRUPTIONS, 120, 1, 0.5, 1));
    RunFolders.writeManifest(fixed, List.of("ttt4j", "eval", "--strategy", "fixed", "--out",
        "runs/fixed"), Map.of("stream", Map.of("kind", "SEPARATE", "level", 5)));
    Path online = dir.resolve("runs/online");
    RunFolders.writeRecords(online, RunFolders.records(CORRUPTIONS, 120, 1, 0.7, 2));
    List<Evaluation.HoldoutRecord> held = new ArrayList<>();
    for (int seg = 0; seg < 2; seg++) {
      for (int seen = 0; seen <= 120; seen += 60) {
        held.add(new Evaluation.HoldoutRecord(seg, CORRUPTIONS.get(seg) + ":5", seen,
            seg * 120 + seen, 20 + seen / 10, 40, (20 + seen / 10) / 40.0));
      }
    }
    RunFolders.writeHoldout(online, held);
    Path standard = dir.resolve("runs/standard");
    RunFolders.writeRecords(standard, RunFolders.records(CORRUPTIONS, 30, 3, 0.8, 3));
    return List.of(fixed, online, standard);
  }

  @Test
  void buildsOneSelfContainedPageAndItsMarkdownFromRecordsAlone() throws Exception {
    List<Path> runs = threeRuns();
    Path out = dir.resolve("report");

    assertEquals(0, Main.execute("report", runs.get(0).toString(), runs.get(1).toString(),
        runs.get(2).toString(), "--out", out.toString()));

    String html = Files.readString(out.resolve("report.html"));
    String md = Files.readString(out.resolve("report.md"));
    assertTrue(html.startsWith("<!DOCTYPE html>") && html.contains("<table>")
        && html.contains("<td>fixed</td>"), "the grid is an HTML table");
    // Table 1 with intervals, one row per run, and a column per corruption:level
    Pattern row = Pattern.compile("\\| online \\| (\\d+\\.\\d \\[\\d+\\.\\d, \\d+\\.\\d\\] \\| ){2}");
    assertTrue(row.matcher(md).find(), md);
    assertTrue(md.contains("| method | fog:5 | contrast:5 | mean |"), md);
    assertTrue(md.contains("| standard | ") && md.contains("| k=0 | k=1 | k=2 |"), md);
    assertTrue(md.contains("Held-out accuracy: online") && md.contains("| n=60 |"), md);
    assertTrue(md.contains("T-shirt/top") || md.contains("class 0"), "per-class table");
    assertTrue(md.contains("ttt4j eval --strategy fixed --out runs/fixed"), "provenance");

    List<String> pngs = List.of("accuracy-by-corruption.png", "accuracy-per-step.png",
        "accuracy-per-step-by-corruption.png", "stream.png", "accuracy-by-class.png");
    Matcher img = Pattern.compile("<img src=\"data:image/png;base64,([A-Za-z0-9+/=]+)\"")
        .matcher(html);
    int embedded = 0;
    while (img.find()) {
      BufferedImage decoded = ImageIO.read(new java.io.ByteArrayInputStream(
          Base64.getDecoder().decode(img.group(1))));
      assertNotNull(decoded, "embedded image " + embedded + " is a PNG");
      embedded++;
    }
    assertEquals(pngs.size(), embedded, "every figure is embedded in the page");
    for (String name : pngs) {
      assertTrue(md.contains("](" + name + ")"), "report.md links " + name);
      BufferedImage png = ImageIO.read(out.resolve(name).toFile());
      assertNotNull(png, name);
      assertTrue(png.getWidth() >= 700 && png.getWidth() <= 2000
          && png.getHeight() >= 300 && png.getHeight() <= 2000,
          name + " is " + png.getWidth() + "x" + png.getHeight());
    }
    try (Stream<Path> left = Files.list(out)) {
      assertTrue(left.noneMatch(p -> p.getFileName().toString().endsWith(".tmp")),
          "no temporary file is left behind");
    }
  }

  @Test
  void aSecondReportIntoTheSameFolderLeavesNoFigureOfTheFirst() throws Exception {
    List<Path> runs = threeRuns();
    Path out = dir.resolve("report");
    assertEquals(0, Main.execute("report", runs.get(0).toString(), runs.get(2).toString(),
        "--out", out.toString()));
    assertTrue(Files.exists(out.resolve("accuracy-per-step.png")));

    assertEquals(0, Main.execute("report", runs.get(0).toString(), "--out", out.toString()));

    assertTrue(Files.notExists(out.resolve("accuracy-per-step.png")), "no stepping run now");
    assertTrue(Files.exists(out.resolve("stream.png")));
    assertTrue(Files.readString(out.resolve("report.md")).contains("no curve over steps"));
  }

  @Test
  void truncatedLastLineIsReportedOnStderrAndInTheReport() throws Exception {
    Path run = dir.resolve("crashed");
    Path records = RunFolders.writeRecords(run, RunFolders.records(CORRUPTIONS, 60, 1, 0.5, 4));
    Files.writeString(records, Files.readString(records) + "{\"segment\":1,\"pos",
        StandardCharsets.UTF_8);
    Path out = dir.resolve("report");

    assertEquals(0, Main.execute("report", run.toString(), "--out", out.toString()));

    String err = console.err().toString(StandardCharsets.UTF_8);
    assertTrue(err.contains("warning: " + records + ": skipped 1 unreadable line (line 121"),
        err);
    String md = Files.readString(out.resolve("report.md"));
    assertTrue(md.contains("> **Warning:** " + records + ": skipped 1 unreadable line")
        && md.contains("using the 120 complete records"), md);
    assertTrue(md.contains("| crashed | ? | ? | 120 |"), "all complete records are used: " + md);
    assertTrue(md.contains("| records | 120 (1 unreadable line skipped) |"), "its facts: " + md);
    assertTrue(Files.readString(out.resolve("report.html")).contains("class=\"warning\""));
  }

  @Test
  void emptyMissingOrForeignFolderFailsWithOneLineNamingIt() throws Exception {
    Path empty = Files.createDirectories(dir.resolve("empty"));
    Path train = Files.createDirectories(dir.resolve("train-run"));
    RunFolders.writeManifest(train, List.of("ttt4j", "train", "mae", "--out", "x"), Map.of());
    Files.writeString(train.resolve("history.csv"), "step,loss\n");
    Path out = dir.resolve("report");

    assertEquals(1, Main.execute("report", empty.toString(), "--out", out.toString()));
    assertEquals(1, Main.execute("report", train.toString(), "--out", out.toString()));
    assertEquals(1, Main.execute("report", dir.resolve("nowhere").toString(), "--out",
        out.toString()));

    String[] lines = console.err().toString(StandardCharsets.UTF_8).split("\\R");
    assertTrue(lines[0].equals("ttt4j: " + empty + " is empty; expected the folder of a `ttt4j"
        + " eval` run (records.jsonl, manifest.json)"), lines[0]);
    assertTrue(lines[2].startsWith("ttt4j: " + train + " is not a `ttt4j eval` run folder: it"
        + " has no records.jsonl") && lines[2].contains("`ttt4j train mae`"), lines[2]);
    assertTrue(lines[4].startsWith("ttt4j: " + dir.resolve("nowhere") + " does not exist"),
        lines[4]);
    assertTrue(Files.notExists(out.resolve("report.html")), "no report from bad input");
  }

  @Test
  void badOptionsAreUsageErrors() {
    Path run = dir.resolve("run");
    RunFolders.writeRecords(run, RunFolders.records(CORRUPTIONS, 5, 1, 0.5, 5));
    assertEquals(2, Main.execute("report", run.toString()), "--out is required");
    assertEquals(2, Main.execute("report", "--out", dir.resolve("r").toString()), "no run");
    assertEquals(2, Main.execute("report", run.toString(), "--label", "a,b", "--out",
        dir.resolve("r").toString()));
    assertEquals(2, Main.execute("report", run.toString(), "--window", "0", "--out",
        dir.resolve("r").toString()));
    assertEquals(2, Main.execute("report", run.toString(), "--label", "a|b", "--out",
        dir.resolve("r").toString()), "a name that would split a table cell");
  }

  @Test
  void summaryRefusesANameThatWouldSplitItsTableCells() {
    Path run = dir.resolve("run");
    RunFolders.writeRecords(run, RunFolders.records(CORRUPTIONS, 5, 1, 0.5, 5));

    assertEquals(2, Main.execute("summary", run.toString(), "--label", "a|b"));

    String err = console.err().toString(StandardCharsets.UTF_8);
    assertTrue(err.startsWith("ttt4j: run name 'a|b' of " + run + " must be non-blank and free"
        + " of '|'"), err);
    assertEquals("", console.out().toString(StandardCharsets.UTF_8), "no broken table");
  }

  @Test
  void aRunFolderGivenTwiceIsAUsageErrorSayingSo() {
    Path run = dir.resolve("run");
    RunFolders.writeRecords(run, RunFolders.records(CORRUPTIONS, 5, 1, 0.5, 5));

    assertEquals(2, Main.execute("summary", run.toString(), dir.resolve("./run").toString()));
    assertEquals(2, Main.execute("summary", run.toString(), "--label", "x,y"));

    String[] lines = console.err().toString(StandardCharsets.UTF_8).split("\\R");
    assertEquals("ttt4j: run folder " + dir.resolve("./run") + " is given twice", lines[0]);
    assertEquals("ttt4j: --label names 2 runs but 1 run folder was given", lines[2]);
  }

  @Test
  void runsOnDifferentSplitsAreFlaggedInTheReportAndBySummary() throws Exception {
    Path test = dir.resolve("on-test");
    Path val = dir.resolve("on-val");
    for (Path p : List.of(test, val)) {
      RunFolders.writeRecords(p, RunFolders.records(CORRUPTIONS, 20, 1, 0.5, 6));
    }
    RunFolders.manifest(List.of("ttt4j", "eval"), Map.of(), Map.of("source", "fashion-mnist",
        "split", "test"), 1).write(test.resolve("manifest.json"));
    RunFolders.manifest(List.of("ttt4j", "eval", "--split", "val"), Map.of(), Map.of("source",
        "fashion-mnist", "split", "validation: the last 5000 training images"), 1)
        .write(val.resolve("manifest.json"));
    Path out = dir.resolve("report");

    assertEquals(0, Main.execute("report", test.toString(), val.toString(), "--out",
        out.toString()));
    assertEquals(0, Main.execute("summary", test.toString(), val.toString()));

    String md = Files.readString(out.resolve("report.md"));
    assertTrue(md.contains("> **Warning:** The runs were made on different splits (on-test:"
        + " test; on-val: validation: the last 5000 training images)"), md);
    String err = console.err().toString(StandardCharsets.UTF_8);
    assertEquals(2, err.split("warning: The runs were made on different splits", -1).length - 1,
        "report and summary both say so on stderr: " + err);
  }

  @Test
  void segmentsShorterThanTwoWindowsStillGetAStreamFigureWithAShorterWindow() throws Exception {
    // two corruptions of 30 samples: the default --window 50 would leave no full window
    Path run = dir.resolve("online");
    RunFolders.writeRecords(run, RunFolders.records(CORRUPTIONS, 30, 1, 0.6, 7));
    Path out = dir.resolve("report");

    assertEquals(0, Main.execute("report", run.toString(), "--out", out.toString()));

    String md = Files.readString(out.resolve("report.md"));
    assertTrue(md.contains("over the last 10 samples (--window 50 is longer than half the"
        + " longest segment, so the figure uses 10)"), md);
    assertTrue(Files.isRegularFile(out.resolve("stream.png")), "the stream is drawn");
  }
}
