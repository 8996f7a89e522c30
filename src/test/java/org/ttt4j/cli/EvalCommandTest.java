package org.ttt4j.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDManager;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.ttt4j.eval.Evaluation;
import org.ttt4j.model.Checkpoint;
import org.ttt4j.model.MaeConfig;
import org.ttt4j.model.YShapedVit;
import org.ttt4j.provenance.JsonFiles;

class EvalCommandTest {

  @TempDir Path dir;

  @Test
  void writesOneRecordPerSampleWithOnePredictionPerStepAndASummary() throws Exception {
    Path model = dir.resolve("m.safetensors");
    try (NDManager m = NDManager.newBaseManager();
        YShapedVit vit = YShapedVit.create(MaeConfig.micro(), m, 1)) {
      Checkpoint.save(vit, model, Map.of());
    }
    Path run = dir.resolve("run");
    assertEquals(0, Main.execute("eval", "--model", model.toString(), "--strategy", "standard",
        "--steps", "2", "--batch", "2", "--corruptions", "fog,contrast", "--samples", "3",
        "--out", run.toString()));
    List<String> lines = Files.readAllLines(run.resolve("records.jsonl"));
    assertEquals(6, lines.size(), "3 samples x 2 separate corruptions");
    Evaluation.Record r = JsonFiles.fromJson(lines.get(0), Evaluation.Record.class);
    assertEquals(3, r.predictions().length, "steps 0, 1, 2");
    assertEquals(2, r.losses().length);
    assertEquals("fog", r.corruption());
    String summary = Files.readString(run.resolve("summary.md"));
    assertTrue(summary.contains("fog:5") && summary.contains("contrast:5"), summary);
    assertTrue(Files.readString(run.resolve("manifest.json")).contains("mean_top1"));
  }

  @Test
  void unknownStrategyIsAUsageError() {
    assertEquals(2, Main.execute("eval", "--strategy", "sometimes", "--out",
        dir.resolve("x").toString()));
  }
}
