package org.ttt4j.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.ttt4j.report.EvalRun;
import org.ttt4j.report.Report;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code ttt4j report RUN... --out DIR}: one HTML page (figures embedded) and its Markdown twin
 * from the records of {@code ttt4j eval} runs, with the figures as PNG files beside them.
 */
@Command(name = "report", description = "An HTML + Markdown report with PNG charts from `ttt4j"
    + " eval` runs: Table-1 grid with 95 %% intervals, accuracy per corruption, per TTT step, along"
    + " the stream and per class, and each run's provenance.")
final class ReportCommand implements Callable<Integer> {

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Parameters(paramLabel = "RUN", arity = "1..*", description = "Run folders of `ttt4j eval`.")
  List<Path> runs;

  @Option(names = "--out", required = true, description = "Folder for report.html, report.md and"
      + " the PNG figures (created if needed).")
  Path out;

  @Option(names = "--label", split = ",", description = "Run names, one per run (default: the"
      + " folder names).")
  List<String> labels;

  @Option(names = "--window", defaultValue = "50", description = "Moving-average window of the"
      + " stream view, in samples (default: ${DEFAULT-VALUE}).")
  int window;

  @Override
  public Integer call() {
    if (labels != null && labels.size() != runs.size()) {
      throw new CommandLine.ParameterException(spec.commandLine(), "--label names "
          + labels.size() + " runs but " + runs.size() + " were given");
    }
    if (window < 1) {
      throw new CommandLine.ParameterException(spec.commandLine(), "--window " + window
          + " must be at least 1 sample");
    }
    PrintWriter err = spec.commandLine().getErr();
    List<EvalRun> read = new ArrayList<>();
    for (int i = 0; i < runs.size(); i++) {
      EvalRun run = EvalRun.read(runs.get(i), labels != null ? labels.get(i) : name(i));
      run.warnings().forEach(w -> err.println("ttt4j: warning: " + w));
      read.add(run);
    }
    Report.Written w = Report.write(read, out, window);
    err.println("wrote " + w.html() + ", " + w.markdown() + " and " + w.figures().size()
        + " figures");
    err.flush();
    return 0;
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
