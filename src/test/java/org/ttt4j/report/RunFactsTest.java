package org.ttt4j.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.ttt4j.data.FashionMnist;
import org.ttt4j.provenance.JsonFiles;

class RunFactsTest {

  /** The value of the provenance row {@code fact} of {@code run}. */
  private static String fact(EvalRun run, String fact) {
    return RunFacts.of(run).stream().filter(Page.Table.class::isInstance)
        .map(Page.Table.class::cast).flatMap(t -> t.rows().stream())
        .filter(r -> r.get(0).equals(fact)).map(r -> r.get(1)).findFirst().orElseThrow();
  }

  private static EvalRun run(Map<String, String> data) {
    return new EvalRun("r", Path.of("run"),
        RunFolders.records(List.of("fog"), 3, 1, 0.5, 1), List.of(),
        Optional.of(RunFolders.manifest(List.of("ttt4j", "eval"), Map.of(), data, 1)), 0,
        List.of(), List.of(Path.of("run")));
  }

  @Test
  void classNamesAreShortenedToTheirCountAndTheFirstAndLast() {
    List<String> imagenet = new ArrayList<>(IntStream.range(0, 1000).mapToObj(k -> "n" + k)
        .toList());
    EvalRun big = run(Map.of("source", "imagenet", "class_names",
        JsonFiles.toCompactJson(imagenet)));
    assertEquals("1000 names: n0, n1, n2, ... n999", fact(big, "data: class_names"));

    EvalRun fashion = run(Map.of("source", "fashion-mnist", "class_names",
        JsonFiles.toCompactJson(FashionMnist.CLASS_NAMES)));
    assertEquals("10 names: T-shirt/top, Trouser, Pullover, ... Ankle boot",
        fact(fashion, "data: class_names"));
    assertEquals("fashion-mnist", fact(fashion, "data: source"), "the other entries stay whole");
  }

  @Test
  void fewClassNamesAreAllShownAndAValueThatIsNoListIsCut() {
    assertEquals("3 names: cat, dog, emu", RunFacts.classNames("[\"cat\",\"dog\",\"emu\"]"));
    assertEquals("4 names: a, b, c, d", RunFacts.classNames("[\"a\",\"b\",\"c\",\"d\"]"));
    String odd = "{" + "x".repeat(200);
    assertEquals(odd.substring(0, 80) + " ...", RunFacts.classNames(odd));
  }

  @Test
  void configsPrintTheWholeNumbersOfAnOldManifestAsIntegers() {
    // a manifest written before ttt4j kept its integers' form holds "batch": 8.0
    EvalRun old = new EvalRun("r", Path.of("run"),
        RunFolders.records(List.of("fog"), 3, 1, 0.5, 1), List.of(),
        Optional.of(RunFolders.manifest(List.of("ttt4j", "eval"), Map.of("ttt",
            Map.of("batch", 8.0, "views", List.of(2.0)), "seed", 3.0), Map.of(), 1)), 0,
        List.of(), List.of(Path.of("run")));
    String configs = RunFacts.of(old).stream().filter(Page.Code.class::isInstance)
        .map(Page.Code.class::cast).map(Page.Code::text).filter(t -> t.contains("ttt: "))
        .findFirst().orElseThrow();
    assertTrue(configs.contains("\"batch\":8") && configs.contains("\"views\":[2]")
        && configs.contains("seed: 3"), configs);
    assertFalse(configs.contains(".0"), configs);
  }
}
