package org.ttt4j.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.ttt4j.report.Report;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Mixin;

/**
 * {@code ttt4j report RUN... --out DIR}: one HTML page (figures embedded) and its Markdown twin
 * from the records of {@code ttt4j eval} runs, with the figures as PNG files beside them.
 */
@Command(name = "report", description = "An HTML + Markdown report with PNG charts from `ttt4j"
    + " eval` runs: Table-1 grid with 95 %% intervals, accuracy per corruption, per TTT step, along"
    + " the stream and per class, and each run's provenance.")
final class ReportCommand implements Callable<Integer> {

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Mixin EvalRunsOption runs;

  @Option(names = "--out", required = true, description = "Folder for report.html, report.md and"
      + " the PNG figures (created if needed).")
  Path out;

  @Option(names = "--window", defaultValue = "50", description = "Moving-average window of the"
      + " stream view, in samples (default: ${DEFAULT-VALUE}; a third of the longest segment"
      + " when no segment holds two windows).")
  int window;

  @Override
  public Integer call() {
    if (window < 1) {
      throw new CommandLine.ParameterException(spec.commandLine(), "--window " + window
          + " must be at least 1 sample");
    }
    if (java.nio.file.Files.exists(out) && !java.nio.file.Files.isDirectory(out)) {
      throw new CommandLine.ParameterException(spec.commandLine(), "--out " + out + " is a file;"
          + " give a folder for report.html, report.md and the figures");
    }
    PrintWriter err = spec.commandLine().getErr();
    java.util.List<org.ttt4j.report.EvalRun> read = runs.read(spec);
    org.ttt4j.report.EvalRun.differences(read).forEach(d -> err.println("ttt4j: warning: " + d));
    Report.Written w = Report.write(read, out, window);
    err.println("wrote " + w.html() + ", " + w.markdown() + " and " + w.figures().size()
        + " figures");
    err.flush();
    return 0;
  }
}
