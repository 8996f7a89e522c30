package org.ttt4j.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** {@code ttt4j bench train} on the micro preset: the table's columns, positive times, usage errors. */
class BenchTrainCommandTest {

  @RegisterExtension final CapturedConsole console = new CapturedConsole();

  @TempDir Path dir;

  @Test
  void printsOneRowPerBatchWithPositiveTimesAndWritesJson() throws Exception {
    Path json = dir.resolve("train.json");
    assertEquals(0, Main.execute("bench", "train", "--preset", "micro", "--batch", "4,8",
        "--min-time", "0.01", "--json", json.toString()), console.err().toString());
    List<String> lines = console.out().toString().lines().toList();
    List<String> header = List.of(lines.get(1).trim().split("\\s+"));
    assertEquals(List.of("config", "B", "step_med", "step_min", "n", "img/s", "aug_s",
        "train_med", "train_min", "n", "train_img/s", "peakRSS_MiB", "loss"), header);
    for (int row = 0; row < 2; row++) {
      String[] f = lines.get(2 + row).trim().split("\\s+");
      assertEquals("micro", f[0]);
      assertEquals(row == 0 ? "4" : "8", f[1]);
      for (int col : new int[] {2, 3, 5, 6, 7, 8, 10}) {
        assertTrue(Double.parseDouble(f[col]) > 0, header.get(col) + " in " + lines.get(2 + row));
      }
      assertTrue(Integer.parseInt(f[4]) >= 5 && Integer.parseInt(f[9]) >= 5, "at least 5 steps");
    }
    String report = Files.readString(json);
    assertTrue(report.contains("\"trainerStep\"") && report.contains("\"mode\": \"MAE\""), report);
  }

  @Test
  void batchBelowTwoIsAUsageErrorNamingTheValue() {
    assertEquals(2, Main.execute("bench", "train", "--preset", "micro", "--batch", "8,0"));
    assertTrue(console.err().toString().contains("--batch values must be at least 2"),
        console.err().toString());
    assertEquals("", console.out().toString(), "nothing is measured before the check");
  }
}
