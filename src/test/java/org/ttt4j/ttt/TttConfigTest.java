package org.ttt4j.ttt;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.ttt4j.cli.Main;
import org.ttt4j.data.FashionMnist;
import org.ttt4j.model.ParamGroup;
import org.ttt4j.optim.OptimizerConfig;
import org.ttt4j.provenance.JsonFiles;
import org.ttt4j.provenance.RunManifest;

/** The validated recipes as whole configs: what a library user gets is what the CLI runs. */
class TttConfigTest {

  @TempDir Path dir;

  @Test
  void aRecipesConfigFillsInTheSettingsEveryTuningRoundKeptFixed() {
    TttConfig c = TttConfig.validated(new Strategy.Standard(20)).config(7);
    assertEquals(new TttConfig(new ParamGroup.Encoder(), OptimizerConfig.sgd(4e-2, 0.9, 0), 0.9,
        32, 0.35, 0, 7), c);
    TttConfig online = TttConfig.validated(new Strategy.Online(1, false)).config(0);
    assertEquals(new TttConfig(new ParamGroup.Encoder(), OptimizerConfig.sgd(1e-2, 0.9, 0), 0.75,
        8, 0.35, 0, 0), online);
  }

  @Test
  void aRecipesConfigIsWhatEvalRunsWhenNoOptionIsGiven() {
    assumeTrue(FashionMnist.isInstalled(), "needs the Fashion-MNIST package");
    for (Strategy s : List.of(new Strategy.Standard(1), new Strategy.Online(1, false))) {
      String name = s instanceof Strategy.Standard ? "standard" : "online";
      Path run = dir.resolve(name);
      assertEquals(0, Main.execute("eval", "--strategy", name, "--steps", "1", "--corruptions",
          "fog", "--samples", "1", "--seed", "3", "--out", run.toString()), name);
      RunManifest m = JsonFiles.read(run.resolve("manifest.json"), RunManifest.class)
          .orElseThrow();
      TttConfig c = TttConfig.validated(s).config(3);
      Map<String, Object> expected = Map.of("group", c.group().id(), "optimizer", c.optimizer(),
          "maskRatio", c.maskRatio(), "batch", c.batch(), "cropMinScale", c.cropMinScale(),
          "clipNorm", c.clipNorm());
      assertEquals(asJson(expected), asJson(m.configs().get("ttt")), name);
      assertEquals(c.seed(), m.seed(), name);
    }
  }

  /** A value as Gson reads it back: maps compare without order, numbers as doubles. */
  private static Object asJson(Object value) {
    return JsonFiles.fromJson(JsonFiles.toCompactJson(value), Object.class);
  }
}
