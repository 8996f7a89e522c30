package org.ttt4j.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import org.ttt4j.bench.MemoryBenchmark;
import org.ttt4j.provenance.JsonFiles;
import org.ttt4j.provenance.Versions;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code ttt4j bench memory}: resident memory, heap and live arrays over a long online run. */
@Command(name = "memory", description = "Memory over a long online TTT run (window k, B views,"
    + " one step and one prediction per frame): resident set, Java heap and live native arrays"
    + " every N steps; flat after the warm-up or not.")
final class BenchMemoryCommand implements Callable<Integer> {

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @CommandLine.Mixin WindowWorkloadOptions workload;
  @Option(names = "--steps", defaultValue = "10000", description = "Online steps, one per frame"
      + " (default: ${DEFAULT-VALUE}).")
  int steps;
  @Option(names = "--every", defaultValue = "1000", description = "Steps between samples; the"
      + " first sample is the baseline after warm-up (default: ${DEFAULT-VALUE}).")
  int every;
  @Option(names = "--tolerance", defaultValue = "0.05", description = "Allowed relative change"
      + " of the resident set, first sample to last (default: ${DEFAULT-VALUE}).")
  double tolerance;
  @Option(names = "--json", description = "Also write the samples and the verdict to this file.")
  Path json;

  @Override
  public Integer call() {
    if (steps < 2 * every || every < 1 || !workload.sizesValid() || tolerance < 0) {
      throw new CommandLine.ParameterException(spec.commandLine(), "need --every >= 1, --steps"
          + " >= 2 x --every, --window and --batch >= 1, --tolerance >= 0");
    }
    PrintWriter out = spec.commandLine().getOut();
    Versions v = Versions.current(true);
    out.println(v.benchHeader());
    out.printf("# %s online window k=%d B=%d, one step + one prediction per frame%n",
        workload.preset(), workload.window, workload.batch);
    out.printf("%8s %10s %10s %12s %10s%n", "steps", "RSS_MiB", "heap_MiB", "live_arrays",
        "s/step");
    out.flush();
    MemoryBenchmark.Result r = MemoryBenchmark.run(workload.preset(), workload.window,
        workload.batch, steps, every, p -> {
      out.printf("%8d %10.1f %10.1f %12d %10.4f%n", p.steps(), p.rssMiB(), p.heapMiB(),
          p.liveArrays(), p.secondsPerStep());
      out.flush();
    });
    boolean flat = r.flat(tolerance);
    out.printf("RSS %+.2f %% from step %d to %d, live arrays %+d: %s (tolerance %.1f %%)%n",
        100 * r.rssGrowth(), r.points().get(0).steps(), steps, r.arrayGrowth(),
        flat ? "FLAT" : "GROWING", 100 * tolerance);
    if (json != null) {
      JsonFiles.write(json, new Report(v, r, flat));
    }
    if (!flat) {
      throw growing(r, tolerance);
    }
    return 0;
  }

  /** The one-line cause of a GROWING verdict (exit code 1, as every failure). */
  static IllegalStateException growing(MemoryBenchmark.Result r, double tolerance) {
    List<MemoryBenchmark.Point> p = r.points();
    return new IllegalStateException(String.format("memory is not flat: resident set %+.2f %%"
        + " from step %d to %d (--tolerance %.1f %%), live arrays %+d; a leak, or a warm-up"
        + " longer than --every: run more --steps to tell", 100 * r.rssGrowth(), p.get(0).steps(),
        p.get(p.size() - 1).steps(), 100 * tolerance, r.arrayGrowth()));
  }

  record Report(Versions versions, MemoryBenchmark.Result result, boolean flat) {}
}
