package org.ttt4j.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** {@code ttt4j train curves} draws again without touching the figure the run drew itself. */
class TrainCurvesCommandTest {

  @TempDir Path dir;
  @RegisterExtension final CapturedConsole console = new CapturedConsole();

  @Test
  void drawingARunAgainKeepsTheRunsOwnCurvesAndTitle() throws Exception {
    Path run = Files.createDirectories(dir.resolve("run"));
    Files.writeString(run.resolve("history.csv"), TrainCurvesCommand.TRAIN_HEADER + "\n"
        + "1,0.1,1e-3,2.0,0.5,1.5,100\n2,0.2,1e-3,1.8,0.5,1.3,100\n");
    byte[] own = "the run's own figure, titled 'JOINT on fashion-mnist'".getBytes();
    Files.write(run.resolve("curves.png"), own);
    assertEquals(0, Main.execute("train", "curves", run.toString()));
    assertArrayEquals(own, Files.readAllBytes(run.resolve("curves.png")));
    assertTrue(Files.size(run.resolve("curves-redrawn.png")) > 0);
    assertTrue(console.out().toString().contains("curves: " + run.resolve("curves-redrawn.png")));
  }

  @Test
  void theRedrawnFigureIsNamedAfterItsHistory() {
    assertEquals("curves-redrawn.png", TrainCurvesCommand.redrawnName(Path.of("run/history.csv")));
    assertEquals("curves-mae-redrawn.png",
        TrainCurvesCommand.redrawnName(Path.of("history-mae.csv")));
  }

  @Test
  void aFinishedRunWhoseCurvesCannotBeDrawnSaysHowToDrawThemAndDoesNotFail() throws Exception {
    Path run = Files.createDirectories(dir.resolve("seg"));
    Path csv = run.resolve("history.csv");
    Files.writeString(csv, TrainCurvesCommand.SEG_HEADER + "\n1,1e-3,oops,0.5,1.0,9\n");
    java.io.StringWriter said = new java.io.StringWriter();
    boolean drawn = TrainCurvesCommand.drawFinished(csv, run.resolve("curves.png"), "seg",
        new java.io.PrintWriter(said, true));
    assertFalse(drawn);
    assertFalse(Files.exists(run.resolve("curves.png")));
    assertTrue(said.toString().contains("the model is saved")
        && said.toString().contains("ttt4j train curves " + run), said.toString());
  }
}
