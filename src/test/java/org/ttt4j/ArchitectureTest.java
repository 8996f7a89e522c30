package org.ttt4j;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The package table of STYLE.md: dependencies point down the layers only, the pure-Java packages
 * stay free of DJL, and only the CLI may exit the process.
 */
class ArchitectureTest {

  /** What each package must not use (by import or fully-qualified name). */
  private static final Map<String, List<String>> FORBIDDEN = Map.of(
      "data", List.of("ai.djl", "org.ttt4j.tensor", "org.ttt4j.model", "org.ttt4j.train",
          "org.ttt4j.ttt", "org.ttt4j.eval", "org.ttt4j.report", "org.ttt4j.cli",
          "org.ttt4j.optim", "org.ttt4j.bench"),
      "tensor", List.of("org.ttt4j.model", "org.ttt4j.train", "org.ttt4j.ttt", "org.ttt4j.eval",
          "org.ttt4j.report", "org.ttt4j.cli"),
      "model", List.of("org.ttt4j.data", "org.ttt4j.train", "org.ttt4j.ttt", "org.ttt4j.eval",
          "org.ttt4j.report", "org.ttt4j.cli"),
      "optim", List.of("org.ttt4j.data", "org.ttt4j.train", "org.ttt4j.ttt", "org.ttt4j.eval",
          "org.ttt4j.report", "org.ttt4j.cli"),
      "train", List.of("org.ttt4j.ttt", "org.ttt4j.eval", "org.ttt4j.report", "org.ttt4j.cli"),
      "ttt", List.of("org.ttt4j.eval", "org.ttt4j.report", "org.ttt4j.cli"),
      "eval", List.of("org.ttt4j.report", "org.ttt4j.cli"),
      "report", List.of("ai.djl", "org.ttt4j.cli", "org.ttt4j.model", "org.ttt4j.tensor",
          "org.ttt4j.experiment"),
      "experiment", List.of("org.ttt4j.cli"),
      "provenance", List.of("org.ttt4j.cli", "org.ttt4j.model", "org.ttt4j.data"));

  @Test
  void packagesDependOnlyDownTheLayers() throws IOException {
    Path main = Path.of("src", "main", "java", "org", "ttt4j");
    List<String> violations = new ArrayList<>();
    Pattern use = Pattern.compile("\\b((?:ai\\.djl|org\\.ttt4j)(?:\\.[a-z][a-z0-9]*)+)");
    try (Stream<Path> files = Files.walk(main)) {
      for (Path f : files.filter(p -> p.toString().endsWith(".java")).toList()) {
        String pkg = main.relativize(f.getParent()).toString().replace('/', '.');
        String top = pkg.contains(".") ? pkg.substring(0, pkg.indexOf('.')) : pkg;
        String text = Files.readString(f);
        for (String bad : FORBIDDEN.getOrDefault(top, List.of())) {
          Matcher m = use.matcher(text);
          while (m.find()) {
            String ref = m.group(1);
            if ((ref.equals(bad) || ref.startsWith(bad + ".")) && !ref.startsWith("org.ttt4j." + pkg)) {
              violations.add(main.relativize(f) + " uses " + ref);
              break;
            }
          }
        }
        if (!top.equals("cli") && text.contains("System.exit(")) {
          violations.add(main.relativize(f) + " calls System.exit (only the CLI may)");
        }
      }
    }
    assertEquals(List.of(), violations);
  }
}
