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
    Map<String, Object> now = Map.of("ttt", Map.of("batch", 8, "lr", 0.01));
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> RunResume.withSameConfigs(Path.of("run"), was, now, List.of("ttt")));
    assertTrue(e.getMessage().contains("batch=8,") || e.getMessage().contains("batch=8}"),
        e.getMessage());
    assertTrue(!e.getMessage().contains("8.0"), e.getMessage());
    assertTrue(e.getMessage().contains("lr=0.003") && e.getMessage().contains("lr=0.01"),
        e.getMessage());
  }

  @Test
  void aChangedSettingIsNamedInTheRefusal() {
    // the whole maps hold a dozen entries: the refusal also names the one that changed
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
