package org.ttt4j.report;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class ReportPathsTest {

  @Test
  void pathsUnderTheWorkingDirectoryAreShownRelative() {
    String here = Path.of("").toAbsolutePath().normalize().toString();
    assertEquals("| folder | runs/results/online |",
        Report.relativeToHere("| folder | " + here + "/runs/results/online |"));
    assertEquals("/elsewhere/run", Report.relativeToHere("/elsewhere/run"));
  }
}
