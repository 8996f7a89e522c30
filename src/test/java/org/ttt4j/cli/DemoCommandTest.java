package org.ttt4j.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.ttt4j.eval.Evaluation;
import org.ttt4j.provenance.JsonFiles;

class DemoCommandTest {

  @TempDir Path dir;
  @org.junit.jupiter.api.extension.RegisterExtension final CapturedConsole console =
      new CapturedConsole();

  @Test
  void runsTheThreeMethodsOnTheShippedModelWithEachOnesValidatedRecipe() throws Exception {
    Path out = dir.resolve("demo");
    assertEquals(0, Main.execute("demo", "--samples", "2", "--standard-samples", "1", "--steps",
        "1", "--out", out.toString()));
    String table = Files.readString(out.resolve("summary.md"));
    for (String row : List.of("| fixed |", "| standard |", "| online |")) {
      assertTrue(table.contains(row), row + " in\n" + table);
    }
    List<String> standard = Files.readAllLines(out.resolve("standard/records.jsonl"));
    assertEquals(5, standard.size(), "one image of each of the five corruptions");
    Evaluation.Record r = JsonFiles.fromJson(standard.get(0), Evaluation.Record.class);
    assertEquals(2, r.predictions().length, "steps 0 and 1");
    assertEquals(10, Files.readAllLines(out.resolve("online/records.jsonl")).size());
    String standardManifest = Files.readString(out.resolve("standard/manifest.json"));
    assertTrue(standardManifest.contains("\"maskRatio\": 0.9")
        && standardManifest.contains("\"batch\": 32") && standardManifest.contains("\"lr\": 0.04"),
        "standard TTT: the recipe the validation split chose\n" + standardManifest);
    String onlineManifest = Files.readString(out.resolve("online/manifest.json"));
    assertTrue(onlineManifest.contains("\"maskRatio\": 0.75")
        && onlineManifest.contains("\"batch\": 8") && onlineManifest.contains("\"lr\": 0.01"),
        "online TTT keeps MAE's mask, B = 8, lr 1e-2\n" + onlineManifest);
  }
}
