package org.ttt4j.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.Gson;
import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code ttt4j bench step} on the micro preset: the table's columns, positive times, the restore
 * as a share of the step it belongs to, JSON, usage errors.
 */
class BenchStepCommandTest {

  @RegisterExtension final CapturedConsole console = new CapturedConsole();

  @TempDir Path dir;

  @Test
  void printsOneRowPerBatchWithTheRestoreShareAndWritesJson() throws Exception {
    Path json = dir.resolve("step.json");
    assertEquals(0, Main.execute("bench", "step", "--preset", "micro", "--batch", "1,4",
        "--min-time", "0.01", "--json", json.toString()), console.err().toString());
    List<String> lines = console.out().toString().lines().toList();
    List<String> header = List.of(lines.get(1).trim().split("\\s+"));
    assertEquals(List.of("config", "B", "step_med", "step_min", "n", "GFLOP/st", "GFLOP/s",
        "cls_s", "restore_s", "restore_%", "peakRSS_MiB", "loss"), header);
    JsonArray results = new Gson().fromJson(Files.readString(json), JsonObject.class)
        .getAsJsonArray("results");
    for (int row = 0; row < 2; row++) {
      String[] f = lines.get(2 + row).trim().split("\\s+");
      assertEquals("micro", f[0]);
      for (int col : new int[] {2, 3, 6, 7}) {
        assertTrue(Double.parseDouble(f[col]) > 0, header.get(col) + " in " + lines.get(2 + row));
      }
      JsonObject r = results.get(row).getAsJsonObject();
      double restore = r.getAsJsonObject("restore").get("median").getAsDouble();
      double step = r.getAsJsonObject("step").get("median").getAsDouble();
      assertTrue(restore > 0, "restore time in " + r);
      assertEquals(100 * restore / step, Double.parseDouble(f[9]), 0.006, "restore_% column");
    }
  }

  @Test
  void aBatchBelowOneIsAUsageErrorNamingTheValue() {
    assertEquals(2, Main.execute("bench", "step", "--preset", "micro", "--batch", "4,0"));
    assertTrue(console.err().toString().contains("--batch values must be >= 1, got 0"),
        console.err().toString());
  }

  @Test
  void nothingIsMeasuredBeforeTheBatchAndMinTimeChecks() {
    assertEquals(2, Main.execute("bench", "step", "--preset", "micro", "--batch", "4,0",
        "--min-time", "0.01"));
    assertEquals("", console.out().toString(), "B = 4 was measured before B = 0 was refused");
    assertEquals(2, Main.execute("bench", "step", "--preset", "micro", "--min-time", "-1"));
    assertTrue(console.err().toString().contains("--min-time must be >= 0 seconds, got -1.0"),
        console.err().toString());
    assertEquals("", console.out().toString(), "nothing is measured before the check");
  }
}
