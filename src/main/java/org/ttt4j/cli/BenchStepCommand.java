package org.ttt4j.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.ttt4j.bench.StepBenchmark;
import org.ttt4j.bench.Timer;
import org.ttt4j.provenance.JsonFiles;
import org.ttt4j.provenance.Versions;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code ttt4j bench step}: median time of one TTT step and of a weight restore. */
@Command(name = "step", description = "Time one TTT step (B masked copies: forward + backward +"
    + " SGD, fresh masks each step), a weight restore and a classification, as the reference.")
final class BenchStepCommand implements Callable<Integer> {

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Option(names = "--preset", defaultValue = "fmnist-tiny",
      converter = OptionValues.PresetName.class,
      description = "Architecture preset (default: ${DEFAULT-VALUE}).")
  String preset;

  @Option(names = "--batch", split = ",", defaultValue = "1,8,32,128",
      description = "Batch sizes B, comma-separated (default: ${DEFAULT-VALUE}).")
  List<Integer> batches;

  @Option(names = "--min-time", defaultValue = "8",
      description = "Seconds of timed steps per point, at least 5 steps (default: ${DEFAULT-VALUE}).")
  double minTime;

  @Option(names = "--json", description = "Also write the results as JSON to this file.")
  Path json;

  @Override
  public Integer call() {
    for (int b : batches) {
      if (b < 1) {
        throw new CommandLine.ParameterException(spec.commandLine(),
            "--batch values must be >= 1, got " + b);
      }
    }
    if (!(minTime >= 0)) {
      throw new CommandLine.ParameterException(spec.commandLine(),
          "--min-time must be >= 0 seconds, got " + minTime);
    }
    PrintWriter out = spec.commandLine().getOut();
    Versions v = Versions.current(true);
    out.println(v.benchHeader());
    // cls_s to the microsecond: a micro-preset prediction can take less than 50 us, which
    // four decimals print as 0.0000
    out.println("config           B   step_med  step_min    n  GFLOP/st GFLOP/s     cls_s"
        + "  restore_s restore_%  peakRSS_MiB  loss");
    List<StepBenchmark.Result> results = new ArrayList<>();
    for (int b : batches) {
      StepBenchmark.Result r = StepBenchmark.run(preset, b, new Timer(3, 5, minTime, 200));
      results.add(r);
      out.printf("%-13s %4d %9.6f %9.6f %4d %9.2f %7.1f %9.6f %10.5f %9.2f %12.0f  %.3f->%.3f%n",
          r.preset(), r.batch(), r.step().median(), r.step().min(), r.step().n(),
          r.gflopPerStep(), r.gflopPerSecond(), r.classify().median(), r.restore().median(),
          100 * r.restore().median() / r.step().median(), r.rssMiB(), r.lossFirst(),
          r.lossLast());
      out.flush();
    }
    if (json != null) {
      JsonFiles.write(json, new Report(v, results));
    }
    return 0;
  }

  record Report(Versions versions, List<StepBenchmark.Result> results) {}
}
