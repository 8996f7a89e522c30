package org.ttt4j.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.ttt4j.bench.OnlineBenchmark;
import org.ttt4j.provenance.JsonFiles;
import org.ttt4j.provenance.Versions;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code ttt4j bench online}: window TTT frames/s on a drifting synthetic stream. */
@Command(name = "online", description = "Online (window) TTT throughput: k=16, B=8, one step per"
    + " frame, augmentation and classification included, as the reference measures it; then"
    + " standard TTT seconds per sample (K steps, a prediction after each, reset).")
final class BenchOnlineCommand implements Callable<Integer> {

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @CommandLine.Mixin WindowWorkloadOptions workload;
  @Option(names = "--warmup", defaultValue = "16", description = "Frames before timing starts"
      + " (default: ${DEFAULT-VALUE}).")
  int warmup;
  @Option(names = "--frames", defaultValue = "200", description = "Timed frames (default:"
      + " ${DEFAULT-VALUE}).")
  int frames;
  @Option(names = "--standard-steps", defaultValue = "10", description = "Standard TTT: steps K"
      + " per sample, a prediction after each, then the reset (0 = skip; default: ${DEFAULT-VALUE}).")
  int standardSteps;
  @Option(names = "--standard-samples", defaultValue = "20", description = "Standard TTT: timed"
      + " samples (default: ${DEFAULT-VALUE}).")
  int standardSamples;
  @Option(names = "--json", description = "Also write the results as JSON to this file.")
  Path json;

  @Override
  public Integer call() {
    if (!workload.sizesValid() || frames < 1 || warmup < 1 || standardSteps < 0
        || standardSamples < 1) {
      throw new CommandLine.ParameterException(spec.commandLine(), "--window, --batch, --frames,"
          + " --warmup and --standard-samples must be >= 1 and --standard-steps >= 0");
    }
    PrintWriter out = spec.commandLine().getOut();
    Versions v = Versions.current(true);
    out.println(v.benchHeader());
    OnlineBenchmark.Result r = OnlineBenchmark.run(workload.preset(), workload.window,
        workload.batch, warmup, frames);
    out.printf("ONLINE %s k=%d B=%d 1 step/frame: %.2f frames/s over %d"
        + " frames (median %.6f s per frame)%n", r.preset(), r.window(), r.batch(),
        r.framesPerSecond(), r.frames(), r.medianSeconds());
    out.flush();
    OnlineBenchmark.StandardResult st = null;
    if (standardSteps > 0) {
      st = OnlineBenchmark.standard(workload.preset(), standardSteps, workload.batch, 2,
          standardSamples);
      out.printf("STANDARD %s K=%d B=%d, prediction after every step, reset: %.6f s per sample"
          + " (median of %d)%n", st.preset(), st.steps(), st.batch(), st.medianSeconds(),
          st.samples());
    }
    if (json != null) {
      JsonFiles.write(json, new Report(v, r, st));
    }
    return 0;
  }

  record Report(Versions versions, OnlineBenchmark.Result online,
      OnlineBenchmark.StandardResult standard) {}
}
