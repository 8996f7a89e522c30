package org.ttt4j.experiment;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.ttt4j.provenance.JsonFiles;
import org.ttt4j.provenance.RunManifest;
import org.ttt4j.report.RunFolders;

class RunFolderTest {

  @TempDir Path dir;

  private final Scale scale = new Scale(null, "fashion-mnist", Scale.TABLE1, 5, 20, 0);
  private final EvalSpec spec = Experiment.STEPS_OPTIMIZER.runs(scale).get(0);

  private List<String> command(EvalSpec s, Path out) {
    List<String> c = new ArrayList<>(List.of("ttt4j", "eval"));
    c.addAll(s.args());
    c.addAll(List.of("--out", out.toString()));
    return c;
  }

  @Test
  void absentCompleteAndPartialAreTold() throws Exception {
    Path run = dir.resolve("sgd");
    assertEquals(RunFolder.ABSENT, RunFolder.of(run, spec));

    RunFolders.writeManifest(run, command(spec, Path.of("elsewhere/sgd")), Map.of());
    assertEquals(RunFolder.COMPLETE, RunFolder.of(run, spec), "a moved folder is the same run");

    RunManifest finished = JsonFiles.read(run.resolve("manifest.json"), RunManifest.class)
        .orElseThrow();
    RunManifest.start(finished.command(), Map.of(), 0, Map.of()).write(run.resolve(
        "manifest.json"));
    assertEquals(RunFolder.PARTIAL, RunFolder.of(run, spec));
  }

  @Test
  void aRunWithOtherOptionsIsNeverReused() {
    Path run = dir.resolve("sgd");
    Scale bigger = new Scale(null, "fashion-mnist", Scale.TABLE1, 5, 40, 0);
    RunFolders.writeManifest(run, command(Experiment.STEPS_OPTIMIZER.runs(bigger).get(0), run),
        Map.of());
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> RunFolder.of(run, spec));
    assertTrue(e.getMessage().startsWith(run + " holds a run made by `ttt4j eval")
        && e.getMessage().contains("--samples 40") && e.getMessage().contains("--samples 20")
        && e.getMessage().contains("choose another --out"), e.getMessage());
  }

  @Test
  void recordsWithoutManifestAreAnError() throws Exception {
    Path run = Files.createDirectories(dir.resolve("sgd"));
    Files.writeString(run.resolve("records.jsonl"), "{}\n");
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> RunFolder.of(run, spec));
    assertTrue(e.getMessage().contains("no manifest.json"), e.getMessage());
  }
}
