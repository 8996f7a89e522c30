package org.ttt4j.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TrainHistoryTest {

  @TempDir Path dir;

  @Test
  void aResumeKeepsTheWholeStepsUpToItsStateAndAppendsAfterThem() throws Exception {
    String header = "step,lr,loss";
    Files.write(dir.resolve("history.csv"), List.of(header, "1,0.1,2.0", "2,0.1,garbled",
        "3,0.1,1.5", "4,0.1,1.4", "5,0.1"));
    try (TrainHistory history = TrainHistory.open(dir, header, 3)) {
      assertEquals(List.of("1,0.1,2.0", "3,0.1,1.5"), history.kept(),
          "step 2 garbled, 4 after the state, 5 cut short by a crash");
      assertEquals(List.of(header, "1,0.1,2.0", "3,0.1,1.5"),
          Files.readAllLines(history.file()), "on disk before the first new step");
      history.append("4,0.1,1.3");
      assertEquals("4,0.1,1.3", Files.readAllLines(history.file()).get(3), "as the step ends");
    }
  }

  @Test
  void aNewRunStartsWithTheHeaderAlone() throws Exception {
    Files.write(dir.resolve("history.csv"), List.of("step,lr,loss", "1,0.1,2.0"));
    try (TrainHistory history = TrainHistory.open(dir.resolve("run"), "step,lr,loss", 0)) {
      assertEquals(List.of(), history.kept());
    }
    try (TrainHistory history = TrainHistory.open(dir, "step,lr,loss", 0)) {
      assertEquals(List.of("step,lr,loss"), Files.readAllLines(history.file()),
          "a history left by a run that stopped before its first state is started over");
    }
  }
}
