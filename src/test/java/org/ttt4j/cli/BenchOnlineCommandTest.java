package org.ttt4j.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

class BenchOnlineCommandTest {

  @RegisterExtension final CapturedConsole console = new CapturedConsole();
  @TempDir Path dir;

  @Test
  void printsFramesPerSecondAndStandardSecondsPerSample() throws Exception {
    Path json = dir.resolve("online.json");
    assertEquals(0, Main.execute("bench", "online", "--preset", "micro", "--window", "4",
        "--batch", "2", "--warmup", "2", "--frames", "4", "--standard-steps", "2",
        "--standard-samples", "2", "--json", json.toString()));
    String out = console.out().toString(StandardCharsets.UTF_8);
    Matcher fps = Pattern.compile("ONLINE micro k=4 B=2 1 step/frame: ([0-9.]+) frames/s")
        .matcher(out);
    assertTrue(fps.find(), out);
    assertTrue(Double.parseDouble(fps.group(1)) > 0);
    Matcher std = Pattern.compile("STANDARD micro K=2 B=2.*: ([0-9.]+) s per sample").matcher(out);
    assertTrue(std.find(), out);
    assertTrue(Double.parseDouble(std.group(1)) > 0);
    String report = Files.readString(json);
    assertTrue(report.contains("\"framesPerSecond\"") && report.contains("\"standard\""), report);
  }

  @Test
  void aZeroWindowIsAUsageError() {
    assertEquals(2, Main.execute("bench", "online", "--preset", "micro", "--window", "0"));
  }
}
