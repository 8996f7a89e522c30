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

  @Test
  void tooManySamplesAreRefusedBeforeAnyRunNamingTheOptionAndManifestsSayHowTheyWereMade()
      throws Exception {
    Path big = dir.resolve("big");
    assertEquals(2, Main.execute("demo", "--samples", "1", "--standard-samples", "20000",
        "--steps", "1", "--out", big.toString()));
    String err = console.err().toString(java.nio.charset.StandardCharsets.UTF_8);
    assertTrue(err.contains("--standard-samples 20000 is more than the 10000"), err);
    assertTrue(Files.notExists(big), "no run started");

    Path out = dir.resolve("demo");
    assertEquals(0, Main.execute("demo", "--samples", "1", "--standard-samples", "1", "--steps",
        "1", "--out", out.toString()));
    org.ttt4j.provenance.RunManifest m = JsonFiles.read(out.resolve("standard/manifest.json"),
        org.ttt4j.provenance.RunManifest.class).orElseThrow();
    assertEquals(List.of("ttt4j", "demo", "--samples", "1", "--standard-samples", "1", "--steps",
        "1", "--out", out.toString()), m.command(), "the command line that made the run");
    assertEquals("standard-k1", m.configs().get("method"));
    assertTrue(m.configs().containsKey("model"), m.configs().toString());
    assertEquals("fashion-mnist", m.data().get("source"));
    assertEquals("test", m.data().get("split"));
  }
}
