package org.ttt4j.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;

class ProgressBarTest {

  private long now;

  @Test
  void lineShowsDoneTotalRateEtaAndFields() {
    StringWriter s = new StringWriter();
    ProgressBar bar = new ProgressBar(new PrintWriter(s), "corrupt", 100, "img", false, () -> now);
    now = 2_000_000_000L; // 2 s for 25 images: 12.5 img/s, 75 left -> 6 s
    bar.advance(25);
    bar.field("loss", 0.5);
    assertEquals("corrupt [######..................]  25% 25/100 12.5 img/s ETA 0:06 loss=0.5",
        bar.line(now));
  }

  @Test
  void aResumedBarCountsOnlyNewWorkInItsRate() {
    StringWriter s = new StringWriter();
    ProgressBar bar = new ProgressBar(new PrintWriter(s), "train", 100, "steps", false, () -> now);
    bar.startAt(50);                  // resumed at step 50
    now = 5_000_000_000L;             // 10 new steps in 5 s: 2 steps/s, 40 left -> 20 s
    bar.advance(10);
    assertEquals("train [##############..........]  60% 60/100 2.0 steps/s ETA 0:20",
        bar.line(now));
  }

  @Test
  void nonInteractivePrintsAboutEveryTenPercent() {
    StringWriter s = new StringWriter();
    ProgressBar bar = new ProgressBar(new PrintWriter(s), "x", 1000, "it", false, () -> now);
    for (int i = 0; i < 1000; i++) {
      now += 1_000_000;
      bar.advance(1);
    }
    bar.finish();
    String[] lines = s.toString().split("\n");
    assertEquals(10, lines.length, s.toString()); // 10 %, ..., 90 %, then the final line
    assertTrue(lines[9].contains("100% 1000/1000") && lines[9].contains("took 0:01"), lines[9]);
    assertTrue(!s.toString().contains("\r"));
  }

  @Test
  void interactiveRedrawsInPlace() {
    StringWriter s = new StringWriter();
    ProgressBar bar = new ProgressBar(new PrintWriter(s), "x", 10, "it", true, () -> now);
    now = 200_000_000L;
    bar.advance(5);
    bar.message("note");
    bar.finish();
    assertTrue(s.toString().startsWith("\rx ["), s.toString());
    assertTrue(s.toString().contains("note\n"), s.toString());
    assertEquals("3:25:45", ProgressBar.clock(12345));
  }

  @Test
  void redrawsInPlaceOnlyWhenStandardErrorIsATerminal(@org.junit.jupiter.api.io.TempDir
      java.nio.file.Path dir) throws Exception {
    java.nio.file.Path toLog = java.nio.file.Files.createSymbolicLink(dir.resolve("2"),
        dir.resolve("eval.log"));
    java.nio.file.Path toPts = java.nio.file.Files.createSymbolicLink(dir.resolve("2b"),
        java.nio.file.Path.of("/dev/pts/3"));
    java.nio.file.Path plain = java.nio.file.Files.writeString(dir.resolve("x"), "");
    assertEquals(false, ProgressBar.isTerminal(toLog, true), "2> eval.log: full lines");
    assertEquals(true, ProgressBar.isTerminal(toPts, false), "a terminal, stdout redirected");
    assertEquals(true, ProgressBar.isTerminal(plain, true), "no link: the console decides");
  }
}
