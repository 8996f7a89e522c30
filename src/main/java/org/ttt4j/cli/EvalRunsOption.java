package org.ttt4j.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.ttt4j.report.EvalRun;
import picocli.CommandLine;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * The run folders of `ttt4j eval` that {@code summary} and {@code report} read, with their row
 * names: one place that checks the labels, names unlabelled runs, and reads the folders
 * (warnings for skipped lines go to stderr).
 */
final class EvalRunsOption {

  @Parameters(paramLabel = "RUN", arity = "1..*", description = "Run folders of `ttt4j eval`.")
  List<Path> runs;

  @Option(names = "--label", split = ",", description = "Run names, one per run (default: the"
      + " folder names). Runs with the same name are pooled into one row: the shards of one method"
      + " run as several processes.")
  List<String> labels;

  /**
   * Every run, read, with runs of the same label pooled into one (in the order of their first
   * appearance); a wrong number of labels, or shards that cannot be pooled, are usage errors of
   * {@code spec}'s command.
   */
  List<EvalRun> read(CommandLine.Model.CommandSpec spec) {
    if (labels != null && labels.size() != runs.size()) {
      throw new CommandLine.ParameterException(spec.commandLine(), "--label names "
          + labels.size() + " run" + (labels.size() == 1 ? "" : "s") + " but " + runs.size()
          + " run folder" + (runs.size() == 1 ? " was" : "s were") + " given");
    }
    for (int i = 0; i < runs.size(); i++) {
      Path a = runs.get(i).toAbsolutePath().normalize();
      for (int j = 0; j < i; j++) {
        boolean sameName = labels == null || labels.get(i).equals(labels.get(j));
        if (sameName && a.equals(runs.get(j).toAbsolutePath().normalize())) {
          throw new CommandLine.ParameterException(spec.commandLine(), "run folder "
              + runs.get(i) + " is given twice");
        }
      }
    }
    java.util.Map<String, List<EvalRun>> byName = new java.util.LinkedHashMap<>();
    for (int i = 0; i < runs.size(); i++) {
      String label = labels != null ? labels.get(i) : name(i);
      if (label.isBlank() || label.contains("|") || label.contains("\n")
          || label.contains("\r")) {
        throw new CommandLine.ParameterException(spec.commandLine(), "run name '" + label
            + "' of " + runs.get(i) + " must be non-blank and free of '|' and line breaks"
            + " (they split the cells of the Markdown tables); give " + (labels != null
            ? "another --label" : "it a --label"));
      }
      EvalRun run = EvalRun.read(runs.get(i), label);
      run.warnings().forEach(w -> spec.commandLine().getErr().println("ttt4j: warning: " + w));
      byName.computeIfAbsent(run.name(), k -> new ArrayList<>()).add(run);
    }
    List<EvalRun> out = new ArrayList<>();
    byName.forEach((name, shards) -> {
      try {
        out.add(EvalRun.pool(name, shards));
      } catch (IllegalArgumentException e) {
        throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage());
      }
    });
    return out;
  }

  /** The folder name, or parent/name when another run has the same folder name. */
  private String name(int i) {
    Path p = runs.get(i).toAbsolutePath().normalize();
    String plain = String.valueOf(p.getFileName());
    long same = runs.stream().map(r -> r.toAbsolutePath().normalize().getFileName())
        .filter(n -> String.valueOf(n).equals(plain)).count();
    return same > 1 && p.getParent() != null ? p.getParent().getFileName() + "/" + plain : plain;
  }
}
