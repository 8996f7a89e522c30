package org.ttt4j.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.ttt4j.provenance.RunManifest;

/** How a resume compares the settings a run's manifest recorded with those rebuilt now. */
class RunResumeTest {

  private static RunManifest recorded(Map<String, Object> configs) {
    return RunManifest.start(List.of("ttt4j", "eval"), configs, 0, Map.of());
  }

  /** A manifest written before integers kept their form holds 8.0: the same setting as 8. */
  @Test
  void wholeNumbersWrittenAsDecimalsAreTheSameSetting() {
    RunManifest was = recorded(Map.of("ttt", Map.of("batch", 8.0, "lr", 0.01)));
    Map<String, Object> now = Map.of("ttt", Map.of("batch", 8, "lr", 0.01));
    assertEquals(now, RunResume.withSameConfigs(Path.of("run"), was, now, List.of("ttt"))
        .configs(), "the rebuilt values are kept: written again, 8 stays 8");
  }

  @Test
  void aChangedSettingIsRefusedWithItsWholeNumbersPrintedAsIntegers() {
    RunManifest was = recorded(Map.of("ttt", Map.of("batch", 8.0, "lr", 0.003)));
    Map<String, Object> now = Map.of("ttt", Map.of("batch", 16, "lr", 0.003));
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> RunResume.withSameConfigs(Path.of("run"), was, now, List.of("ttt")));
    assertTrue(e.getMessage().contains("(ttt.batch: 8 in the run, 16 now;"), e.getMessage());
    assertTrue(!e.getMessage().contains("8.0"), e.getMessage());
  }

  /** Only the settings that differ are read, in the manifest's JSON form, not Java's maps. */
  @Test
  void theRefusalNamesOnlyTheSettingsThatDifferAsTheManifestWritesThem() {
    RunManifest was = recorded(Map.of("ttt", Map.of("batch", 8.0, "lr", 0.003, "mask", 0.75),
        "strategy", "online-k1"));
    Map<String, Object> now = Map.of("ttt", Map.of("batch", 8, "lr", 0.01, "mask", 0.75),
        "strategy", "online-k2");
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> RunResume.withSameConfigs(Path.of("run"), was, now, List.of("strategy", "ttt")));
    assertEquals("cannot resume run: its command line now gives other settings than the run"
        + " was started with (strategy: \"online-k1\" in the run, \"online-k2\" now; a"
        + " default changed since the run started); finish it with the ttt4j version in its"
        + " manifest, or start a new run", e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> RunResume.withSameConfigs(
        Path.of("run"), was, now, List.of("ttt")));
    assertTrue(e.getMessage().contains("other settings than the run was started with"
        + " (ttt.lr: 0.003 in the run, 0.01 now; a default"), e.getMessage());
    for (String unchanged : List.of("batch", "mask", "{", "=")) {
      assertTrue(!e.getMessage().contains(unchanged), unchanged + ": " + e.getMessage());
    }
  }

  @Test
  void aChangedSettingIsNamedInTheRefusal() {
    // the whole maps hold a dozen entries: the refusal names the one that changed
    RunManifest was = recorded(Map.of("ttt", Map.of("batch", 8.0,
        "optimizer", Map.of("kind", "SGD", "lr", 0.003))));
    Map<String, Object> now = Map.of("ttt", Map.of("batch", 8,
        "optimizer", Map.of("kind", "SGD", "lr", 0.01)));
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> RunResume.withSameConfigs(Path.of("run"), was, now, List.of("ttt")));
    assertTrue(e.getMessage().contains("(ttt.optimizer.lr: 0.003 in the run, 0.01 now; a default"
        + " changed since the run started)"), e.getMessage());
  }
}
