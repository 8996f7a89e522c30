package org.ttt4j.experiment;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashSet;
import java.util.List;
import org.junit.jupiter.api.Test;

class ExperimentTest {

  private static String option(EvalSpec s, String name) {
    int at = s.args().indexOf(name);
    return at < 0 ? null : s.args().get(at + 1);
  }

  @Test
  void recipesUseTheTunedSettingsOnTheTestSplit() {
    Scale scale = new Scale(null, "fashion-mnist", Scale.TABLE1, 5, null, 0);
    for (Experiment e : Experiment.values()) {
      List<EvalSpec> runs = e.runs(scale);
      assertEquals(runs.size(), new HashSet<>(runs.stream().map(EvalSpec::name).toList()).size(),
          e + ": run names are folder names, so they must differ");
      for (EvalSpec s : runs) {
        assertEquals("test", option(s, "--split"), e + " " + s.name());
        assertEquals(Scale.TABLE1, option(s, "--corruptions"));
        if ("sgd".equals(option(s, "--optimizer")) || "online".equals(option(s, "--strategy"))) {
          assertEquals("1e-2", option(s, "--lr"), e + " " + s.name());
        }
        String strategy = option(s, "--strategy");
        if ("standard".equals(strategy) || "online".equals(strategy)) {
          assertEquals("0.75", option(s, "--mask-ratio"), e + " " + s.name()
              + ": the committed studies were made with mask 0.75, not eval's later default");
          assertTrue(option(s, "--batch") != null, e + " " + s.name() + ": B is pinned, not"
              + " left to eval's default");
        }
        if ("online".equals(strategy)) {
          assertEquals("8", option(s, "--batch"), e + " " + s.name());
        }
      }
    }
    List<EvalSpec> sizes = Experiment.BATCH_SIZE.runs(scale);
    assertEquals(List.of("1", "8", "32", "128"), sizes.stream().map(s -> option(s, "--batch"))
        .toList());
    assertTrue(sizes.stream().allMatch(s -> "10".equals(option(s, "--steps"))), "equal steps");
  }

  @Test
  void samplesScaleTheRuns() {
    Scale big = new Scale(null, "fashion-mnist", "fog", 3, 1000, 7);
    EvalSpec online = Experiment.ONLINE_VS_STANDARD.runs(big).get(1);
    assertEquals("1000", option(online, "--samples"));
    assertEquals("3", option(online, "--level"));
    assertEquals("7", option(online, "--seed"));
    EvalSpec standard = Experiment.ONLINE_VS_STANDARD.runs(big).get(2);
    assertEquals("200", option(standard, "--samples"), "standard TTT on a fifth, ~10x the cost");
    assertEquals(Integer.toString(Experiment.PER_CLASS.defaultSamples()),
        option(Experiment.PER_CLASS.runs(new Scale(null, "fashion-mnist", "fog", 5, null, 0))
            .get(0), "--samples"));
  }

  @Test
  void unknownNamesSayWhatIsValid() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> Experiment.parse("batch"));
    assertTrue(e.getMessage().contains("batch-size") && e.getMessage().contains("all"));
    assertEquals(Experiment.LATENT_PCA, Experiment.parse("latent-pca"));
  }
}
