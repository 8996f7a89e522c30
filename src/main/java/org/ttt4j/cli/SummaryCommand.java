package org.ttt4j.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.ttt4j.eval.Paired;
import org.ttt4j.eval.Summary;
import org.ttt4j.provenance.AtomicFiles;
import org.ttt4j.report.EvalRun;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Mixin;

/**
 * {@code ttt4j summary RUN...}: one Table-1-style grid from several {@code ttt4j eval} runs (one
 * row per run: fixed, online, window, ...), with 95 % intervals, the accuracy per adaptation step
 * and the held-out curves; written as Markdown (and CSV) for the results pages.
 */
@Command(name = "summary", description = "Combine the records of `ttt4j eval` runs into one"
    + " table (rows = runs, columns = corruptions, mean, 95 %% intervals).")
final class SummaryCommand implements Callable<Integer> {

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Mixin EvalRunsOption runs;

  @Option(names = "--by", defaultValue = "cell", description = "Columns: cell (corruption:level),"
      + " corruption (levels pooled) or level (corruptions pooled) (default: ${DEFAULT-VALUE}).")
  String by;

  @Option(names = "--out", description = "Write the Markdown here (and the CSV beside it).")
  Path out;

  @Option(names = "--paired", description = "Also give each row's accuracy difference against"
      + " the first row, image by image on the images both saw, with its 95 %% interval.")
  boolean paired;

  @Override
  public Integer call() {
    Summary.Columns columns;
    try {
      columns = Summary.Columns.parse(by);
    } catch (IllegalArgumentException e) {
      throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage());
    }
    if (out != null) {
      OutFile.requireNotFolder(spec, out, "summary.md");
      if (out.getFileName().toString().toLowerCase(java.util.Locale.ROOT).endsWith(".csv")) {
        throw new CommandLine.ParameterException(spec.commandLine(), "--out " + out + " names"
            + " the Markdown table, and the CSV goes beside it; give a .md name, e.g. "
            + out.resolveSibling(out.getFileName().toString().replaceAll("(?i)\\.csv$", ".md")));
      }
    }
    List<Summary> rows = new ArrayList<>();
    List<EvalRun> read = runs.read(spec);
    EvalRun.differences(read).forEach(d -> spec.commandLine().getErr().println("ttt4j: warning: "
        + d));
    StringBuilder held = new StringBuilder();
    long withHoldout = read.stream().filter(r -> !r.holdout().isEmpty()).count();
    for (EvalRun run : read) {
      rows.add(Summary.of(run.name(), run.records(), columns));
      if (!run.holdout().isEmpty()) {     // one table per run: segment numbers are per run
        held.append(withHoldout > 1 ? "\n**" + run.name() + "**\n" : "")
            .append(Summary.holdoutMarkdown(run.holdout()));
      }
    }
    String md = Summary.markdown(rows) + Summary.perStepMarkdown(rows) + held;
    if (paired) {
      try {
        md += Paired.markdown(read.stream().map(EvalRun::name).toList(),
            read.stream().map(EvalRun::records).toList());
      } catch (IllegalArgumentException e) {
        throw new CommandLine.ParameterException(spec.commandLine(), "--paired: " + e.getMessage());
      }
    }
    spec.commandLine().getOut().print(md);
    spec.commandLine().getOut().flush();
    if (out != null) {
      AtomicFiles.writeString(out, md);
      String name = out.getFileName().toString();
      Path csv = out.resolveSibling(name.replaceAll("\\.md$", "") + ".csv");
      AtomicFiles.writeString(csv, Summary.csv(rows));
      spec.commandLine().getErr().println("wrote " + out + " and " + csv);
    }
    return 0;
  }
}
